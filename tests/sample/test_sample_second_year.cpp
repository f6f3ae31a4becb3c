// The sample's second evaluation year (sample-data/README.md "The second year: parcels_2025"):
// the same parcels a year earlier, changed only where documented — 952 redeveloped industrial
// parcels (低效 in 2025, 正常 in 2026) and 185 recovered stalled sites (疑似闲置 in 2025, not in
// 2026) — and the projects' started_date. The screening runs on both layers with the bundled
// ruleset, each as of its own date, as `hubland run` does.

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "hubland/layers/facts.hpp"
#include "hubland/layers/reader.hpp"
#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ruleset.hpp"
#include "hubland/rules/screening.hpp"

namespace {

using namespace hubland;

const std::string kRoot = HUBLAND_SOURCE_ROOT;
const std::string kGpkg = kRoot + "/sample-data/chongqing/chongqing.gpkg";

// ---------------------------------------------------------------- the layers as stored

/// One feature: every field as text ("" when null), and the geometry's WKB.
struct Feature {
  std::map<std::string, std::string> fields;
  std::vector<unsigned char> wkb;
  const std::string& operator[](const std::string& name) const { return fields.at(name); }
};

std::vector<Feature> features(const char* layer_name) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  std::vector<Feature> out;
  OGRLayer* l = ds ? ds->GetLayerByName(layer_name) : nullptr;
  if (!l) return out;
  for (auto& f : *l) {
    Feature x;
    for (int i = 0; i < f->GetFieldCount(); ++i)
      x.fields[f->GetFieldDefnRef(i)->GetNameRef()] =
          f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
    if (const OGRGeometry* g = f->GetGeometryRef()) {
      x.wkb.resize(g->WkbSize());
      g->exportToWkb(wkbNDR, x.wkb.data(), wkbVariantIso);
    }
    out.push_back(std::move(x));
  }
  return out;
}

const std::vector<Feature>& parcels_2026() {
  static const std::vector<Feature> v = features("parcels");
  return v;
}
const std::vector<Feature>& parcels_2025() {
  static const std::vector<Feature> v = features("parcels_2025");
  return v;
}

enum class Change { None, Redeveloped, Recovered, Other };

/// What the generator did to one parcel, read from the difference of its two records:
/// recovered sites changed their developed share, redeveloped parcels only their figures.
Change change_of(const Feature& before, const Feature& now) {
  if (before.fields == now.fields) return Change::None;
  if (before["developed_share"] != now["developed_share"]) return Change::Recovered;
  if (before["output_10k_yuan"] != now["output_10k_yuan"]) return Change::Redeveloped;
  return Change::Other;
}

std::map<std::string, Change> changes() {
  std::map<std::string, Change> out;
  const auto& b = parcels_2025();
  const auto& n = parcels_2026();
  for (std::size_t i = 0; i < std::min(b.size(), n.size()); ++i)
    out[n[i]["parcel_id"]] = change_of(b[i], n[i]);
  return out;
}

const Feature& find(const std::vector<Feature>& v, const std::string& id) {
  const auto it =
      std::find_if(v.begin(), v.end(), [&](const Feature& f) { return f["parcel_id"] == id; });
  if (it == v.end()) throw std::runtime_error("no parcel " + id);
  return *it;
}

TEST(SampleSecondYear, SameParcelsSameGeometrySameFields) {
  const auto& b = parcels_2025();
  const auto& n = parcels_2026();
  ASSERT_EQ(n.size(), 19129u) << kGpkg;
  ASSERT_EQ(b.size(), n.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    ASSERT_EQ(b[i]["parcel_id"], n[i]["parcel_id"]) << i;
    EXPECT_EQ(b[i].wkb, n[i].wkb) << n[i]["parcel_id"];
    // Same schema: the same field names (the map's keys).
    ASSERT_EQ(b[i].fields.size(), n[i].fields.size());
    EXPECT_TRUE(std::equal(b[i].fields.begin(), b[i].fields.end(), n[i].fields.begin(),
                           [](const auto& x, const auto& y) { return x.first == y.first; }));
  }
}

TEST(SampleSecondYear, DocumentedCountsAndNothingElseChanged) {
  std::size_t redeveloped = 0, raised = 0, recovered = 0;
  const auto& b = parcels_2025();
  const auto& n = parcels_2026();
  ASSERT_EQ(b.size(), n.size());
  // The fields each kind of change may touch; every other field keeps its 2026 value.
  const std::set<std::string> redevelop_fields = {
      "output_10k_yuan", "tax_10k_yuan",  "value_added_10k_yuan", "energy_tce",
      "rd_10k_yuan",     "floor_area_m2", "building_coverage"};
  const std::set<std::string> recover_fields = {
      "developed_share",   "invested_share",       "stopped_years", "floor_area_m2",
      "building_coverage", "output_10k_yuan",      "tax_10k_yuan",  "value_added_10k_yuan",
      "energy_tce",        "rd_10k_yuan",          "employees",     "revenue_10k_yuan",
      "throughput_t",      "storage_floor_area_m2"};
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string& id = n[i]["parcel_id"];
    const Change c = change_of(b[i], n[i]);
    ASSERT_NE(c, Change::Other) << id;
    if (c == Change::None) continue;
    const auto& allowed = c == Change::Redeveloped ? redevelop_fields : recover_fields;
    for (const auto& [name, value] : n[i].fields) {
      if (!allowed.count(name)) {
        EXPECT_EQ(b[i][name], value) << id << " " << name;
      }
    }
    if (c == Change::Redeveloped) {
      ++redeveloped;
      EXPECT_EQ(n[i]["land_use"].rfind("1001", 0), 0u) << id;
      raised += b[i]["floor_area_m2"] != n[i]["floor_area_m2"];
    } else {
      ++recovered;
      // Under construction on 2025-06-30: started a year or more before, operating after it.
      EXPECT_LE(n[i]["started_date"], "2024-06-30") << id;
      EXPECT_GT(n[i]["operating_since"], "2025-06-30") << id;
      EXPECT_EQ(b[i]["output_10k_yuan"], "0") << id;
    }
  }
  EXPECT_EQ(redeveloped, 952u);
  EXPECT_EQ(raised, 480u);
  EXPECT_EQ(recovered, 185u);
}

TEST(SampleSecondYear, ProjectsStartedBeforeAndDuringTheYear) {
  const auto projects = features("projects");
  ASSERT_EQ(projects.size(), 80u);
  std::size_t before = 0, during = 0, not_started = 0;
  for (const auto& p : projects) {
    const std::string& d = p["started_date"];
    if (d.empty()) {
      ++not_started;
      continue;
    }
    ASSERT_EQ(d.size(), 10u) << p["project_id"];
    EXPECT_TRUE(d[4] == '-' && d[7] == '-') << d;
    EXPECT_GE(d, "2024-07-01") << p["project_id"];
    EXPECT_LE(d, "2026-06-30") << p["project_id"];
    (d <= "2025-06-30" ? before : during) += 1;
  }
  EXPECT_EQ(before, 12u);
  EXPECT_EQ(during, 24u);
  EXPECT_EQ(not_started, 44u);
  // The quota-case projects stay candidates: none has started.
  for (const auto& p : projects) {
    for (const char* id : {"P003", "P007", "P015", "P020", "P030", "P040", "P042", "P044", "P050",
                           "P052", "P054", "P066", "P076"}) {
      if (p["project_id"] == id) {
        EXPECT_EQ(p["started_date"], "") << id;
      }
    }
  }
}

TEST(SampleSecondYear, HandCheckedRedevelopedParcel) {
  // CT00127 (100102, industry 39, completed 2016-03-12): 提容 and 提质 during the year.
  const Feature& b = find(parcels_2025(), "CT00127");
  const Feature& n = find(parcels_2026(), "CT00127");
  EXPECT_EQ(n["floor_area_m2"], "17184");
  EXPECT_EQ(b["floor_area_m2"], "6339");
  EXPECT_EQ(n["building_coverage"], "0.434");
  EXPECT_EQ(b["building_coverage"], "0.149");
  EXPECT_EQ(n["output_10k_yuan"], "10283.34");
  EXPECT_EQ(b["output_10k_yuan"], "2384.28");
  EXPECT_EQ(n["tax_10k_yuan"], "745.44");
  EXPECT_EQ(b["tax_10k_yuan"], "41.08");
  // Value added, energy and R&D follow the output: 2405.62 × 2384.28 ÷ 10283.34 = 557.76.
  EXPECT_EQ(n["value_added_10k_yuan"], "2405.62");
  EXPECT_EQ(b["value_added_10k_yuan"], "557.76");
  EXPECT_EQ(b["completed_date"], "2016-03-12");
  EXPECT_EQ(b["developed_share"], n["developed_share"]);
}

TEST(SampleSecondYear, HandCheckedRecoveredParcel) {
  // CT00071 (100101, industry 39): started 2024-03-01, completed 2025-07-28, operating from
  // 2025-11-13. On 2025-06-30 a fifth built and stalled for a year; by 2026 90 % developed.
  const Feature& b = find(parcels_2025(), "CT00071");
  const Feature& n = find(parcels_2026(), "CT00071");
  EXPECT_EQ(b["started_date"], "2024-03-01");
  EXPECT_EQ(n["started_date"], "2024-03-01");
  EXPECT_EQ(n["completed_date"], "2025-07-28");
  EXPECT_EQ(n["operating_since"], "2025-11-13");
  EXPECT_EQ(b["developed_share"], "0.19");
  EXPECT_EQ(n["developed_share"], "0.9");
  EXPECT_EQ(b["invested_share"], "0.16");
  EXPECT_EQ(n["invested_share"], "0.99");
  EXPECT_EQ(b["stopped_years"], "1");
  EXPECT_EQ(n["stopped_years"], "0");
  // The floor area and 建筑系数 built so far: 24676 × 0.19 = 4688.44 → 4688; 0.431 × 0.19.
  EXPECT_EQ(n["floor_area_m2"], "24676");
  EXPECT_EQ(b["floor_area_m2"], "4688");
  EXPECT_EQ(b["building_coverage"], "0.082");
  EXPECT_EQ(n["output_10k_yuan"], "10294.94");
  EXPECT_EQ(b["output_10k_yuan"], "0");
  EXPECT_EQ(b["employees"], "0");
  EXPECT_EQ(b["idle_cause"], "");
}

// ---------------------------------------------------------------- screened, each year

struct Screened {
  layers::Table facts;
  rules::ScreeningResult result;
  std::map<std::string, std::size_t> row;  ///< parcel_id -> index in result.grades
};

Screened screen_year(const char* layer_name, const char* as_of) {
  layers::AnalysisInputs in;
  in.working_epsg = 4545;
  layers::ReadOptions o;
  o.working_epsg = 4545;
  layers::ImportReport rep;
  in.layers.emplace(layers::Role::Parcels,
                    layers::read_layer(kGpkg + "|" + layer_name, layers::Role::Parcels, o, rep));
  EXPECT_FALSE(rep.has_errors()) << layer_name;
  layers::FactsOptions fo;
  fo.isochrones_min.clear();
  fo.as_of = as_of;
  Screened s;
  s.facts = layers::compute_parcel_facts(in, fo).facts;
  const rules::Ruleset rs = rules::load_ruleset(kRoot + "/rulesets/chongqing-hub/ruleset.toml");
  const rules::FactsDb db(s.facts, rules::Subject::Parcel, &rs);
  s.result = rules::screen(db, rs, rules::Keep::NonPass);
  for (std::size_t i = 0; i < s.result.grades.size(); ++i) s.row[s.result.grades[i].parcel_id] = i;
  return s;
}

const Screened& year_2025() {
  static const Screened s = screen_year("parcels_2025", "2025-06-30");
  return s;
}
const Screened& year_2026() {
  static const Screened s = screen_year("parcels", "2026-06-30");
  return s;
}

const rules::GradeRow& grade(const Screened& s, const std::string& id) {
  return s.result.grades.at(s.row.at(id));
}

const rules::Finding& finding(const Screened& s, const std::string& id, const char* rule) {
  const auto& f = s.result.findings;
  const auto it = std::find_if(f.begin(), f.end(), [&](const rules::Finding& x) {
    return x.subject_id == id && x.rule_id == rule;
  });
  if (it == f.end()) throw std::runtime_error(id + ": no finding of " + rule);
  return *it;
}

TEST(SampleSecondYear, EveryRedevelopedParcelIsLowEfficiencyIn2025AndNormalIn2026) {
  std::size_t checked = 0;
  for (const auto& [id, c] : changes()) {
    if (c != Change::Redeveloped) continue;
    ++checked;
    EXPECT_EQ(grade(year_2025(), id).land_status, "低效") << id;
    EXPECT_EQ(grade(year_2026(), id).land_status, "正常") << id;
  }
  EXPECT_EQ(checked, 952u);
}

TEST(SampleSecondYear, EveryRecoveredParcelIsSuspectedIdleIn2025AndNotIn2026) {
  std::size_t checked = 0;
  for (const auto& [id, c] : changes()) {
    if (c != Change::Recovered) continue;
    ++checked;
    const auto& before = grade(year_2025(), id);
    EXPECT_EQ(before.land_status, "疑似闲置") << id;
    EXPECT_NE(std::find(before.flags.begin(), before.flags.end(), "LE-IDLE-STOPPED"),
              before.flags.end())
        << id;
    EXPECT_NE(grade(year_2026(), id).land_status, "疑似闲置") << id;
  }
  EXPECT_EQ(checked, 185u);
}

TEST(SampleSecondYear, HandCheckedParcelsScreened) {
  // CT00127: every industrial flag in 2025 (FAR 6339 m² over the parcel's area, 建筑系数 0.149,
  // output and tax per mu below 125 and 4), none in 2026.
  const auto& r25 = grade(year_2025(), "CT00127");
  EXPECT_EQ(r25.flags, (std::vector<std::string>{"LE-FAR", "LE-COVERAGE", "LE-OUTPUT", "LE-TAX"}));
  EXPECT_EQ(r25.disposal, "提容增效");
  EXPECT_EQ(finding(year_2025(), "CT00127", "LE-COVERAGE").reason_zh,
            "建筑系数（宗地申报） 0.149 低于 0.3");
  // The parcel is 15,368.08 m² planar (23.0521 mu); the statutory ellipsoidal area is 0.046 %
  // smaller there (1.3° west of the central meridian), so the per-mu figures are that much larger:
  // FAR 6339 ÷ 15368.08 = 0.4125; tax 41.08 ÷ 23.0521 = 1.7820 → 1.7829; output 2384.28 ÷
  // 23.0521 = 103.43 → 103.4767.
  EXPECT_EQ(finding(year_2025(), "CT00127", "LE-FAR").actual, "0.4125");
  EXPECT_EQ(finding(year_2025(), "CT00127", "LE-TAX").actual, "1.7829");
  EXPECT_EQ(finding(year_2025(), "CT00127", "LE-OUTPUT").actual, "103.4767");
  EXPECT_TRUE(grade(year_2026(), "CT00127").flags.empty());

  // CT00071: 第二条 second case in 2025 (and 停产 a year, outranked by 疑似闲置).
  const auto& i25 = grade(year_2025(), "CT00071");
  EXPECT_EQ(i25.land_status, "疑似闲置");
  EXPECT_EQ(i25.disposal, "调查认定后征缴闲置费");
  EXPECT_EQ(finding(year_2025(), "CT00071", "LE-IDLE-STOPPED").reason_zh,
            "疑似闲置，需按程序调查认定：已动工开发但开发面积占比 0.19 不足三分之一，投资占比 "
            "0.16 不足25%，中止开发建设 1 年（满 1 年），依第二条第二款也可以认定为闲置土地。"
            "闲置原因未登记，须先查明是否属第八条规定的政府原因。经调查认定为闲置土地、且非第八条"
            "规定的政府原因的，依第十四条将征缴土地闲置费（满一年，出让或划拨价款的20%）或无偿收回"
            "（满两年）");
  EXPECT_EQ(grade(year_2026(), "CT00071").land_status, "正常");
}

}  // namespace
