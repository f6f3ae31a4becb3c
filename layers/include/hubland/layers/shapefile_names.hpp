#pragma once
// Shapefile constraints made explicit: DBF field names of at most 10 bytes and text in one
// code page (docs/design.md §10 P4, P5).
//
// Contract:
//  - shapefile_field_names() maps every long name to a short one of ≤ 10 bytes *in the target
//    encoding* (a GBK Chinese character is 2 bytes, in UTF-8 3), unique without regard to
//    ASCII case (DBF readers compare names case-insensitively). It is deterministic (same
//    names in the same order give the same map) and never renames silently: every mapping is
//    returned so that the caller writes it to the sidecar CSV and the export report.
//  - Names that already fit keep their spelling; others take their preferred short form if
//    one is given (and fits, and is free), else are shortened, then numbered (_2, _3…)
//    only if shortening collides. Names that fit are reserved first, so a long name can never
//    take the name of a later short one.
//  - TextEncoder converts UTF-8 to a code page with iconv and reports, rather than replaces,
//    characters the code page cannot hold.
//
// Failure modes: Error(Encoding) for an unknown encoding name or a field name that cannot be
// encoded at all.

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hubland::layers {

/// Canonical name of a text encoding for DBF files: "UTF-8" or "CP936" — any name that
/// normalise_encoding() (encoding.hpp) maps to one of them once '-' and '_' are dropped ("GBK",
/// "CP936", "936", "GB2312", "UTF8", "utf-8", ...). Throws Error(Encoding) for anything else.
std::string dbf_encoding_name(const std::string& user_name);

/// UTF-8 -> target code page (iconv). Not thread-safe: one per thread.
class TextEncoder {
 public:
  /// `encoding`: a name accepted by dbf_encoding_name().
  explicit TextEncoder(const std::string& encoding);
  ~TextEncoder();
  TextEncoder(const TextEncoder&) = delete;
  TextEncoder& operator=(const TextEncoder&) = delete;

  /// The encoded bytes, or nullopt when some character has no encoding (or `utf8` is not
  /// valid UTF-8).
  std::optional<std::string> encode(const std::string& utf8);
  /// Encoded size in bytes without building the string (nullopt: not encodable).
  std::optional<std::size_t> encoded_size(const std::string& utf8);
  bool is_utf8() const noexcept { return m_utf8; }
  const std::string& name() const noexcept { return m_name; }

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_name;
  bool m_utf8 = true;
};

struct ShortName {
  std::string field;       ///< the full (long) name
  std::string short_name;  ///< ≤ 10 bytes in the target encoding
};

/// The DBF name map for `names` (in column order) under `encoding`. `preferred` (empty, or one
/// per name, "" for none) gives a documented short form for a name that does not fit: used when
/// it fits and is free, before any automatic cut.
std::vector<ShortName> shapefile_field_names(const std::vector<std::string>& names,
                                             const std::string& encoding,
                                             const std::vector<std::string>& preferred = {});

}  // namespace hubland::layers
