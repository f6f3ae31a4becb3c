// QGIS style documents (QML) for grades and constraints, and the layer_styles row holding them.
#include "layer_styles.hpp"

#include <ogrsf_frmts.h>

#include <iterator>

#include "gdal_raii.hpp"
#include "hubland/layers/vocabulary.hpp"

namespace hubland::layers {

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fill_symbol(int index, const std::string& rgb, const std::string& style) {
  return "      <symbol type=\"fill\" name=\"" + std::to_string(index) +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
         "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
         "          <prop k=\"color\" v=\"" +
         rgb +
         ",255\"/>\n"
         "          <prop k=\"outline_color\" v=\"" +
         (style == "solid" ? std::string("60,60,60") : rgb) +
         ",255\"/>\n"
         "          <prop k=\"outline_style\" v=\"solid\"/>\n"
         "          <prop k=\"outline_width\" v=\"0.26\"/>\n"
         "          <prop k=\"outline_width_unit\" v=\"MM\"/>\n"
         "          <prop k=\"style\" v=\"" +
         style +
         "\"/>\n"
         "        </layer>\n"
         "      </symbol>\n";
}

// Greys for the grade column's other values, light to dark: pending, new, out of scope; the
// catch-all a mid grey with a dotted fill so that a value nobody expected stands out.
constexpr const char* kUngradedRgb[] = {"189,189,189", "150,150,150", "224,224,224"};
constexpr const char* kOtherRgb = "115,115,115";

std::string category(std::size_t symbol, const std::string& value, const std::string& label) {
  return "      <category render=\"true\" symbol=\"" + std::to_string(symbol) + "\" value=\"" +
         xml_escape(value) + "\" label=\"" + xml_escape(label) + "\"/>\n";
}

}  // namespace

std::string grades_qml(const std::string& grade_field) {
  static_assert(std::size(kUngradedRgb) == kUngradedStates.size());
  std::string qml =
      "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n"
      "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" +
      xml_escape(grade_field) +
      "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
  std::size_t n = 0;
  for (const auto& g : kGrades) qml += category(n++, g.key, g.label_zh);
  for (const auto& u : kUngradedStates) qml += category(n++, u.key, u.label_zh);
  qml += category(n++, "", "其他（含空值）");
  qml += "    </categories>\n    <symbols>\n";
  n = 0;
  for (const auto& g : kGrades)
    qml += fill_symbol(static_cast<int>(n++), rgb_triplet(g.colour_hex), "solid");
  for (const char* rgb : kUngradedRgb) qml += fill_symbol(static_cast<int>(n++), rgb, "solid");
  qml += fill_symbol(static_cast<int>(n++), kOtherRgb, "dense5");
  qml += "    </symbols>\n  </renderer-v2>\n</qgis>\n";
  return qml;
}

namespace {

std::string constraints_qml() {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n"
         "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
         "forceraster=\"0\">\n    <symbols>\n" +
         fill_symbol(0, "215,25,28", "b_diagonal") + "    </symbols>\n  </renderer-v2>\n</qgis>\n";
}

}  // namespace

void write_layer_style(GDALDataset& ds, const std::string& layer, StyleKind kind,
                       const std::string& output, const std::string& grade_field) {
  OGRLayer* st = ds.CreateLayer("layer_styles", nullptr, wkbNone, to_csl({"FID=id"}).List());
  if (!st) gdal_fail(ErrorKind::Io, "cannot create layer_styles", output);
  struct F {
    const char* name;
    OGRFieldType type;
    int width;
  };
  const F fields[] = {{"f_table_catalog", OFTString, 256},
                      {"f_table_schema", OFTString, 256},
                      {"f_table_name", OFTString, 256},
                      {"f_geometry_column", OFTString, 256},
                      {"styleName", OFTString, 30},
                      {"styleQML", OFTString, 0},
                      {"styleSLD", OFTString, 0},
                      {"useAsDefault", OFTInteger, 0},
                      {"description", OFTString, 0},
                      {"owner", OFTString, 30},
                      {"ui", OFTString, 30},
                      {"update_time", OFTDateTime, 0}};
  for (const auto& f : fields) {
    OGRFieldDefn d(f.name, f.type);
    if (f.width) d.SetWidth(f.width);
    if (std::string(f.name) == "useAsDefault") d.SetSubType(OFSTBoolean);
    if (st->CreateField(&d) != OGRERR_NONE)
      gdal_fail(ErrorKind::Io, "cannot create layer_styles", output);
  }
  OGRFeatureUniquePtr f(OGRFeature::CreateFeature(st->GetLayerDefn()));
  f->SetField("f_table_catalog", "");
  f->SetField("f_table_schema", "");
  f->SetField("f_table_name", layer.c_str());
  f->SetField("f_geometry_column", "geom");
  f->SetField("styleName", layer.c_str());
  f->SetField("styleQML",
              (kind == StyleKind::Grades ? grades_qml(grade_field) : constraints_qml()).c_str());
  f->SetField("styleSLD", "");
  f->SetField("useAsDefault", 1);
  f->SetField("description",
              kind == StyleKind::Grades ? "HubLand: grades A-D" : "HubLand: constraints (hatched)");
  f->SetField("owner", "");
  f->SetField("ui", "");
  f->SetField("update_time", 2000, 1, 1, 0, 0, 0.0f, 100);
  if (st->CreateFeature(f.get()) != OGRERR_NONE)
    gdal_fail(ErrorKind::Io, "cannot write layer_styles", output);
}

}  // namespace hubland::layers
