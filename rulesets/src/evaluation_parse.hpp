#pragma once
// Internal: the [evaluation] table of a ruleset (docs/evaluation.md), for load_ruleset().

#include <toml++/toml.h>

#include <vector>

#include "compile.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules::detail {

/// Parses [evaluation] (`node`) of `file`: grades, ratio_cap and [[evaluation.indicator]]
/// tables; every value compiled with `comp` (parcel facts plus the grade columns) as one
/// aggregate. Unverified indicators are appended to `unverified`. Throws Error(Rule) with file,
/// line and indicator id.
EvaluationConfig parse_evaluation(const toml::node& node, const std::string& file, Compiler& comp,
                                  Compiler& project_comp,
                                  std::vector<Unverified>& unverified);

}  // namespace hubland::rules::detail
