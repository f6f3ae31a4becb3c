// The report map: zones, low-efficiency parcels, constraints, catchment rings, sites, hubs,
// with the focus site(s) on top in one opaque colour (report.hpp).
#include <QPainter>
#include <cmath>
#include <map>
#include <sstream>

#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"
#include "hubland/map/styles.hpp"
#include "hubland/report/report.hpp"

namespace hubland::report {

namespace {

/// A closed 72-gon approximating a circle, as WKB (rings are drawn, never measured).
geo::Wkb circle_wkb(double cx, double cy, double radius_m) {
  std::ostringstream wkt;
  wkt.precision(12);
  wkt << "POLYGON((";
  for (int i = 0; i <= 72; ++i) {
    const double a = (i % 72) * (2.0 * M_PI / 72.0);
    wkt << (i ? "," : "") << cx + radius_m * std::cos(a) << " " << cy + radius_m * std::sin(a);
  }
  wkt << "))";
  auto g = geo::from_wkt(wkt.str());
  return geo::to_wkb(g.get());
}

map::Bounds bounds_of(const geo::Wkb& wkb) {
  map::Bounds b;
  if (wkb.empty()) return b;
  auto g = geo::from_wkb(wkb);
  const geo::Envelope e = geo::envelope(g.get());
  if (e.empty) return b;
  b.expand(e.min_x, e.min_y);
  b.expand(e.max_x, e.max_y);
  return b;
}

/// Chinese legend: the shared styles are labelled in English (translated only when the desktop
/// app installs a translator), and a report must not mix languages.
void localise(map::Style& style, Language language) {
  if (language != Language::Zh) return;
  static const std::map<QString, const char*> zh{{"Zones", "园区"},
                                                 {"Hub zone boundary", "枢纽经济区园区边界"},
                                                 {"Low-efficiency parcels", "低效用地"},
                                                 {"Constraints", "管控要素"},
                                                 {"Ecological redline", "生态保护红线"},
                                                 {"Permanent basic farmland", "永久基本农田"},
                                                 {"Urban development boundary", "城镇开发边界"},
                                                 {"Catchment rings", "枢纽辐射圈"},
                                                 {"Project site", "项目用地"},
                                                 {"Hubs", "枢纽"},
                                                 {"Other hub", "其他枢纽"}};
  // Hub types: "<en>" -> "<zh>枢纽", "<en> rings" -> "<zh>枢纽辐射圈" (map styles' labels).
  static const std::map<QString, QString> hub_zh = [] {
    std::map<QString, QString> m;
    for (const auto& h : geo::kHubTypes) {
      const QString en = QString::fromUtf8(h.en), name = QString::fromUtf8(h.zh);
      m.emplace(en, name + QStringLiteral("枢纽"));
      m.emplace(en + QStringLiteral(" rings"), name + QStringLiteral("枢纽辐射圈"));
    }
    return m;
  }();
  auto tr = [&](QString& s) {
    if (auto it = zh.find(s); it != zh.end())
      s = QString::fromUtf8(it->second);
    else if (auto h = hub_zh.find(s); h != hub_zh.end())
      s = h->second;
  };
  tr(style.title);
  tr(style.fallback_label);
  for (auto& c : style.classes) tr(c.label);
}

map::Style localised(map::Style style, Language language) {
  localise(style, language);
  return style;
}

}  // namespace

QColor focus_site_colour() {
  return QColor(230, 0, 180);
}

RenderedMap render_site_map(const MapScene& scene, const std::vector<std::size_t>& focus_sites,
                            QSize size_px, double margin_m, Language language,
                            const QString& focus_label) {
  const bool zh = language == Language::Zh;
  map::Bounds focus;
  std::vector<geo::Wkb> focus_wkb;
  for (std::size_t i : focus_sites) {
    if (i >= scene.sites.size() || scene.sites[i].empty()) continue;
    focus.expand(bounds_of(scene.sites[i]));
    focus_wkb.push_back(scene.sites[i]);
  }
  if (focus.empty) throw Error(ErrorKind::BadInput, "the project has no site geometry to map");
  map::Bounds extent = focus;
  extent.expand(focus.min_x - margin_m, focus.min_y - margin_m);
  extent.expand(focus.max_x + margin_m, focus.max_y + margin_m);

  std::vector<map::MapLayer> owned;
  owned.reserve(8);
  if (!scene.zones.empty()) {
    map::MapLayer zones(QStringLiteral("zones"), scene.zones);
    zones.set_style(localised(map::zone_style(), language), {});
    std::vector<QString> labels;
    for (const auto& n : scene.zone_names) labels.push_back(QString::fromStdString(n));
    if (labels.size() == scene.zones.size()) zones.set_labels(std::move(labels));
    owned.push_back(std::move(zones));
  }
  if (!scene.low_efficiency.empty()) {
    map::Symbol s;
    s.fill = QColor(215, 48, 39, 150);
    s.stroke = QColor(160, 30, 20);
    map::MapLayer low(QStringLiteral("low_efficiency"), scene.low_efficiency);
    low.set_style(
        map::single_style(
            zh ? QStringLiteral("低效用地") : QStringLiteral("Low-efficiency parcels"), s),
        {});
    owned.push_back(std::move(low));
  }
  if (!scene.constraints.empty()) {
    map::MapLayer c(QStringLiteral("constraints"), scene.constraints);
    c.set_style(localised(map::constraint_style(), language),
                scene.constraint_kinds.size() == scene.constraints.size()
                    ? scene.constraint_kinds
                    : std::vector<std::string>{});
    owned.push_back(std::move(c));
  }
  if (!scene.hubs.empty() && !scene.rings_km.empty()) {
    std::vector<geo::Wkb> rings;
    std::vector<std::string> keys;
    for (std::size_t h = 0; h < scene.hubs.size(); ++h) {
      const map::Bounds b = bounds_of(scene.hubs[h]);
      if (b.empty) continue;
      for (double km : scene.rings_km) {
        rings.push_back(circle_wkb((b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2, km * 1000));
        keys.push_back(h < scene.hub_types.size() ? scene.hub_types[h] : std::string());
      }
    }
    map::MapLayer r(QStringLiteral("rings"), rings);
    r.set_style(localised(map::catchment_style(), language), keys);
    owned.push_back(std::move(r));
  }
  if (!scene.sites.empty()) {
    map::MapLayer s(QStringLiteral("sites"), scene.sites);
    s.set_style(localised(map::site_style(), language), {});
    owned.push_back(std::move(s));
  }
  {
    map::Symbol s;
    s.fill = focus_site_colour();
    s.stroke = QColor(120, 0, 90);
    s.stroke_width_px = 2.0;
    map::MapLayer f(QStringLiteral("focus"), focus_wkb);
    const QString label = !focus_label.isEmpty() ? focus_label
                          : zh                   ? QStringLiteral("本项目")
                                                 : QStringLiteral("This project");
    f.set_style(map::single_style(label, s), {});
    owned.push_back(std::move(f));
  }
  if (!scene.hubs.empty()) {
    map::MapLayer h(QStringLiteral("hubs"), scene.hubs);
    h.set_style(localised(map::hub_style(), language), scene.hub_types.size() == scene.hubs.size()
                                                           ? scene.hub_types
                                                           : std::vector<std::string>{});
    std::vector<QString> labels;
    for (const auto& n : scene.hub_names) labels.push_back(QString::fromStdString(n));
    if (labels.size() == scene.hubs.size()) h.set_labels(std::move(labels));
    owned.push_back(std::move(h));
  }
  std::vector<const map::MapLayer*> layers;
  for (const auto& l : owned) layers.push_back(&l);
  RenderedMap out;
  out.view = map::MapView::fit(extent, size_px, 0.02);
  out.image = map::render_map(out.view, layers, map::Decorations::All);
  return out;
}

}  // namespace hubland::report
