// The ruleset's code tables and ranking extras: [land_classes], the [[industry]] catalogue (its
// lookups, derived columns and hub affinity), criterion verified/note, [quota_link].
#include <gtest/gtest.h>

#include "hubland/rules/evaluator.hpp"
#include "hubland/rules/ranking.hpp"
#include "hubland/rules/ruleset.hpp"
#include "rules_fixtures.hpp"

using namespace hubland;
using namespace hubland::rules;
using namespace hubland::test;
using layers::LandCategory;

namespace {

Error load_error(const std::string& path) {
  try {
    load_ruleset(path);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "ruleset loaded: " << path;
  return Error(ErrorKind::Internal, "no error");
}

bool listed(const Ruleset& rs, const std::string& where) {
  for (const auto& u : rs.unverified)
    if (u.where == where) return !u.note.empty();
  return false;
}

const char* kRanking = R"(
[ranking]
quota_mu = 100
[[criterion]]
id = "C1"
column = "jobs"
weight = 1
)";

}  // namespace

TEST(LandClasses, BundledTableClassifiesByCodeKAndPrefix) {
  for (const char* name : {"chongqing-hub", "chongqing-hub-strict"}) {
    SCOPED_TRACE(name);
    const Ruleset rs = load_ruleset(bundled_ruleset(name));
    ASSERT_TRUE(rs.has_land_classes);
    const auto& t = rs.land_classes;
    EXPECT_FALSE(t.verified);
    EXPECT_NE(t.note.find("0404"), std::string::npos);
    EXPECT_TRUE(listed(rs, "land_classes"));
    const auto* dry = t.classify("0103");
    ASSERT_NE(dry, nullptr);
    EXPECT_EQ(dry->category, LandCategory::Agricultural);
    EXPECT_TRUE(dry->cultivated);
    const auto* orchard = t.classify("0201K");
    ASSERT_NE(orchard, nullptr);
    EXPECT_EQ(orchard->category, LandCategory::Agricultural);
    EXPECT_FALSE(orchard->cultivated);
    ASSERT_NE(t.classify("201A"), nullptr);
    EXPECT_EQ(t.classify("201A")->category, LandCategory::Construction);
    ASSERT_NE(t.classify("0404"), nullptr);
    EXPECT_EQ(t.classify("0404")->category, LandCategory::Unused);
    EXPECT_EQ(t.classify("9999"), nullptr);
    EXPECT_EQ(t.classify("1006")->category, LandCategory::Agricultural);   // 农村道路
    EXPECT_EQ(t.classify("1107A")->category, LandCategory::Construction);  // 干渠
    EXPECT_EQ(t.classify("1101")->category, LandCategory::Unused);
    EXPECT_EQ(t.classify("0303")->category, LandCategory::Agricultural);  // wetland
    EXPECT_EQ(t.classify("0601")->category, LandCategory::Construction);
  }
}

TEST(LandClasses, BadEntriesStopTheLoadNamingTheLine) {
  const std::string head = R"(
[land_classes]
source = "t"
entries = [
  { code = "0101", name = "水田", category = "agricultural", cultivated = true },
)";
  // line numbers: header 4 lines, then "" 5, [land_classes] 6, source 7, entries 8, 0101 9
  const auto e1 = load_error(write_ruleset(
      head + "  { code = \"0601\", name = \"工业\", category = \"industrial\" },\n]\n",
      "lc1.toml"));
  EXPECT_EQ(e1.where().line, 10);
  EXPECT_NE(std::string(e1.what()).find("lc1.toml"), std::string::npos);
  EXPECT_NE(e1.message().find("unknown category 'industrial'"), std::string::npos) << e1.what();
  const auto e2 = load_error(write_ruleset(
      head + "  { code = \"\", name = \"?\", category = \"unused\" },\n]\n", "lc2.toml"));
  EXPECT_EQ(e2.where().line, 10);
  EXPECT_NE(e2.message().find("non-empty code"), std::string::npos) << e2.what();
  const auto e3 = load_error(write_ruleset(
      head + "  { code = \"0101\", name = \"x\", category = \"agricultural\" },\n]\n", "lc3.toml"));
  EXPECT_NE(e3.message().find("listed twice"), std::string::npos) << e3.what();
  EXPECT_NO_THROW(load_ruleset(write_ruleset(head + "]\n", "lc4.toml")));
}

TEST(Industries, CatalogueBecomesLookupsAndDerivedColumns) {
  const Ruleset rs = load_ruleset(bundled_ruleset("chongqing-hub"));
  ASSERT_FALSE(rs.industries.empty());
  EXPECT_TRUE(listed(rs, "industry 3011"));
  const layers::Table t = make_table({{"project_id", kText}, {"industry", kText}},
                                     {{std::string("A"), std::string("3974")},
                                      {std::string("B"), std::string("3011")},
                                      {std::string("C"), std::string("1711")},
                                      {std::string("D"), std::string("39")}});
  const FactsDb db(t, Subject::Project, &rs);
  const layers::Table v =
      evaluate_values(db,
                      {"target_industry", "industry_catalogue", "manufacturing",
                       "(SELECT value FROM lookup_industry_target WHERE key = '3963')"},
                      Where{});
  EXPECT_EQ(v.get(0, 0), Cell(1.0));  // 显示器件制造: 新型显示
  EXPECT_EQ(v.get(1, 0), Cell(0.0));
  EXPECT_EQ(v.get(2, 0), Cell(0.0));  // a 4-digit code not in the catalogue: not a target
  EXPECT_TRUE(v.null_at(3, 0));       // 2-digit code: cannot tell
  EXPECT_EQ(v.get(0, 1), Cell(std::string("")));
  EXPECT_EQ(v.get(1, 1), Cell(std::string("eliminated")));
  EXPECT_TRUE(v.null_at(3, 1));
  EXPECT_EQ(v.get(3, 2), Cell(1.0));
  EXPECT_EQ(v.get(0, 3), Cell(1.0));
}

TEST(Industries, BadEntriesStopTheLoad) {
  auto err = [](const std::string& entry, const std::string& name) {
    return load_error(write_ruleset("\n[[industry]]\n" + entry, name));
  };
  EXPECT_NE(err("code = \"39\"\nname = \"x\"\n", "i1.toml").message().find("4-digit"),
            std::string::npos);
  const auto e2 = err("code = \"3974\"\nname = \"x\"\nhub_types = [\"seaport\"]\n", "i2.toml");
  EXPECT_NE(e2.message().find("unknown hub type"), std::string::npos) << e2.what();
  EXPECT_EQ(e2.where().line, 9);  // the hub_types line
  EXPECT_NE(err("code = \"3974\"\nname = \"x\"\ncatalogue = \"banned\"\n", "i3.toml")
                .message()
                .find("not one of"),
            std::string::npos);
  EXPECT_NE(
      err("code = \"3974\"\nname = \"x\"\n[[industry]]\ncode = \"3974\"\nname = \"y\"\n", "i4.toml")
          .message()
          .find("listed twice"),
      std::string::npos);
  EXPECT_NE(load_error(write_ruleset("\n[lookups.industry_target]\nvalues = { \"1\" = 1 }\n"
                                     "\n[[industry]]\ncode = \"3974\"\nname = \"x\"\n",
                                     "i5.toml"))
                .message()
                .find("clashes"),
            std::string::npos);
}

// hub_affinity: 1.0 within the catchment of a preferred hub type, `elsewhere` outside it,
// `default` for an industry without preferred types; a 2-digit code takes the types of the
// catalogue entries it prefixes.
TEST(Industries, HubAffinityFromPreferredTypes) {
  AffinityConfig a;
  a.present = true;
  a.industries.push_back({.code = "3974", .name = "显示", .hub_types = {"airport"}});
  a.industries.push_back({.code = "3130", .name = "钢", .hub_types = {"port"}});
  a.industries.push_back({.code = "3983", .name = "传感", .hub_types = {"production"}});
  a.elsewhere = 0.3;
  a.default_value = 0.2;
  a.catchment_km = 10;
  layers::Table t;
  const auto ind = t.add_column("industry", layers::FieldType::Text);
  const auto air = t.add_column("dist_airport_m", layers::FieldType::Real);
  const auto port = t.add_column("dist_port_m", layers::FieldType::Real);
  auto row = [&](const char* code, double d_air, double d_port) {
    const auto i = t.add_row();
    t.set(i, ind, std::string(code));
    t.set(i, air, d_air);
    t.set(i, port, d_port);
  };
  row("3974", 5000, 50000);  // display near the airport: 1.0
  row("3974", 25000, 2000);  // display near the port only: elsewhere
  row("3130", 25000, 9000);  // steel near the port: 1.0
  row("39", 5000, 50000);    // 2-digit 39: 3974 and 3983 -> airport, production: 1.0
  row("31", 5000, 50000);    // 2-digit 31: port only, far: elsewhere
  row("1711", 1000, 1000);   // not in the catalogue: default
  row("3983", 1000, 1000);   // production hub: no dist column -> elsewhere
  add_hub_affinity(t, a);
  const auto col = t.index("hub_affinity");
  EXPECT_DOUBLE_EQ(t.real_at(0, col), 1.0);
  EXPECT_DOUBLE_EQ(t.real_at(1, col), 0.3);
  EXPECT_DOUBLE_EQ(t.real_at(2, col), 1.0);
  EXPECT_DOUBLE_EQ(t.real_at(3, col), 1.0);
  EXPECT_DOUBLE_EQ(t.real_at(4, col), 0.3);
  EXPECT_DOUBLE_EQ(t.real_at(5, col), 0.2);
  EXPECT_DOUBLE_EQ(t.real_at(6, col), 0.3);
  const auto types = a.preferred("39");
  EXPECT_EQ(types, (std::vector<std::string>{"airport", "production"}));
}

TEST(Industries, OldAffinityMatrixIsRefused) {
  const auto e = load_error(write_ruleset(
      std::string(kRanking) + "[affinity.matrix]\nx = { airport = 1.0 }\n", "aff.toml"));
  EXPECT_NE(e.message().find("hub_types"), std::string::npos) << e.what();
}

TEST(Criteria, VerifiedAndNoteAreListed) {
  const Ruleset rs = load_ruleset(write_ruleset(
      std::string(kRanking) +
          "verified = false\nnote = \"benchmark from elsewhere\"\n"
          "[[criterion]]\nid = \"C2\"\ncolumn = \"hightech\"\nweight = 1\nnote = \"fine\"\n",
      "crit.toml"));
  ASSERT_EQ(rs.ranking.criteria.size(), 2u);
  EXPECT_FALSE(rs.ranking.criteria[0].verified);
  EXPECT_EQ(rs.ranking.criteria[0].note, "benchmark from elsewhere");
  EXPECT_TRUE(rs.ranking.criteria[1].verified);
  EXPECT_TRUE(listed(rs, "criterion C1"));
  EXPECT_FALSE(listed(rs, "criterion C2"));
  EXPECT_NE(load_error(write_ruleset(std::string(kRanking) + "verified = \"no\"\n", "crit2.toml"))
                .message()
                .find("verified must be true or false"),
            std::string::npos);
}

TEST(Criteria, BundledWeightsFollowTheFourAims) {
  const Ruleset rs = load_ruleset(bundled_ruleset("chongqing-hub"));
  std::map<std::string, double> w;
  for (const auto& c : rs.ranking.criteria) w[c.id] = c.weight;
  EXPECT_DOUBLE_EQ(w["PR-RD"] + w["PR-HIGHTECH"] + w["PR-TARGET"], 22.5);
  EXPECT_DOUBLE_EQ(w["PR-SCALE"] + w["PR-INVEST"], 22.5);
  EXPECT_DOUBLE_EQ(w["PR-TAX"] + w["PR-OUTPUT"], 22.5);
  EXPECT_DOUBLE_EQ(w["PR-ENERGY"] + w["PR-POLLUTION"], 22.5);
  EXPECT_TRUE(listed(rs, "criterion PR-TAX"));
  EXPECT_TRUE(listed(rs, "criterion PR-TARGET"));
  EXPECT_FALSE(listed(rs, "criterion PR-RD"));
}

TEST(QuotaLink, ParsedValidatedAndListed) {
  const Ruleset rs = load_ruleset(write_ruleset(
      std::string(kRanking) +
          "[quota_link]\nreward_share = 0.25\nclause = \"增存挂钩\"\nverified = false\n"
          "note = \"no formula found\"\n",
      "q.toml"));
  const QuotaLink& q = rs.ranking.quota_link;
  EXPECT_TRUE(q.present);
  EXPECT_DOUBLE_EQ(q.reward_share, 0.25);
  EXPECT_EQ(q.clause, "增存挂钩");
  EXPECT_FALSE(q.verified);
  EXPECT_TRUE(listed(rs, "quota_link"));
  EXPECT_FALSE(load_ruleset(write_ruleset(kRanking, "q0.toml")).ranking.quota_link.present);
  const Ruleset base = load_ruleset(bundled_ruleset("chongqing-hub"));
  EXPECT_TRUE(base.ranking.quota_link.present);
  EXPECT_DOUBLE_EQ(base.ranking.quota_link.reward_share, 0.5);
  EXPECT_TRUE(listed(base, "quota_link"));
}

TEST(QuotaLink, ErrorsNameFileAndLine) {
  auto err = [](const std::string& body, const std::string& name) {
    return load_error(write_ruleset(std::string(kRanking) + "[quota_link]\n" + body, name));
  };
  // kHeader 4 lines + kRanking (blank, [ranking], quota_mu, [[criterion]], id, column, weight)
  // = line 11; [quota_link] is line 12, its first key line 13.
  const auto high = err("reward_share = 1.5\n", "q1.toml");
  EXPECT_EQ(high.where().line, 13);
  EXPECT_NE(high.message().find("reward_share must be in [0, 1]"), std::string::npos);
  EXPECT_NE(std::string(high.what()).find("q1.toml"), std::string::npos);
  EXPECT_NE(err("reward_share = -0.1\n", "q2.toml").message().find("[0, 1]"), std::string::npos);
  const auto none = err("clause = \"x\"\n", "q3.toml");
  EXPECT_NE(none.message().find("needs reward_share"), std::string::npos);
  EXPECT_EQ(none.where().line, 12);
  EXPECT_NE(err("reward_share = 0.5\nshare = 1\n", "q4.toml").message().find("unknown key"),
            std::string::npos);
  EXPECT_NE(err("reward_share = \"half\"\n", "q5.toml").message().find("must be a number"),
            std::string::npos);
}
