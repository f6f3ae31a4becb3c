#pragma once
// Command-line pieces several commands share: the input-layer flags and --crs parsing.

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <map>
#include <string>

#include "hubland/layers/layer.hpp"

namespace hubland::cli {

/// "EPSG:4545", "epsg:4545" or "4545" -> 4545; Error(BadInput) naming `flag` otherwise.
int parse_epsg_option(const std::string& value, const char* flag = "--crs");

/// Adds one flag per role (--parcels, --zones, --hubs, --constraints, --roads, --catchments,
/// --projects, --conversions) that sets inputs[role] to "path" or "path|layer". `inputs` must
/// outlive the parse.
void add_input_flags(CLI::App* cmd, std::map<layers::Role, std::string>& inputs,
                     std::initializer_list<layers::Role> roles);

}  // namespace hubland::cli
