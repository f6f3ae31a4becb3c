#include "hubland/desk/basemap.hpp"

#include <QCoreApplication>
#include <algorithm>
#include <string>
#include <vector>

#include "hubland/map/styles.hpp"

namespace hubland::desk {

namespace {
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::desk::basemap)
};
}  // namespace

map::Style basemap_style() {
  map::Style s;
  s.title = Text::tr("Basemap");
  map::Symbol river;
  river.fill = QColor(186, 212, 232);
  river.stroke_width_px = -1;  // no outline: a river is its water surface
  map::Symbol road;
  road.stroke = QColor(214, 200, 178);
  road.stroke_width_px = 1.5;
  map::Symbol district;
  district.fill = QColor(0, 0, 0, 0);
  district.stroke = QColor(160, 140, 180);
  district.stroke_width_px = 2.0;
  s.classes = {{kBasemapRiver, Text::tr("River (land class 1101)"), river},
               {kBasemapRoad, Text::tr("Main road"), road},
               {kBasemapDistrict, Text::tr("District boundary"), district}};
  s.fallback = district;
  return s;
}

bool is_main_road(std::string_view road_class) {
  static constexpr std::string_view kMain[] = {"expressway", "motorway", "trunk",
                                               "primary",    "arterial", "secondary"};
  return std::find(std::begin(kMain), std::end(kMain), road_class) != std::end(kMain);
}

bool is_river_class(std::string_view dlbm) {
  return dlbm == "1101";
}

std::optional<map::MapLayer> make_basemap(const Session& session) {
  std::vector<geo::Wkb> wkbs;
  std::vector<std::string> keys;
  // Features of `role` whose `column` passes `keep` (every feature when column is empty).
  auto take = [&](Role role, std::string_view column, auto keep, const char* key) {
    if (!session.has(role)) return;
    const layers::Layer& layer = session.layer(role);
    std::vector<std::string> values;
    if (!column.empty()) {
      if (!layer.attributes.find(column)) return;
      values = map::column_keys(layer.attributes, column);
    }
    for (std::size_t i = 0; i < layer.geometry.size(); ++i) {
      if (layer.geometry[i].empty() || (!column.empty() && !keep(values[i]))) continue;
      wkbs.push_back(layer.geometry[i]);
      keys.emplace_back(key);
    }
  };
  auto all = [](const std::string&) { return true; };
  take(
      Role::LandSurvey, "dlbm", [](const std::string& v) { return is_river_class(v); },
      kBasemapRiver);
  take(
      Role::Roads, "road_class", [](const std::string& v) { return is_main_road(v); },
      kBasemapRoad);
  take(Role::Districts, "", all, kBasemapDistrict);
  if (wkbs.empty()) return std::nullopt;
  map::MapLayer layer(Text::tr("Basemap"), wkbs);
  layer.set_style(basemap_style(), keys);
  return layer;
}

}  // namespace hubland::desk
