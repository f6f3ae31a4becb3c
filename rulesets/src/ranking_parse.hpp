#pragma once
// Internal: the ranking block of an already parsed ruleset document, for load_ruleset().

#include <toml++/toml.h>

#include <string>

#include "hubland/rules/ranking_config.hpp"

namespace hubland::rules::detail {

/// [ranking], [[criterion]], [affinity] of `doc`; errors as parse_ranking_config().
RankingConfig parse_ranking_block(const toml::table& doc, const std::string& source_name);

}  // namespace hubland::rules::detail
