#pragma once
// Internal: SHA-256 of a byte string as lowercase hex (ruleset fingerprints for run records).
#include <string>

namespace hubland::rules::detail {
std::string sha256_hex(const std::string& bytes);
}  // namespace hubland::rules::detail
