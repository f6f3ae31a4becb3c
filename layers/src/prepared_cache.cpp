#include "prepared_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <system_error>

#include "hubland/layers/sha256.hpp"

namespace hubland::layers::detail {

namespace fs = std::filesystem;

namespace {

const std::string_view kMagic = "hubland prepared-layer cache 1\n";
const std::string_view kSuffix = ".layer";

std::string digest_of(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes.data(), bytes.size());
  return sha.hex();
}

}  // namespace

std::string PreparedLayerCache::key(const std::vector<std::string_view>& inputs) const {
  Sha256 sha;
  for (std::string_view in : inputs) {
    const std::uint64_t size = in.size();
    sha.update(&size, sizeof size);
    sha.update(in.data(), in.size());
  }
  return sha.hex();
}

fs::path PreparedLayerCache::path_of(const std::string& key) const {
  return m_dir / (key + std::string(kSuffix));
}

std::optional<std::string> PreparedLayerCache::find(const std::string& key) {
  try {
    const fs::path path = path_of(key);
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return std::nullopt;
    std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return std::nullopt;
    // kMagic, the key, a newline, the payload's digest, a newline, the payload.
    const std::size_t head = kMagic.size() + key.size() + 1 + 64 + 1;
    if (bytes.size() < head || std::string_view(bytes).substr(0, kMagic.size()) != kMagic ||
        bytes.compare(kMagic.size(), key.size(), key) != 0)
      return std::nullopt;
    if (bytes.compare(kMagic.size() + key.size() + 1, 64,
                      digest_of(std::string_view(bytes).substr(head))) != 0)
      return std::nullopt;
    std::error_code ec;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used
    bytes.erase(0, head);
    return bytes;
  } catch (...) {  // an unreadable cache costs the preparation only
    return std::nullopt;
  }
}

void PreparedLayerCache::keep(const std::string& key,
                              const std::vector<std::string_view>& encoded) {
  try {
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec) return;
    static std::atomic<unsigned> serial{0};
    const fs::path tmp = m_dir / (key + ".tmp-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(serial.fetch_add(1)));
    {
      Sha256 payload;
      for (std::string_view part : encoded) payload.update(part.data(), part.size());
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << kMagic << key << '\n' << payload.hex() << '\n';
      for (std::string_view part : encoded)
        out.write(part.data(), static_cast<std::streamsize>(part.size()));
      out.close();
      if (!out) {
        fs::remove(tmp, ec);
        return;
      }
    }
    fs::rename(tmp, path_of(key), ec);
    if (ec) {
      fs::remove(tmp, ec);
      return;
    }
    remove_least_recently_used();
  } catch (...) {  // a cache that cannot be written loses only the saving
  }
}

void PreparedLayerCache::remove_least_recently_used() const {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != kSuffix) continue;
    const auto t = fs::last_write_time(p, ec);
    if (!ec) files.emplace_back(t, p);
  }
  if (files.size() <= kMaxFiles) return;
  std::sort(files.begin(), files.end());
  for (std::size_t i = 0; i + kMaxFiles < files.size(); ++i) fs::remove(files[i].second, ec);
}

}  // namespace hubland::layers::detail
