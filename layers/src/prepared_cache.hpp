#pragma once
// Internal: the overlay's prepared polygon layers kept on disk between runs
// (geo::PreparedLayerStore; docs/performance.md, "Prepared layers kept").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hubland/geo/overlay.hpp"

namespace hubland::layers::detail {

/// One file per prepared layer in `dir`, named by the SHA-256 of the preparation's inputs
/// (each input's size, then its bytes). A file starts with its key and the SHA-256 of what
/// follows, so a file cut short, changed or of another key is not taken. Files are written
/// under a temporary name and renamed into place (a reader never sees half a file, two writers
/// of one key leave one whole file); taking a file touches it, and past kMaxFiles the least
/// recently used are removed. Nothing here throws: a cache that cannot be read or written costs
/// the preparation, never the run.
class PreparedLayerCache final : public geo::PreparedLayerStore {
 public:
  static constexpr std::size_t kMaxFiles = 64;
  explicit PreparedLayerCache(std::filesystem::path dir) : m_dir(std::move(dir)) {}
  /// The SHA-256 of the inputs, in hex.
  std::string key(const std::vector<std::string_view>& inputs) const override;
  std::optional<std::string> find(const std::string& key) override;
  void keep(const std::string& key, const std::vector<std::string_view>& encoded) override;

 private:
  /// The file that holds (or would hold) the layer of this key.
  std::filesystem::path path_of(const std::string& key) const;
  void remove_least_recently_used() const;
  std::filesystem::path m_dir;
};

}  // namespace hubland::layers::detail
