#pragma once
// Internal: a rule's reason text with {placeholders}, compiled once against the facts columns
// and rendered per subject ({actual}, {threshold}, {id}, or any facts column).

#include <string>
#include <vector>

#include "facts_db_impl.hpp"

namespace hubland::rules::detail {

// A reason template split into literal text and placeholders, resolved against the table once.
struct Template {
  enum class Kind { Literal, Actual, Threshold, Id, Column };
  struct Part {
    Kind kind;
    std::string text;
    std::size_t column = 0;
  };
  std::vector<Part> parts;

  /// Throws Error(Rule) naming the rule for a placeholder that is no column.
  static Template compile(const std::string& text, const FactsDb::Impl& table, const Rule& rule);
  /// A missing value renders as an em dash, in both languages.
  std::string render(const FactsDb::Impl& table, std::size_t row, const std::string& id,
                     const std::string& actual, const std::string& threshold) const;
};

}  // namespace hubland::rules::detail
