#pragma once
// The offline basemap: district boundaries, rivers and main roads of the opened data, in muted
// colours under every other layer, so the map is never a blank page around the parcels. It is
// built from the session's own layers (nothing is fetched): a layer or column that is missing
// is skipped silently, and with none of them there is no basemap.

#include <optional>
#include <string_view>

#include "hubland/desk/session.hpp"
#include "hubland/map/map_renderer.hpp"

namespace hubland::desk {

/// Style keys of the basemap's features.
inline constexpr const char* kBasemapRiver = "river";
inline constexpr const char* kBasemapRoad = "road";
inline constexpr const char* kBasemapDistrict = "district";

/// Rivers filled pale blue, main roads in light brown-grey, district boundaries as solid
/// lilac-grey lines (distinct from the dashed outline of the Districts layer above them).
map::Style basemap_style();

/// A road the basemap draws: road_class expressway, motorway, trunk, primary, arterial or
/// secondary (the sample's `arterial` is a primary road); minor and unclassified roads are left
/// to the Roads layer.
bool is_main_road(std::string_view road_class);

/// A river 图斑: land-class code (dlbm) 1101 河流水面 (GB/T 21010-2017).
bool is_river_class(std::string_view dlbm);

/// The basemap of a session: rivers (land_survey, dlbm 1101), then main roads (roads,
/// road_class), then district boundaries (districts). nullopt when none of them is there.
std::optional<map::MapLayer> make_basemap(const Session& session);

}  // namespace hubland::desk
