#pragma once
// Hand-made data for the desk tests: four square parcels P1..P4 (100 m, 200 m apart) graded
// A..D, one zone around them, one hub, stage results with flags and findings. Values differ
// per parcel so filters and sorts have something to separate.

#include <gtest/gtest.h>
#include <QGuiApplication>

#include <string>
#include <vector>

#include "hubland/desk/session.hpp"
#include "hubland/geo/geos.hpp"

namespace hubland::test {

inline geo::Wkb wkb(const std::string& wkt) {
  auto g = geo::from_wkt(wkt);
  return geo::to_wkb(g.get());
}

inline std::string square(double x0, double y0, double size) {
  auto n = [](double v) { return std::to_string(v); };
  return "POLYGON((" + n(x0) + " " + n(y0) + "," + n(x0 + size) + " " + n(y0) + "," + n(x0 + size) +
         " " + n(y0 + size) + "," + n(x0) + " " + n(y0 + size) + "," + n(x0) + " " + n(y0) + "))";
}

constexpr double kX0 = 500000, kY0 = 3300000;  // EPSG:4545 metres
struct ParcelRow {
  const char* id;
  const char* land_use;
  double plot_ratio;
  const char* grade;
  const char* flags;
};
inline const std::vector<ParcelRow>& parcel_rows() {
  static const std::vector<ParcelRow> rows = {{"P1", "100101", 1.8, "A", ""},
                                              {"P2", "110101", 1.2, "B", ""},
                                              {"P3", "100102", 0.9, "C", "LE-TAX"},
                                              {"P4", "100102", 0.4, "D", "LE-FAR;LE-TAX"}};
  return rows;
}
/// Lower-left corner of parcel i.
inline double parcel_x(std::size_t i) {
  return kX0 + 200.0 * static_cast<double>(i);
}

inline desk::Session make_session() {
  using layers::FieldType;
  layers::AnalysisInputs in;
  in.working_epsg = 4545;
  layers::Layer parcels;
  parcels.role = layers::Role::Parcels;
  parcels.epsg = 4545;
  auto& t = parcels.attributes;
  const auto id = t.add_column("parcel_id", FieldType::Text);
  const auto lu = t.add_column("land_use", FieldType::Text);
  const auto pr = t.add_column("plot_ratio", FieldType::Real);
  const auto rows = parcel_rows();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = t.add_row();
    t.set(r, id, std::string(rows[i].id));
    t.set(r, lu, std::string(rows[i].land_use));
    t.set(r, pr, rows[i].plot_ratio);
    parcels.geometry.push_back(wkb(square(parcel_x(i), kY0, 100)));
  }
  in.layers[layers::Role::Parcels] = std::move(parcels);

  layers::Layer zones;
  zones.role = layers::Role::Zones;
  zones.epsg = 4545;
  zones.attributes.add_column("zone_id", FieldType::Text);
  zones.attributes.add_column("zone_name", FieldType::Text);
  zones.attributes.add_row();
  zones.attributes.set(0, 0, std::string("Z1"));
  zones.attributes.set(0, 1, std::string("果园港"));
  zones.geometry.push_back(wkb(square(kX0 - 100, kY0 - 100, 900)));
  in.layers[layers::Role::Zones] = std::move(zones);

  layers::Layer hubs;
  hubs.role = layers::Role::Hubs;
  hubs.epsg = 4545;
  hubs.attributes.add_column("hub_id", FieldType::Text);
  hubs.attributes.add_column("hub_type", FieldType::Text);
  hubs.attributes.add_row();
  hubs.attributes.set(0, 0, std::string("H1"));
  hubs.attributes.set(0, 1, std::string("airport"));
  hubs.geometry.push_back(wkb("POINT(500350 3300500)"));
  in.layers[layers::Role::Hubs] = std::move(hubs);

  desk::StageResults res;
  auto& g = res.grades;
  g.add_column("parcel_id", FieldType::Text);
  g.add_column("score", FieldType::Real);
  g.add_column("grade", FieldType::Text);
  g.add_column("flags", FieldType::Text);
  g.add_column("land_status", FieldType::Text);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    g.add_row();
    g.set(i, 0, std::string(rows[i].id));
    g.set(i, 1, 100.0 - 20.0 * static_cast<double>(i));
    g.set(i, 2, std::string(rows[i].grade));
    g.set(i, 3, std::string(rows[i].flags));
    g.set(i, 4, std::string(*rows[i].flags ? "低效" : "正常"));
  }
  auto& f = res.findings;
  for (const char* c : {"subject_id", "rule_id", "outcome", "actual", "threshold", "reason_zh",
                        "reason_en", "clause"})
    f.add_column(c, FieldType::Text);
  auto finding = [&](const char* subject, const char* rule, const char* actual,
                     const char* threshold, const char* zh, const char* en, const char* clause) {
    const auto r = f.add_row();
    const char* cells[] = {subject, rule, "flag", actual, threshold, zh, en, clause};
    for (std::size_t c = 0; c < 8; ++c) f.set(r, c, std::string(cells[c]));
  };
  finding("P3", "LE-TAX", "8", "15", "亩均税收 8 万元低于 15 万元", "tax per mu 8 below 15",
          "渝府办发〔2019〕1号 第三条");
  finding("P4", "LE-FAR", "0.4", "0.8", "容积率 0.4 低于控制下限 0.8",
          "plot ratio 0.4 below the minimum 0.8", "工业项目建设用地控制指标 第五条");
  finding("P4", "LE-TAX", "5", "15", "亩均税收 5 万元低于 15 万元", "tax per mu 5 below 15",
          "渝府办发〔2019〕1号 第三条");
  auto& facts = res.facts;
  facts.add_column("parcel_id", FieldType::Text);
  facts.add_column("zone_id", FieldType::Text);
  facts.add_column("dist_airport_m", FieldType::Real);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    facts.add_row();
    facts.set(i, 0, std::string(rows[i].id));
    facts.set(i, 1, std::string("Z1"));
    facts.set(i, 2, 500.0 + 100.0 * static_cast<double>(i));
  }
  desk::Session s(std::move(in));
  s.set_results(std::move(res));
  return s;
}

}  // namespace hubland::test
