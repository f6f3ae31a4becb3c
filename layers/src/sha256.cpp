#include "hubland/layers/sha256.hpp"

#include <cpl_port.h>

#include <fstream>
#include <vector>

#include "hubland/error.hpp"

// GDAL exports CPL_SHA256* but Debian does not install cpl_sha256.h; declare the C entry points.
extern "C" {
void CPL_SHA256Init(void* ctx);
void CPL_SHA256Update(void* ctx, const void* data, size_t len);
void CPL_SHA256Final(void* ctx, GByte hash[32]);
}

namespace hubland::layers {

Sha256::Sha256() {
  CPL_SHA256Init(m_ctx.data());
}

void Sha256::update(const void* data, std::size_t size_bytes) {
  CPL_SHA256Update(m_ctx.data(), data, size_bytes);
}

std::string Sha256::hex() {
  GByte h[32];
  CPL_SHA256Final(m_ctx.data(), h);
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (GByte b : h) {
    out += digits[b >> 4];
    out += digits[b & 15];
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
