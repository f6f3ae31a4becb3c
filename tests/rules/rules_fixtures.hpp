#pragma once
// Helpers of the rules tests: ruleset files written into the test's temp folder, hand-made
// facts tables with the canonical column names.

#include <fstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "hubland/layers/table.hpp"
#include "test_support.hpp"

namespace hubland::test {

inline const char* kHeader = R"([ruleset]
id = "t"
version = "1"
title = { zh = "测试", en = "test" }
)";

/// Writes `body` (after the [ruleset] header unless `with_header` is false) to DIR/name.
inline std::string write_ruleset(const std::string& body, const std::string& name = "r.toml",
                                 bool with_header = true) {
  const std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << (with_header ? kHeader : "") << body;
  return path;
}

/// A facts table from column names and rows of values (null = std::monostate{}).
using Cell = layers::Value;
inline layers::Table make_table(const std::vector<std::pair<std::string, layers::FieldType>>& cols,
                                const std::vector<std::vector<Cell>>& rows) {
  layers::Table t;
  for (const auto& [n, ty] : cols) t.add_column(n, ty);
  t.resize(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) t.set(r, c, rows[r][c]);
  return t;
}

/// The bundled ruleset rulesets/<name>/ruleset.toml of the source tree.
inline std::string bundled_ruleset(const std::string& name) {
  return std::string(HUBLAND_SOURCE_ROOT) + "/rulesets/" + name + "/ruleset.toml";
}

inline constexpr layers::FieldType kText = layers::FieldType::Text;
inline constexpr layers::FieldType kReal = layers::FieldType::Real;
inline constexpr layers::FieldType kInt = layers::FieldType::Integer;
inline const Cell kNull = std::monostate{};

}  // namespace hubland::test
