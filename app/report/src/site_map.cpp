// The report maps (report.hpp): the location map (districts, parks, zones, low-efficiency
// parcels, constraints, catchment rings, sites, hubs, the focus site(s) on top in one opaque
// colour), the land map at site scale (land-survey 图斑 by class, approved land hatched by
// status, the focus site outlined) and the district map.
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "hubland/error.hpp"
#include "hubland/geo/hub_types.hpp"
#include "hubland/map/styles.hpp"
#include "hubland/report/report.hpp"
#include "map_figure.hpp"

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

QString pick(Language language, const char* zh, const char* en) {
  return QString::fromUtf8(language == Language::Zh ? zh : en);
}

std::vector<QString> qstrings(const std::vector<std::string>& v) {
  std::vector<QString> out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(QString::fromStdString(s));
  return out;
}

map::Symbol outline(QColor stroke, double width_px, Qt::PenStyle pen = Qt::SolidLine) {
  map::Symbol s;
  s.fill = QColor(0, 0, 0, 0);
  s.stroke = stroke;
  s.stroke_width_px = width_px;
  s.stroke_style = pen;
  return s;
}

map::Style land_style(Language language) {
  map::Style s;
  s.title = pick(language, "现状地类", "Current land class");
  auto cls = [&](const char* key, const char* zh, const char* en) {
    map::Symbol sym;
    sym.fill = land_class_colour(key);
    sym.stroke = QColor(150, 150, 150);
    sym.stroke_width_px = 0.5;
    s.classes.push_back({key, pick(language, zh, en), sym});
  };
  cls(kLandCultivated, "耕地", "Cultivated land (耕地)");
  cls(kLandAgricultural, "其他农用地", "Other agricultural land");
  cls(kLandConstruction, "建设用地", "Construction land");
  cls(kLandUnused, "未利用地", "Unused land");
  cls(kLandUnclassified, "未分类（数据缺失）", "Unclassified (data missing)");
  s.fallback = s.classes.back().symbol;
  s.fallback_label = s.classes.back().label;
  return s;
}

map::Style supply_style(Language language) {
  map::Style s;
  s.title = pick(language, "供地状态", "Approved land (供地)");
  const QColor colours[] = {QColor(0, 70, 200), QColor(120, 0, 160), QColor(0, 130, 130),
                            QColor(60, 60, 60)};
  const map::Hatch hatches[] = {map::Hatch::Diagonal, map::Hatch::Cross, map::Hatch::Horizontal,
                                map::Hatch::BackDiagonal};
  const char* en[] = {"Approved, not supplied", "Supplied, unused", "Reserve", "Supplied"};
  for (std::size_t i = 0; i < layers::kSupplyStatuses.size(); ++i) {
    const auto& st = layers::kSupplyStatuses[i];
    map::Symbol sym = outline(colours[i], 1.5);
    sym.hatch = hatches[i];
    sym.hatch_color = colours[i];
    s.classes.push_back(
        {st.key, language == Language::Zh ? QString::fromUtf8(st.zh) : QString::fromUtf8(en[i]),
         sym});
  }
  s.fallback = s.classes.back().symbol;
  return s;
}

/// What a map shows besides the focus sites.
struct MapContent {
  bool land = false;         ///< land survey and supply (the land map)
  bool context = true;       ///< low-efficiency parcels, constraints, rings, hubs
  bool focus_filled = true;  ///< focus sites filled (else outlined, the land shows through)
  QString focus_label;
  std::string district;  ///< district_code outlined as "this district" ("": none)
};

RenderedMap render_scene(const MapScene& scene, const std::vector<geo::Wkb>& focus_wkb,
                         QSize size_px, const map::Bounds& extent, Language language,
                         const MapContent& content) {
  const bool zh = language == Language::Zh;
  RenderedMap out;
  out.view = map::MapView::fit(extent, size_px, 0.02);
  const map::Bounds in_view = out.view.world_bounds();
  std::vector<map::MapLayer> owned;
  owned.reserve(12);
  // Only layers with something in view: the legend lists what the map shows.
  auto keep = [&](map::MapLayer&& layer) {
    if (!layer.features_in(in_view).empty()) owned.push_back(std::move(layer));
  };
  if (content.land && !scene.land.empty()) {
    map::MapLayer l(QStringLiteral("land"), scene.land);
    l.set_style(land_style(language), scene.land_classes.size() == scene.land.size()
                                          ? scene.land_classes
                                          : std::vector<std::string>{});
    keep(std::move(l));
  }
  if (content.land && !scene.supply.empty()) {
    map::MapLayer l(QStringLiteral("supply"), scene.supply);
    l.set_style(supply_style(language), scene.supply_status.size() == scene.supply.size()
                                            ? scene.supply_status
                                            : std::vector<std::string>{});
    keep(std::move(l));
  }
  if (!scene.districts.empty()) {
    map::MapLayer d(QStringLiteral("districts"), scene.districts);
    d.set_style(
        map::single_style(zh ? QStringLiteral("区县界") : QStringLiteral("District boundary"),
                          outline(QColor(90, 90, 90), 2.5, Qt::DashDotLine)),
        {});
    if (scene.district_names.size() == scene.districts.size())
      d.set_labels(qstrings(scene.district_names));
    keep(std::move(d));
  }
  if (!content.district.empty()) {
    std::vector<geo::Wkb> mine;
    for (std::size_t d = 0; d < scene.districts.size() && d < scene.district_codes.size(); ++d)
      if (scene.district_codes[d] == content.district) mine.push_back(scene.districts[d]);
    map::MapLayer d(QStringLiteral("district"), mine);
    d.set_style(map::single_style(zh ? QStringLiteral("本区县") : QStringLiteral("This district"),
                                  outline(QColor(40, 40, 40), 4.0)),
                {});
    keep(std::move(d));
  }
  if (!scene.parks.empty()) {
    map::MapLayer p(QStringLiteral("parks"), scene.parks);
    p.set_style(
        map::single_style(zh ? QStringLiteral("批准园区范围") : QStringLiteral("Approved park"),
                          outline(QColor(0, 120, 60), 2.0, Qt::DashLine)),
        {});
    if (scene.park_names.size() == scene.parks.size()) p.set_labels(qstrings(scene.park_names));
    keep(std::move(p));
  }

  if (!scene.zones.empty()) {
    map::MapLayer zones(QStringLiteral("zones"), scene.zones);
    zones.set_style(localised(map::zone_style(), language), {});
    std::vector<QString> labels;
    for (const auto& n : scene.zone_names) labels.push_back(QString::fromStdString(n));
    if (labels.size() == scene.zones.size()) zones.set_labels(std::move(labels));
    keep(std::move(zones));
  }
  if (content.context && !scene.low_efficiency.empty()) {
    map::Symbol s;
    s.fill = QColor(215, 48, 39, 150);
    s.stroke = QColor(160, 30, 20);
    map::MapLayer low(QStringLiteral("low_efficiency"), scene.low_efficiency);
    low.set_style(
        map::single_style(
            zh ? QStringLiteral("低效用地") : QStringLiteral("Low-efficiency parcels"), s),
        {});
    keep(std::move(low));
  }
  if (content.context && !scene.constraints.empty()) {
    map::MapLayer c(QStringLiteral("constraints"), scene.constraints);
    c.set_style(localised(map::constraint_style(), language),
                scene.constraint_kinds.size() == scene.constraints.size()
                    ? scene.constraint_kinds
                    : std::vector<std::string>{});
    keep(std::move(c));
  }
  if (content.context && !scene.hubs.empty() && !scene.rings_km.empty()) {
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
    keep(std::move(r));
  }
  if (!scene.sites.empty()) {
    map::MapLayer s(QStringLiteral("sites"), scene.sites);
    map::Style style = localised(map::site_style(), language);
    if (content.land) style.fallback.fill = QColor(0, 0, 0, 0);  // the land shows through
    s.set_style(std::move(style), {});
    keep(std::move(s));
  }
  {
    map::Symbol s;
    s.fill = content.focus_filled ? focus_site_colour() : QColor(0, 0, 0, 0);
    s.stroke = content.focus_filled ? QColor(120, 0, 90) : focus_site_colour();
    s.stroke_width_px = content.focus_filled ? 2.0 : 4.0;
    map::MapLayer f(QStringLiteral("focus"), focus_wkb);
    const QString& focus_label = content.focus_label;
    const QString label = !focus_label.isEmpty() ? focus_label
                          : zh                   ? QStringLiteral("本项目")
                                                 : QStringLiteral("This project");
    f.set_style(map::single_style(label, s), {});
    owned.push_back(std::move(f));
  }
  if (content.context && !scene.hubs.empty()) {
    map::MapLayer h(QStringLiteral("hubs"), scene.hubs);
    h.set_style(localised(map::hub_style(), language), scene.hub_types.size() == scene.hubs.size()
                                                           ? scene.hub_types
                                                           : std::vector<std::string>{});
    std::vector<QString> labels;
    for (const auto& n : scene.hub_names) labels.push_back(QString::fromStdString(n));
    if (labels.size() == scene.hubs.size()) h.set_labels(std::move(labels));
    keep(std::move(h));
  }
  std::vector<const map::MapLayer*> layers;
  for (const auto& l : owned) layers.push_back(&l);
  out.image = detail::map_figure(out.view, layers);
  return out;
}

/// Bounds of the focus sites and their geometry; throws when none has any.
map::Bounds focus_of(const MapScene& scene, const std::vector<std::size_t>& focus_sites,
                     double margin_m, std::vector<geo::Wkb>& focus_wkb) {
  map::Bounds focus;
  for (std::size_t i : focus_sites) {
    if (i >= scene.sites.size() || scene.sites[i].empty()) continue;
    focus.expand(bounds_of(scene.sites[i]));
    focus_wkb.push_back(scene.sites[i]);
  }
  if (focus.empty) throw Error(ErrorKind::BadInput, "the project has no site geometry to map");
  map::Bounds extent = focus;
  extent.expand(focus.min_x - margin_m, focus.min_y - margin_m);
  extent.expand(focus.max_x + margin_m, focus.max_y + margin_m);
  return extent;
}

}  // namespace

QColor focus_site_colour() {
  return QColor(230, 0, 180);
}

QColor land_class_colour(const std::string& key) {
  // Close to the 国土调查 cartographic colours: 耕地 yellow, other farmland green, construction
  // land salmon, unused land beige, unclassified grey.
  if (key == kLandCultivated) return QColor(250, 220, 80);
  if (key == kLandAgricultural) return QColor(150, 205, 120);
  if (key == kLandConstruction) return QColor(235, 145, 135);
  if (key == kLandUnused) return QColor(215, 200, 165);
  return QColor(205, 205, 205);
}

RenderedMap render_site_map(const MapScene& scene, const std::vector<std::size_t>& focus_sites,
                            QSize size_px, double margin_m, Language language,
                            const QString& focus_label) {
  std::vector<geo::Wkb> focus_wkb;
  const map::Bounds extent = focus_of(scene, focus_sites, margin_m, focus_wkb);
  MapContent content;
  content.focus_label = focus_label;
  return render_scene(scene, focus_wkb, size_px, extent, language, content);
}

RenderedMap render_land_map(const MapScene& scene, const std::vector<std::size_t>& focus_sites,
                            QSize size_px, double margin_m, Language language) {
  std::vector<geo::Wkb> focus_wkb;
  const map::Bounds extent = focus_of(scene, focus_sites, margin_m, focus_wkb);
  MapContent content;
  content.land = true;
  content.context = false;
  content.focus_filled = scene.land.empty();
  return render_scene(scene, focus_wkb, size_px, extent, language, content);
}

RenderedMap render_district_map(const MapScene& scene, const std::string& district_code,
                                const std::vector<std::size_t>& focus_sites, QSize size_px,
                                Language language) {
  map::Bounds extent;
  for (std::size_t d = 0; d < scene.districts.size() && d < scene.district_codes.size(); ++d)
    if (scene.district_codes[d] == district_code) extent.expand(bounds_of(scene.districts[d]));
  std::vector<geo::Wkb> focus_wkb;
  for (std::size_t i : focus_sites) {
    if (i >= scene.sites.size() || scene.sites[i].empty()) continue;
    extent.expand(bounds_of(scene.sites[i]));
    focus_wkb.push_back(scene.sites[i]);
  }
  if (extent.empty)
    throw Error(ErrorKind::BadInput, "district '" + district_code +
                                         "' has neither a boundary nor a project site to map");
  // A district alone (no project sites) still needs some air around it.
  const double pad =
      std::max(500.0, 0.03 * std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y));
  extent.expand(extent.min_x - pad, extent.min_y - pad);
  extent.expand(extent.max_x + pad, extent.max_y + pad);
  MapContent content;
  content.focus_label = pick(language, "本区县项目", "Projects of this district");
  content.district = district_code;
  return render_scene(scene, focus_wkb, size_px, extent, language, content);
}

}  // namespace hubland::report
