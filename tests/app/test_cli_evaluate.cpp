// hubland evaluate: two `hubland run`s (as_of 2025-06-30 and 2026-06-30) of a small synthetic
// analysis into one workspace give the hand-worked zone evaluation rows; no run and an absent
// year are clear errors (exit 2).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "evaluation_fixture.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kCli = HUBLAND_CLI;

// Two zones (临港 Z1, 综合 Z2) near 果园港, parcels well inside them (WGS 84 lon/lat).
std::string square(double x, double y, double d) {
  auto p = [](double a, double b) {
    return "[" + std::to_string(a) + "," + std::to_string(b) + "]";
  };
  return "{\"type\":\"Polygon\",\"coordinates\":[[" + p(x, y) + "," + p(x + d, y) + "," +
         p(x + d, y + d) + "," + p(x, y + d) + "," + p(x, y) + "]]}";
}

void write_zones(const std::string& path) {
  std::ofstream(path) << R"({"type":"FeatureCollection","features":[)"
                      << R"({"type":"Feature","properties":{"zone_id":"Z1","zone_name":"甲港",)"
                      << R"("zone_type":"临港"},"geometry":)" << square(106.60, 29.60, 0.01) << "},"
                      << R"({"type":"Feature","properties":{"zone_id":"Z2","zone_name":"乙区",)"
                      << R"("zone_type":"综合"},"geometry":)" << square(106.62, 29.60, 0.01)
                      << "}]}";
}

// Parcels P1, P2 in Z1 and P3 in Z2, with the given tax (万元/yr).
void write_parcels(const std::string& path, double t1, double t2, double t3) {
  auto f = [](const char* id, double tax, double x) {
    return std::string(R"({"type":"Feature","properties":{"parcel_id":")") + id +
           R"(","land_use":"100101","tax_10k_yuan":)" + std::to_string(tax) + R"(},"geometry":)" +
           square(x, 29.603, 0.002) + "}";
  };
  std::ofstream(path) << R"({"type":"FeatureCollection","features":[)" << f("P1", t1, 106.602)
                      << "," << f("P2", t2, 106.605) << "," << f("P3", t3, 106.623) << "]}";
}

// Zone tax totals against 1000 万元 (benefit, cap 1) and the parcel count against 4 (cost):
// areas drop out, so every number is worked by hand.
const std::string kRuleset = R"T([ruleset]
id = "eval-test"
version = "1"
title = { zh = "评价测试", en = "evaluation test" }

[evaluation]
grades = { A = 85, B = 70, C = 55 }
)T" + hubland::test::tax_and_parcel_indicators("{ \"临港\" = 3, \"*\" = 1 }");

void write_analysis(const std::string& dir, const std::string& name, const std::string& parcels,
                    const std::string& as_of) {
  std::ofstream(dir + "/" + name) << "[inputs]\nparcels = \"" << parcels << "\"\nzones = \"" << dir
                                  << "/zones.geojson\"\n[analysis]\nruleset = \"" << dir
                                  << "/ruleset.toml\"\ncrs = \"EPSG:4545\"\nas_of = \"" << as_of
                                  << "\"\n";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    out.push_back(text.substr(pos, end - pos));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

/// Zones, parcels of 2025 (tax 300, 200, 600) and 2026 (700, 500, 500), and a `hubland run` of
/// each year into `ws` with dir/ruleset.toml; false (with the failure reported) if a run fails.
bool two_runs(const std::string& dir, const std::string& ws) {
  write_zones(dir + "/zones.geojson");
  write_parcels(dir + "/p2025.geojson", 300, 200, 600);
  write_parcels(dir + "/p2026.geojson", 700, 500, 500);
  write_analysis(dir, "a2025.toml", dir + "/p2025.geojson", "2025-06-30");
  write_analysis(dir, "a2026.toml", dir + "/p2026.geojson", "2026-06-30");
  for (const char* a : {"a2025.toml", "a2026.toml"}) {
    const auto r = hubland::test::run(kCli + " -q run '" + dir + "/" + a + "' -o '" + ws + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return false;
  }
  return true;
}

}  // namespace

TEST(CliEvaluate, TwoRunsGiveTwoEvaluationYears) {
  const std::string dir = hubland::test::temp_dir();
  std::ofstream(dir + "/ruleset.toml") << kRuleset;
  const std::string ws = dir + "/ws.hubland.sqlite";
  ASSERT_TRUE(two_runs(dir, ws));
  const auto r = hubland::test::run(kCli + " -q evaluate '" + ws + "' -o '" + dir + "/eval'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("evaluated years: 2025 (run 1) 2026 (run 2)"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir + "/eval/zone_evaluation.gpkg"));
  // No indicator names evidence: the evidence file is its header alone.
  EXPECT_EQ(hubland::test::read_file(dir + "/eval/evaluation_evidence.csv"),
            "year,zone_id,indicator,parcel_id,area_mu,land_status,prev_land_status,grade,flags\n");
  // Z1 2025: tax 500 → 0.5 (weight 3), 2 parcels → 1/2 = 0.5 (weight 1): 100 × 2 / 4 = 50, D.
  // Z2 2025: tax 600 → 0.6 (weight 1), 1 parcel → 1: 100 × 1.6 / 2 = 80, B.
  // Z1 2026: tax 1200 → 1 (capped): 100 × (3 + 0.5) / 4 = 87.5, A, +37.5.
  // Z2 2026: tax 500 → 0.5: 100 × 1.5 / 2 = 75, B, −5. Each zone is alone in its type: rank 1.
  const auto rows = lines_of(hubland::test::read_file(dir + "/eval/zone_evaluation.csv"));
  ASSERT_EQ(rows.size(), 5u) << hubland::test::read_file(dir + "/eval/zone_evaluation.csv");
  EXPECT_EQ(rows[0],
            "zone_id,zone_name,zone_type,district_code,year,tax_total,parcels,score,rank,grade,"
            "change_vs_prev,missing,tax_total_change,parcels_change");
  EXPECT_EQ(rows[1], "Z1,甲港,临港,,2025,500,2,50,1,D,,,,");
  EXPECT_EQ(rows[2], "Z2,乙区,综合,,2025,600,1,80,1,B,,,,");
  EXPECT_EQ(rows[3], "Z1,甲港,临港,,2026,1200,2,87.5,1,A,37.5,,700,0");
  EXPECT_EQ(rows[4], "Z2,乙区,综合,,2026,500,1,75,1,B,-5,,-100,0");

  // 自评: Z1 reports a tax total of 1300 against 1200 computed (8.3 % > 5 %), Z2 its parcel count.
  std::ofstream(dir + "/self.csv") << "zone_id,indicator,value,note\nZ1,tax_total,1300,\n"
                                   << "Z2,parcels,1,\n";
  const auto s = hubland::test::run(kCli + " -q evaluate '" + ws + "' -o '" + dir +
                                    "/eval' --self '" + dir + "/self.csv'");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("self-evaluation 2026: 2 values, 1 flagged"), std::string::npos) << s.out;
  const auto self = lines_of(hubland::test::read_file(dir + "/eval/self_evaluation.csv"));
  ASSERT_EQ(self.size(), 3u);
  EXPECT_EQ(self[1].substr(0, 35), "Z1,2026,tax_total,1300,1200,100,0.0");
  EXPECT_NE(self[1].find(",1,自评高于计算值"), std::string::npos) << self[1];
  EXPECT_EQ(self[2], "Z2,2026,parcels,1,1,0,0,0,,");

  // --year and --compare pick the years; a year without a run names the years present.
  const auto one =
      hubland::test::run(kCli + " -q --json evaluate '" + ws + "' -o '" + dir + "/e2' --year 2026");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto j = nlohmann::json::parse(one.out);
  ASSERT_EQ(j["zones"].size(), 2u);
  EXPECT_EQ(j["zones"][0]["year"], 2026);
  EXPECT_TRUE(j["zones"][0]["change_vs_prev"].is_null());
  const auto bad = hubland::test::run(kCli + " -q evaluate '" + ws + "' -o '" + dir +
                                      "/e3' --year 2026 --compare 2024");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no completed run for year 2024 (years with a completed run: 2025, 2026)"),
            std::string::npos)
      << bad.err;
}

TEST(CliEvaluate, WorkspaceWithoutARunIsAClearError) {
  const std::string dir = hubland::test::temp_dir();
  write_zones(dir + "/zones.geojson");
  const std::string ws = dir + "/ws.hubland.sqlite";
  const auto imp = hubland::test::run(kCli + " -q import '" + dir +
                                      "/zones.geojson' --role zones -o '" + ws + "'");
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  const auto r = hubland::test::run(kCli + " evaluate '" + ws + "' -o '" + dir + "/eval'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no completed `hubland run` run"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/eval/zone_evaluation.csv"));
}

// [evaluation.consequence]: the grades of the evaluation before the analysis year set the zone
// caps of the next ranking (caps_from_evaluation), and the summary says where each came from.
TEST(CliEvaluate, GradesSetTheNextRankingsZoneCaps) {
  const std::string dir = hubland::test::temp_dir();
  // Z1 has a ruleset cap of 10 mu; Z2 takes the consequence's base of 16 mu.
  std::ofstream(dir + "/ruleset.toml") << kRuleset << R"T(
[evaluation.consequence]
base_cap_mu = 16
quota_change = { A = 0.2, B = -0.25, C = -0.1, D = -0.2 }
clause = "test clause"

[ranking]
method = "weighted"
quota_mu = 100
zone_caps_mu = { "Z1" = 10 }
caps_from_evaluation = true
[ranking.sensitivity]
draws = 10
seed = 3
[[criterion]]
id = "C-JOBS"
title = { zh = "就业岗位", en = "Jobs" }
column = "jobs"
normalisation = "rank"
weight = 1
)T";
  const std::string ws = dir + "/ws.hubland.sqlite";
  ASSERT_TRUE(two_runs(dir, ws));
  // PA asks 11 mu in Z1, PB 12 mu in Z2 (no land survey: charged in full).
  auto project = [](const char* id, double x, double mu) {
    return std::string(R"({"type":"Feature","properties":{"project_id":")") + id +
           R"(","land_mu":)" + std::to_string(mu) + R"(,"jobs":10},"geometry":)" +
           square(x, 29.606, 0.001) + "}";
  };
  std::ofstream(dir + "/projects.geojson")
      << R"({"type":"FeatureCollection","features":[)" << project("PA", 106.606, 11) << ","
      << project("PB", 106.626, 12) << "]}";
  for (const char* year : {"2026", "2027"}) {
    std::ofstream(dir + "/r" + year + ".toml")
        << "[inputs]\nprojects = \"" << dir << "/projects.geojson\"\nparcels = \"" << dir
        << "/p2026.geojson\"\nzones = \"" << dir << "/zones.geojson\"\n[analysis]\nruleset = \""
        << dir << "/ruleset.toml\"\ncrs = \"EPSG:4545\"\nas_of = \"" << year << "-06-30\"\n";
  }
  auto rank = [&](const std::string& year, const std::string& extra) {
    const auto r = hubland::test::run(kCli + " -q --json rank '" + dir + "/r" + year +
                                      ".toml' -o '" + dir + "/rank" + year + "' " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  auto allocation = [](const nlohmann::json& j, const std::string& id) {
    for (const auto& t : j["top"])
      if (t["project_id"] == id) return t["allocation"].get<std::string>();
    return std::string("?");
  };
  auto cap = [](const nlohmann::json& j, const std::string& zone) {
    for (const auto& c : j["zone_caps"])
      if (c["zone_id"] == zone)
        return std::make_pair(c["cap_mu"].get<double>(), c["source"].get<std::string>());
    return std::make_pair(-1.0, std::string());
  };

  // As of 2027: the 2026 evaluation (Z1 A 87.5, Z2 B 75). Z1: 10 × 1.2 = 12 ≥ 11, funded;
  // Z2: 16 × 0.75 = 12 ≥ 12, funded.
  const auto j27 = rank("2027", "--evaluation '" + ws + "'");
  EXPECT_EQ(j27["zone_caps_basis"], "zone caps from the zone evaluation of 2026 (run 2)");
  EXPECT_DOUBLE_EQ(cap(j27, "Z1").first, 12.0);
  EXPECT_EQ(cap(j27, "Z1").second,
            "2026 年评价 A 级：10 亩 × (1 + 20 %) = 12 亩 / evaluation 2026 grade A: 10 mu × (1 + "
            "20 %) = 12 mu ([ranking] zone_caps_mu)");
  EXPECT_DOUBLE_EQ(cap(j27, "Z2").first, 12.0);
  EXPECT_NE(cap(j27, "Z2").second.find("[evaluation.consequence] base_cap_mu"), std::string::npos);
  EXPECT_EQ(allocation(j27, "PA"), "funded");
  EXPECT_EQ(allocation(j27, "PB"), "funded");

  // As of 2026: the 2025 evaluation (Z1 D 50 → 10 × 0.8 = 8 < 11: PA waits; Z2 B → 12).
  const auto j26 = rank("2026", "--evaluation '" + ws + "'");
  EXPECT_EQ(j26["zone_caps_basis"], "zone caps from the zone evaluation of 2025 (run 1)");
  EXPECT_DOUBLE_EQ(cap(j26, "Z1").first, 8.0);
  EXPECT_EQ(allocation(j26, "PA"), "waitlisted");
  EXPECT_EQ(allocation(j26, "PB"), "funded");

  // Without an evaluation the ruleset's cap stands (Z1 10 < 11) and the summary says why; Z2
  // has no ruleset cap: uncapped.
  const auto j0 = rank("2027", "");
  EXPECT_NE(j0["zone_caps_basis"].get<std::string>().find("no evaluation workspace given"),
            std::string::npos)
      << j0["zone_caps_basis"];
  EXPECT_DOUBLE_EQ(cap(j0, "Z1").first, 10.0);
  EXPECT_DOUBLE_EQ(cap(j0, "Z2").first, -1.0);
  EXPECT_EQ(allocation(j0, "PA"), "waitlisted");
  EXPECT_EQ(allocation(j0, "PB"), "funded");

  // hubland run takes the caps from its own workspace and records where they came from.
  const auto run = hubland::test::run(kCli + " run '" + dir + "/r2027.toml' -o '" + ws + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("zone caps from the zone evaluation of 2026 (run 2)"), std::string::npos)
      << run.out;
  const auto shown = hubland::test::run(kCli + " show '" + ws + "' --run 3");
  EXPECT_NE(shown.out.find("zone_caps"), std::string::npos) << shown.out;

  // evaluate writes the caps its newest year (2027: the 2026 parcels again) sets for the next.
  const auto ev = hubland::test::run(kCli + " -q evaluate '" + ws + "' -o '" + dir + "/eval'");
  ASSERT_EQ(ev.exit_code, 0) << ev.err;
  const auto caps = lines_of(hubland::test::read_file(dir + "/eval/zone_quota_caps.csv"));
  ASSERT_EQ(caps.size(), 3u);
  EXPECT_EQ(caps[0],
            "zone_id,zone_name,zone_type,evaluated_year,for_year,grade,score,base_cap_mu,"
            "base_source,quota_change_share,cap_mu,source");
  const std::string z1 = "Z1,甲港,临港,2027,2028,A,87.5,10,[ranking] zone_caps_mu,0.2,12,";
  EXPECT_EQ(caps[1].substr(0, z1.size()), z1);
}
