#pragma once
// Thematic styles of HubLand maps, shared by the desktop app and the report renderer so a
// parcel graded D or a redline area looks the same on screen and on paper. Legend labels are
// translated (context "hubland::map::styles") when a translator is installed.

#include <string>
#include <string_view>
#include <vector>

#include "hubland/layers/layer.hpp"
#include "hubland/map/map_renderer.hpp"

namespace hubland::map {

/// Parcels by screening grade: keys "A", "B", "C", "D" (green to red); no grade: grey.
Style grade_style();
/// Parcels by low-efficiency flag: keys "flagged" and "ok".
Style low_efficiency_style();
/// Parcels by land status (正常 / 低效 / 疑似闲置 / 停产, layers::kLandStatusInfo).
Style land_status_style();
/// Parcels by land use category: keys from land_use_category().
Style land_use_style();
/// Category of a national land-use code: "m0" (100100), "industrial" (1001xx), "logistics"
/// (1101xx), "rd" (0802), "commercial" (09xx), "residential" (07xx), else "other".
std::string land_use_category(std::string_view land_use_code);
/// Zones outlined (no fill), labelled by the caller with zone_name.
Style zone_style();
/// Hubs by hub_type: land_port, airport, port, trade, production — one marker each.
Style hub_style();
/// Catchment rings by hub_type: dashed outlines.
Style catchment_style();
/// Constraints by kind: redline, farmland hatched; udb (urban development boundary) outlined.
Style constraint_style();
/// Roads by road_class (lines).
Style road_style();
/// A project site (report maps): thick outline, light fill.
Style site_style();
/// One style for everything (e.g. low-efficiency parcels on a report map).
Style single_style(QString title, Symbol symbol);

/// The text of `column` for every row of `table` (empty strings for nulls, or when the
/// column is missing): the style keys of a layer.
std::vector<std::string> column_keys(const layers::Table& table, std::string_view column);
/// Land-use categories of every row of a parcels table (land_use column).
std::vector<std::string> land_use_keys(const layers::Table& parcels);

/// A MapLayer of a HubLand layer with the default style of its role (parcels: land use; zones:
/// outlined and labelled by zone_name; hubs by type; catchments; constraints hatched; roads).
MapLayer make_map_layer(const layers::Layer& layer, QString name = {});

}  // namespace hubland::map
