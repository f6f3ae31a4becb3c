#pragma once
// SHA-256 as lower-case hex (GDAL's CPL_SHA256): file fingerprints for run records and
// ruleset stamps. The one SHA-256 of the engine.

#include <array>
#include <cstddef>
#include <string>

namespace hubland::layers {

/// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size_bytes);
  /// The digest as 64 lower-case hex digits; ends the computation.
  std::string hex();

 private:
  // GDAL's context, held as an opaque, generously sized and aligned buffer so that its field
  // layout (which changed across GDAL versions) does not matter here.
  alignas(16) std::array<unsigned char, 256> m_ctx{};
};

/// SHA-256 of bytes, lower-case hex.
std::string sha256_hex(const std::string& bytes);
/// SHA-256 of a file's content, lower-case hex. Throws Error(Io) when unreadable.
std::string sha256_file(const std::string& path);

}  // namespace hubland::layers
