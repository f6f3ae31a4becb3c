#pragma once
// Command-line pieces several commands share: the input-layer flags and --crs parsing.

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "hubland/layers/layer.hpp"
#include "hubland/rules/ruleset.hpp"

namespace hubland::cli {

/// "EPSG:4545", "epsg:4545" or "4545" -> 4545; Error(BadInput) naming `flag` otherwise.
int parse_epsg_option(const std::string& value, const char* flag = "--crs");

/// Adds one flag per role (--parcels, --zones, --hubs, --constraints, --roads, --catchments,
/// --projects, --conversions) that sets inputs[role] to "path" or "path|layer". `inputs` must
/// outlive the parse.
void add_input_flags(CLI::App* cmd, std::map<layers::Role, std::string>& inputs,
                     std::initializer_list<layers::Role> roles);

/// The ruleset a command ran: id, version, file, SHA-256 and every value marked unverified.
nlohmann::json ruleset_json(const rules::Ruleset& rs);
/// The same for people: one line, then each unverified value with its line and note (listed on
/// every run that rests on the ruleset).
void print_ruleset(const rules::Ruleset& rs);

/// Terminal columns of UTF-8 text: CJK and full-width characters take two.
std::size_t display_width(const std::string& s);
/// `s` padded with blanks to `columns` terminal columns (never cut).
std::string pad_to(const std::string& s, std::size_t columns);

}  // namespace hubland::cli
