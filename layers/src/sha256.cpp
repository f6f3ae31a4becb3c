#include "hubland/layers/sha256.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <vector>

#include "hubland/error.hpp"

namespace hubland::layers {

void Sha256::Free::operator()(evp_md_ctx_st* ctx) const noexcept {
  EVP_MD_CTX_free(ctx);
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
  if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::Internal, "SHA-256: libcrypto could not start a digest");
}

void Sha256::update(const void* data, std::size_t size_bytes) {
  if (EVP_DigestUpdate(m_ctx.get(), data, size_bytes) != 1)
    throw Error(ErrorKind::Internal, "SHA-256: libcrypto could not digest the bytes");
}

std::string Sha256::hex() {
  unsigned char h[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(m_ctx.get(), h, &size) != 1 || size != 32)
    throw Error(ErrorKind::Internal, "SHA-256: libcrypto could not finish the digest");
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned int i = 0; i < size; ++i) {
    out += digits[h[i] >> 4];
    out += digits[h[i] & 15];
  }
  return out;
}

std::string sha256_hex(const std::string& bytes) {
  Sha256 s;
  s.update(bytes.data(), bytes.size());
  return s.hex();
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot read file to hash it", Where{.file = path});
  Sha256 s;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) s.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error(ErrorKind::Io, "read error while hashing", Where{.file = path});
  return s.hex();
}

}  // namespace hubland::layers
