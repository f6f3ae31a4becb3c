#pragma once
// Internal: the [screening] table of a ruleset (docs/rulesets.md "[screening]"), for
// load_ruleset().

#include <toml++/toml.h>

#include <vector>

#include "compile.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules::detail {

/// Parses [screening] (`node`) of `file`: its settings, [[screening.set]] tables or top-level
/// [[screening.indicator]] tables (one set "default"); every expression compiled with `comp`
/// (parcel facts). Unverified indicators are appended to `unverified`. Throws Error(Rule) with
/// file, line and set or indicator id.
Screening parse_screening(const toml::node& node, const std::string& file, Compiler& comp,
                          std::vector<Unverified>& unverified);

}  // namespace hubland::rules::detail
