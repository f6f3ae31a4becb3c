#pragma once
// Internal: the ruleset's code tables — [land_classes] (现状地类 -> 三大类) and the [[industry]]
// catalogue — parsed from an already parsed document, for load_ruleset() and the ranking parser.

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "hubland/layers/land_class.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::rules::detail {

/// [land_classes] { source, verified, note, entries = [{ code, name, category, cultivated }] }.
/// Throws Error(Rule) with file and line for an empty code, an unknown category, a duplicate
/// code or an unknown key.
layers::LandClassTable parse_land_classes(const toml::node& node, const std::string& file);

/// The [[industry]] tables of `doc` (empty when there are none). Throws Error(Rule) with file and
/// line for a code that is not 4 digits, a duplicate code, an unknown hub type or catalogue
/// status, or an unknown key.
std::vector<Industry> parse_industries(const toml::table& doc, const std::string& file);

/// The lookups generated from the catalogue: industry_target (1 / 0) and industry_catalogue
/// (text status), keyed by the 4-digit code.
std::vector<Lookup> industry_lookups(const std::vector<Industry>& industries);

}  // namespace hubland::rules::detail
