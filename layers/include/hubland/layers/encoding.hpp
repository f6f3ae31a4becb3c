#pragma once
// Text encodings at the border: everything inside HubLand is UTF-8.
//
// Shapefile DBFs carry raw bytes in some code page. The code page is decided, in this order,
// by the `.cpg` sidecar, the DBF language-driver byte (LDID, byte 29 of the header), the
// user's --encoding, and finally detection (valid UTF-8, else plausible GBK/GB18030, else stop).
// Every decision records where it came from so that reports and `hubland info` can say so.
//
// Failure modes: decode() throws Error(Encoding) on bytes that are not valid in the encoding —
// it never substitutes characters silently. decode_lossy() is for field *names* only, whose
// last character may be cut by the 10-byte DBF limit; it reports what it dropped.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hubland::layers {

/// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// Normalised encoding name for a .cpg text or a user value: "UTF-8", "CP936" (for 936, GBK,
/// GB2312, CP936), "GB18030", "BIG5", "CP1252", "ISO-8859-1", ...; nullopt when unknown.
std::optional<std::string> normalise_encoding(std::string_view name);

/// Code page named by a DBF language-driver id; nullopt for 0 (none) and unknown values.
std::optional<std::string> encoding_from_ldid(std::uint8_t ldid);

/// True for the encodings that need no conversion (UTF-8, and ASCII).
bool is_utf8_name(std::string_view encoding) noexcept;

/// A strict converter from one encoding to UTF-8 (iconv). Not thread-safe: one per thread.
class Decoder {
 public:
  /// Throws Error(Encoding) when the encoding is unknown to iconv.
  explicit Decoder(const std::string& encoding);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  const std::string& encoding() const noexcept { return m_encoding; }
  /// UTF-8 text for `bytes`; nullopt when the bytes are not valid in the encoding.
  std::optional<std::string> try_decode(std::string_view bytes);
  /// As try_decode, but throws Error(Encoding) saying which encoding failed.
  std::string decode(std::string_view bytes);
  /// Decodes as much as is valid; `dropped` receives the undecodable bytes in hex ("e7")
  /// (empty when everything decoded). Undecodable bytes in the middle become U+FFFD.
  std::string decode_lossy(std::string_view bytes, std::string* dropped);

 private:
  std::string m_encoding;
  bool m_identity = false;
  void* m_cd = nullptr;  // iconv_t
};

/// Where an encoding decision came from.
enum class EncodingSource { Cpg, Ldid, Option, DetectedUtf8, DetectedGbk, Ascii, Driver };
const char* to_string(EncodingSource s) noexcept;

struct EncodingDecision {
  std::string encoding;  ///< normalised name (see normalise_encoding)
  EncodingSource source = EncodingSource::Driver;
  /// Human text: ".cpg says CP936", "LDID 0x4D (code page 936)", "detected (not valid UTF-8;
  /// all text decodes as GBK)", ...
  std::string explanation;
};

/// Decide the encoding of text bytes when no sidecar and no --encoding decided: all valid
/// UTF-8 -> UTF-8 (all ASCII -> Ascii); else every sample decodes as GB18030 and the non-ASCII
/// characters are mostly CJK -> GBK. Otherwise throws Error(Encoding) whose message asks for
/// `--encoding GBK` and shows one sample decoded both as GBK and as Latin-1. `file` names the
/// source in that error.
EncodingDecision detect_encoding(const std::vector<std::string>& samples, const std::string& file);

/// Hex rendering of bytes, "e5 8c ba".
std::string hex_bytes(std::string_view bytes);

}  // namespace hubland::layers
