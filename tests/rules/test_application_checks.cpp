// The checks stored with an application: what to_json writes, from_json reads back exactly, and
// stored text that is not such checks is an error naming the application.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/rules/application_check.hpp"

using namespace hubland;

TEST(ApplicationChecks, RoundTripKeepsFactsTypesFindingsAndFigures) {
  rules::ApplicationChecks c;
  c.kind = "project";
  c.subject_id = "AP-1";
  c.checked_utc = "2026-11-30T12:00:00Z";
  c.basis_run = 3;
  c.ruleset_id = "cq-hub-2026";
  c.ruleset_sha256 = "ab";
  c.as_of = "2026-06-30";
  const auto id = c.facts.add_column("project_id", layers::FieldType::Text);
  const auto jobs = c.facts.add_column("jobs", layers::FieldType::Integer);
  const auto mu = c.facts.add_column("new_land_mu", layers::FieldType::Real, "mu");
  c.facts.add_row();
  c.facts.set(0, id, std::string("AP-1"));
  c.facts.set(0, jobs, std::int64_t{320});
  c.facts.set(0, mu, 0.1 + 0.2);  // not representable in few digits: the bits must survive
  c.findings.push_back(
      {"AP-1", "EL-REDLINE", rules::Outcome::Pass, "0", "0", "未占", "clear", "生态保护红线"});
  c.eligible = true;
  c.rank = 3;
  c.ranked = 55;
  c.rank_p05 = 1;
  c.rank_p95 = 5;
  c.quota_charged_mu = 12.25;
  c.allocation = "funded";
  const auto back = rules::ApplicationChecks::from_json(c.to_json(), "application 1");
  EXPECT_EQ(back.to_json(), c.to_json());
  ASSERT_EQ(back.facts.column_count(), 3u);
  EXPECT_EQ(back.facts.column(1).type, layers::FieldType::Integer);
  EXPECT_EQ(back.facts.column(2).unit, "mu");
  EXPECT_EQ(back.facts.real_at(0, 2), 0.1 + 0.2);
  EXPECT_FALSE(back.new_land_mu.has_value());
  ASSERT_EQ(back.findings.size(), 1u);
  EXPECT_EQ(back.findings[0].clause, "生态保护红线");
  EXPECT_EQ(back.rule_ids(), std::vector<std::string>{"EL-REDLINE"});
}

TEST(ApplicationChecks, UnreadableStoredChecksNameTheApplication) {
  for (const char* bad : {"", "{", "{\"kind\":\"project\"}", "[1,2]"}) {
    try {
      rules::ApplicationChecks::from_json(bad, "application 7");
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput) << bad;
      EXPECT_NE(std::string(e.what()).find("application 7"), std::string::npos) << e.what();
    }
  }
}
