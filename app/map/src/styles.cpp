#include "hubland/map/styles.hpp"

#include <QCoreApplication>
#include <array>

#include "hubland/geo/hub_types.hpp"
#include "hubland/layers/vocabulary.hpp"

namespace hubland::map {
namespace {

// Translation context of this file's user-visible text (lupdate reads it).
struct Text {
  Q_DECLARE_TR_FUNCTIONS(hubland::map::styles)
};

Symbol polygon(QColor fill, QColor stroke = QColor(90, 90, 90, 160)) {
  Symbol s;
  s.fill = fill;
  s.stroke = stroke;
  s.stroke_width_px = 0;
  return s;
}

Symbol marker(PointShape shape, QColor fill) {
  Symbol s;
  s.fill = fill;
  s.stroke = QColor(30, 30, 30);
  s.point_shape = shape;
  s.point_size_px = 13;
  return s;
}

QColor from_hex(const char* colour_hex) {
  return QColor(QString::fromLatin1(colour_hex));
}

// Legend labels declared outside Qt code are translated in this file's context at run time.
QString translated(const char* english) {
  return QCoreApplication::translate("hubland::map::styles", english);
}

Symbol dashed(QColor stroke) {
  Symbol s;
  s.fill = QColor(0, 0, 0, 0);
  s.stroke = stroke;
  s.stroke_width_px = 1.2;
  s.stroke_style = Qt::DashLine;
  return s;
}

}  // namespace

Style grade_style() {
  Style s;
  s.title = Text::tr("Parcels by grade");
  for (const auto& g : layers::kGrades)
    s.classes.push_back({g.key, translated(g.label_en), polygon(from_hex(g.colour_hex))});
  s.fallback = polygon(QColor(200, 200, 200));
  s.fallback_label = Text::tr("Not graded");
  return s;
}

Style low_efficiency_style() {
  Style s;
  s.title = Text::tr("Low-efficiency flag");
  s.classes = {{"flagged", Text::tr("Flagged low-efficiency"), polygon(QColor(215, 48, 39))},
               {"ok", Text::tr("Not flagged"), polygon(QColor(171, 217, 233))}};
  s.fallback = polygon(QColor(200, 200, 200));
  s.fallback_label = Text::tr("Not screened");
  return s;
}

Style land_status_style() {
  Style s;
  s.title = Text::tr("Parcels by land status");
  for (const auto& st : layers::kLandStatusInfo)
    s.classes.push_back({st.key, QString::fromUtf8(st.key) + " " + translated(st.label_en),
                         polygon(from_hex(st.colour_hex))});
  s.fallback = polygon(QColor(200, 200, 200));
  s.fallback_label = Text::tr("Not screened");
  return s;
}

std::string land_use_category(std::string_view code) {
  if (code == "100100") return "m0";
  if (code.substr(0, 4) == "1001") return "industrial";
  if (code.substr(0, 4) == "1101") return "logistics";
  if (code.substr(0, 4) == "0802") return "rd";
  if (code.substr(0, 2) == "09") return "commercial";
  if (code.substr(0, 2) == "07") return "residential";
  return "other";
}

Style land_use_style() {
  Style s;
  s.title = Text::tr("Land use");
  s.classes = {{"industrial", Text::tr("Industrial (1001)"), polygon(QColor(179, 136, 200))},
               {"m0", Text::tr("New industrial M0 (100100)"), polygon(QColor(122, 74, 168))},
               {"logistics", Text::tr("Logistics (1101)"), polygon(QColor(120, 160, 220))},
               {"rd", Text::tr("R&D (0802)"), polygon(QColor(250, 200, 80))},
               {"commercial", Text::tr("Commercial (09)"), polygon(QColor(240, 110, 90))},
               {"residential", Text::tr("Residential (07)"), polygon(QColor(255, 236, 150))},
               {"other", Text::tr("Other"), polygon(QColor(205, 205, 195))}};
  s.fallback = polygon(QColor(205, 205, 195));
  return s;
}

Style zone_style() {
  Style s;
  s.title = Text::tr("Zones");
  Symbol z;
  z.fill = QColor(0, 0, 0, 0);
  z.stroke = QColor(40, 40, 120);
  z.stroke_width_px = 2.0;
  s.fallback = z;
  s.fallback_label = Text::tr("Hub zone boundary");
  return s;
}

Style hub_style() {
  Style s;
  s.title = Text::tr("Hubs");
  const PointShape shapes[] = {PointShape::Square, PointShape::Triangle, PointShape::Circle,
                               PointShape::Diamond, PointShape::Star};
  for (std::size_t i = 0; i < geo::kHubTypes.size(); ++i) {
    const auto& h = geo::kHubTypes[i];
    s.classes.push_back({h.key, translated(h.en), marker(shapes[i], from_hex(h.colour_hex))});
  }
  s.fallback = marker(PointShape::Cross, QColor(80, 80, 80));
  s.fallback_label = Text::tr("Other hub");
  return s;
}

Style catchment_style() {
  Style s;
  s.title = Text::tr("Catchment rings");
  for (const auto& h : geo::kHubTypes) {
    const std::string label = std::string(h.en) + " rings";
    s.classes.push_back({h.key, translated(label.c_str()), dashed(from_hex(h.colour_hex))});
  }
  s.fallback = dashed(QColor(100, 100, 100));
  return s;
}

Style constraint_style() {
  Style s;
  s.title = Text::tr("Constraints");
  Symbol red;
  red.fill = QColor(0, 0, 0, 0);
  red.stroke = QColor(200, 0, 0);
  red.stroke_width_px = 1.5;
  red.hatch = Hatch::Diagonal;
  red.hatch_color = QColor(200, 0, 0);
  Symbol farm = red;
  farm.stroke = QColor(30, 140, 40);
  farm.hatch = Hatch::BackDiagonal;
  farm.hatch_color = QColor(30, 140, 40);
  Symbol udb;
  udb.fill = QColor(0, 0, 0, 0);
  udb.stroke = QColor(120, 70, 0);
  udb.stroke_width_px = 1.5;
  udb.stroke_style = Qt::DashDotLine;
  s.classes = {{"redline", Text::tr("Ecological redline"), red},
               {"farmland", Text::tr("Permanent basic farmland"), farm},
               {"udb", Text::tr("Urban development boundary"), udb}};
  s.fallback = red;
  return s;
}

Style road_style() {
  Style s;
  s.title = Text::tr("Roads");
  Symbol r;
  r.stroke = QColor(110, 110, 110);
  r.stroke_width_px = 1.0;
  s.fallback = r;
  s.fallback_label = Text::tr("Road");
  return s;
}

Style site_style() {
  Style s;
  s.title = Text::tr("Project site");
  Symbol site;
  site.fill = QColor(255, 0, 200, 60);
  site.stroke = QColor(220, 0, 170);
  site.stroke_width_px = 3.0;
  s.fallback = site;
  s.fallback_label = Text::tr("Project site");
  return s;
}

Style single_style(QString title, Symbol symbol) {
  Style s;
  s.title = title;
  s.fallback = symbol;
  s.fallback_label = std::move(title);
  return s;
}

std::vector<std::string> column_keys(const layers::Table& table, std::string_view column) {
  std::vector<std::string> keys(table.row_count());
  const auto c = table.find(column);
  if (!c) return keys;
  for (std::size_t r = 0; r < keys.size(); ++r)
    if (!table.null_at(r, *c)) keys[r] = layers::as_text(table.get(r, *c));
  return keys;
}

std::vector<std::string> land_use_keys(const layers::Table& parcels) {
  auto keys = column_keys(parcels, "land_use");
  for (auto& k : keys) k = land_use_category(k);
  return keys;
}

MapLayer make_map_layer(const layers::Layer& layer, QString name) {
  using layers::Role;
  MapLayer out(name.isEmpty() ? QString::fromUtf8(layers::to_string(layer.role)) : name,
               layer.geometry);
  const auto& t = layer.attributes;
  switch (layer.role) {
    case Role::Parcels:
      out.set_style(land_use_style(), land_use_keys(t));
      break;
    case Role::Projects:
      out.set_style(site_style(), {});
      break;
    case Role::Zones: {
      out.set_style(zone_style(), {});
      std::vector<QString> labels;
      for (const auto& k : column_keys(t, "zone_name")) labels.push_back(QString::fromStdString(k));
      out.set_labels(std::move(labels));
      break;
    }
    case Role::Hubs:
      out.set_style(hub_style(), column_keys(t, "hub_type"));
      break;
    case Role::Catchments:
      out.set_style(catchment_style(), column_keys(t, "hub_type"));
      break;
    case Role::Constraints:
      out.set_style(constraint_style(), column_keys(t, "kind"));
      break;
    case Role::Roads:
      out.set_style(road_style(), {});
      break;
    case Role::Conversions:
      out.set_style(site_style(), {});
      break;
    case Role::LandSurvey:
      out.set_style(
          single_style(Text::tr("Current land class"), polygon(QColor(230, 220, 170, 120))), {});
      break;
    case Role::LandSupply:
      out.set_style(single_style(Text::tr("Land supply"), dashed(QColor(120, 60, 160))), {});
      break;
    case Role::Parks:
      out.set_style(single_style(Text::tr("Industrial parks"), dashed(QColor(30, 110, 200))), {});
      break;
    case Role::Districts:
      out.set_style(single_style(Text::tr("Districts"), dashed(QColor(60, 60, 60))), {});
      break;
    case Role::Buildings:
      out.set_style(single_style(Text::tr("Buildings"), polygon(QColor(150, 110, 90, 160))), {});
      break;
  }
  return out;
}

}  // namespace hubland::map
