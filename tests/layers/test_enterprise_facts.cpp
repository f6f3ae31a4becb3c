// Enterprise attributes of parcels: years since operating and since completion counted to the
// analysis date, and malformed credit codes, scales and dates as errors naming the file,
// feature and field.
#include <gtest/gtest.h>

#include "facts_fixtures.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/facts.hpp"

namespace hubland::layers {
namespace {

// credit_code, scale, operating_since, completed_date after parcel_id and land_use.
AnalysisInputs enterprise_inputs(const std::vector<std::vector<std::string>>& rows) {
  return parcel_row_inputs({{"parcel_id", FieldType::Text},
                            {"land_use", FieldType::Text},
                            {"credit_code", FieldType::Text},
                            {"scale", FieldType::Text},
                            {"operating_since", FieldType::Text},
                            {"completed_date", FieldType::Text}},
                           rows);
}

FactsOptions as_of_2025() {
  FactsOptions o = quick();
  o.as_of = "2025-06-01";
  return o;
}

TEST(EnterpriseFacts, YearsSinceOperatingAndCompletionToTheAnalysisDate) {
  // 2024-06-01 → 2025-06-01: 365 days; 2022-06-01 → 2025-06-01: 1096 days (2024 is a leap
  // year); a date after as_of counts 0; no completion date → counted from operating_since.
  const auto r = compute_parcel_facts(
      enterprise_inputs(
          {{"done", "100101", "91500000MA5U000001", "规上", "2022-06-01", "2024-06-01"},
           {"fallback", "100101", "", "规下", "2022-06-01", ""},
           {"future", "100101", "", "", "2025-09-01", ""},
           {"none", "100101", "", "", "", ""}}),
      as_of_2025());
  const Table& t = r.facts;
  EXPECT_NEAR(real(t, 0, "operating_years"), 1096.0 / 365.25, 1e-12);
  EXPECT_NEAR(real(t, 0, "completed_years"), 365.0 / 365.25, 1e-12);
  EXPECT_EQ(t.text_at(0, t.index("completed_basis")), "completed_date");
  EXPECT_NEAR(real(t, 1, "completed_years"), 1096.0 / 365.25, 1e-12);
  EXPECT_EQ(t.text_at(1, t.index("completed_basis")), "operating_since");
  EXPECT_EQ(real(t, 2, "operating_years"), 0.0);
  EXPECT_TRUE(t.null_at(3, t.index("operating_years")));
  EXPECT_TRUE(t.null_at(3, t.index("completed_years")));
  EXPECT_TRUE(t.null_at(3, t.index("completed_basis")));
}

TEST(EnterpriseFacts, MalformedValuesNameTheFileFeatureAndField) {
  struct Case {
    std::vector<std::string> row;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {{"P1", "100101", "91500000MA5U00000", "规上", "", ""},  // 17 characters
       "credit_code",
       "'91500000MA5U00000' is not a 统一社会信用代码 (18 characters of 0-9 A-H J-N P Q R T U W X "
       "Y)"},
      {{"P2", "100101", "91500000MA5U00000I", "规上", "", ""},  // I is not in the alphabet
       "credit_code",
       "'91500000MA5U00000I' is not a 统一社会信用代码 (18 characters of 0-9 A-H J-N P Q R T U W X "
       "Y)"},
      {{"P3", "100101", "", "large", "", ""},
       "scale",
       "'large' is not an enterprise scale (规上 or 规下)"},
      {{"P4", "100101", "", "规上", "2023-13-01", ""},
       "operating_since",
       "'2023-13-01' is not a date YYYY-MM-DD"},
      {{"P5", "100101", "", "规上", "", "2023/01/01"},
       "completed_date",
       "'2023/01/01' is not a date YYYY-MM-DD"},
      {{"P6", "100101", "91500000ma5u000001", "规上", "", ""},  // lower case
       "credit_code",
       "'91500000ma5u000001' is not a 统一社会信用代码 (18 characters of 0-9 A-H J-N P Q R T U W X "
       "Y)"},
      // Both a bad code and a bad date (checked side by side): the code is said, as before.
      {{"P7", "100101", "91500000MA5U00000O", "规上", "2023-13-01", ""},
       "credit_code",
       "'91500000MA5U00000O' is not a 统一社会信用代码 (18 characters of 0-9 A-H J-N P Q R T U W X "
       "Y)"},
  };
  for (const Case& c : cases) {
    try {
      compute_parcel_facts(enterprise_inputs({c.row}), as_of_2025());
      ADD_FAILURE() << c.field << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput) << c.field;
      EXPECT_EQ(e.where().file, "test-parcels") << c.field;
      EXPECT_EQ(e.where().feature, c.row[0]) << c.field;
      EXPECT_EQ(e.where().field, c.field);
      EXPECT_EQ(e.message(), c.message) << c.field;
    }
  }
}

}  // namespace
}  // namespace hubland::layers
