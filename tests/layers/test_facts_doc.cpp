// docs/facts.md must document exactly the declared overlay facts columns (sections 2 to 7),
// each with the declared type and unit, so the document cannot drift from the code.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hubland/geo/hub_types.hpp"
#include "hubland/layers/facts_columns.hpp"

namespace hubland::layers {
namespace {

struct DocColumn {
  std::string type;
  std::string unit;
};

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '|' && row[i - 1] != '\\') {
      const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return out;
}

/// The column tables of sections 2 to 7: name -> type and unit ("—" read as no unit). A row
/// may name several columns (`far_min`, `far_max`); `_T_` stands for every hub type key.
std::map<std::string, DocColumn> documented_columns() {
  std::ifstream in(std::string(HUBLAND_SOURCE_ROOT) + "/docs/facts.md");
  EXPECT_TRUE(in) << "cannot read docs/facts.md";
  std::map<std::string, DocColumn> out;
  bool in_scope = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_scope = line >= "## 2." && line < "## 8.";
    if (!in_scope || line.rfind("| `", 0) != 0) continue;
    const auto c = cells(line);
    if (c.size() < 3) continue;
    const DocColumn doc{c[1], c[2] == "—" ? "" : c[2]};
    for (std::size_t p = c[0].find('`'); p != std::string::npos; p = c[0].find('`', p + 1)) {
      const auto q = c[0].find('`', p + 1);
      const std::string name = c[0].substr(p + 1, q - p - 1);
      p = q;
      const auto t = name.find("_T_");
      if (t == std::string::npos) {
        out[name] = doc;
        continue;
      }
      for (const auto& h : geo::kHubTypes)
        out[name.substr(0, t + 1) + h.key + name.substr(t + 2)] = doc;
    }
  }
  return out;
}

TEST(FactsDoc, DocumentsEveryDeclaredColumnWithItsTypeAndUnit) {
  const auto doc = documented_columns();
  // Project facts, then the parcel-only ones (kTenureFacts in section 2, kBuildingFacts in 6b).
  auto declared = overlay_fact_columns(true);
  for (const auto& c : kTenureFacts) declared.push_back(c);
  for (const auto& c : kBuildingFacts) declared.push_back(c);
  for (const auto& c : declared) {
    const auto it = doc.find(c.name);
    ASSERT_NE(it, doc.end()) << c.name << " is not documented in docs/facts.md";
    EXPECT_EQ(it->second.type, to_string(c.type)) << c.name;
    EXPECT_EQ(it->second.unit, c.unit) << c.name;
  }
  for (const auto& [name, d] : doc) {
    bool known = false;
    for (const auto& c : declared) known = known || name == c.name;
    EXPECT_TRUE(known) << "docs/facts.md documents " << name << ", which is not declared";
  }
}

TEST(FactsDoc, HubColumnsFollowHubTypeOrder) {
  const auto hubs = hub_fact_columns();
  ASSERT_EQ(hubs.size(), geo::kHubTypeCount * std::size(kHubFactPatterns));
  EXPECT_STREQ(hubs.front().name, "dist_land_port_m");
  EXPECT_STREQ(hubs.back().name, "travel_production_min");
}

}  // namespace
}  // namespace hubland::layers
