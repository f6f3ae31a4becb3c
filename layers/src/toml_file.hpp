#pragma once
// Internal: reading a TOML file of layers (analysis files, field alias files).

#include <toml++/toml.h>

#include <string>

#include "hubland/error.hpp"

namespace hubland::layers {

/// Parses the TOML file at `path`; a syntax error becomes Error(BadInput) with file and line.
inline toml::table parse_toml_file(const std::string& path) {
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::BadInput, std::string(e.description()),
                Where{.file = path, .line = static_cast<int>(e.source().begin.line)});
  }
}

}  // namespace hubland::layers
