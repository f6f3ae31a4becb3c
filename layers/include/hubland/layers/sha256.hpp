#pragma once
// SHA-256 as lower-case hex (OpenSSL's libcrypto): file fingerprints for run records, ruleset
// stamps and the keys of the prepared-layer cache. The one SHA-256 of the engine.

#include <cstddef>
#include <memory>
#include <string>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of every includer

namespace hubland::layers {

/// Incremental SHA-256: update() any number of times, then hex() once. Throws Error(Internal)
/// only if libcrypto fails (out of memory).
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size_bytes);
  /// The digest as 64 lower-case hex digits; ends the computation.
  std::string hex();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
};

/// SHA-256 of bytes, lower-case hex.
std::string sha256_hex(const std::string& bytes);
/// SHA-256 of a file's content, lower-case hex. Throws Error(Io) when unreadable.
std::string sha256_file(const std::string& path);

}  // namespace hubland::layers
