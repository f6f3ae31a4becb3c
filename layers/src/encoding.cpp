#include "hubland/layers/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>

#include "hubland/error.hpp"

namespace hubland::layers {

bool is_valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

namespace {

std::string upper_compact(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\0') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// iconv's name for a normalised encoding. GBK text decodes identically as GB18030 (a superset),
// and glibc's GB18030 also accepts the rare four-byte sequences.
std::string iconv_name(const std::string& enc) {
  if (enc == "CP936" || enc == "GBK") return "GB18030";
  return enc;
}

bool all_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::optional<std::string> normalise_encoding(std::string_view name) {
  const std::string u = upper_compact(name);
  if (u.empty()) return std::nullopt;
  if (u == "UTF-8" || u == "UTF8" || u == "65001") return "UTF-8";
  if (u == "936" || u == "CP936" || u == "GBK" || u == "GB2312" || u == "EUC-CN" ||
      u == "WINDOWS-936" || u == "MS936" || u == "ANSI936")
    return "CP936";
  if (u == "GB18030" || u == "54936") return "GB18030";
  if (u == "BIG5" || u == "950" || u == "CP950") return "BIG5";
  if (u == "1252" || u == "CP1252" || u == "WINDOWS-1252" || u == "ANSI1252") return "CP1252";
  if (u == "88591" || u == "8859_1" || u == "ISO-8859-1" || u == "ISO8859-1" || u == "LATIN1" ||
      u == "ISO88591")
    return "ISO-8859-1";
  if (u == "ASCII" || u == "US-ASCII") return "UTF-8";
  // A code page's name is letters, digits and . _ - : (iconv itself drops other characters, so a
  // .cpg of binary junk around "UTF8" would otherwise pass as a name).
  if (!std::all_of(u.begin(), u.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
               c == ':';
      }))
    return std::nullopt;
  // Other code pages: "CP1251", "1251", "SHIFT_JIS", ... as long as iconv knows them.
  std::string candidate = u;
  if (std::all_of(u.begin(), u.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    candidate = "CP" + u;
  iconv_t cd = iconv_open("UTF-8", candidate.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  iconv_close(cd);
  return candidate;
}

std::optional<std::string> encoding_from_ldid(std::uint8_t ldid) {
  // The language-driver ids of dBASE / ArcGIS (same table as shapelib's DBFGetCodePage).
  struct Entry {
    std::uint8_t id;
    const char* cp;
  };
  static constexpr Entry kTable[] = {
      {0x01, "CP437"},  {0x02, "CP850"},  {0x03, "CP1252"}, {0x04, "MACINTOSH"}, {0x08, "CP865"},
      {0x09, "CP437"},  {0x0A, "CP850"},  {0x0B, "CP437"},  {0x0D, "CP437"},     {0x0E, "CP850"},
      {0x0F, "CP437"},  {0x10, "CP850"},  {0x11, "CP437"},  {0x12, "CP850"},     {0x13, "CP932"},
      {0x14, "CP850"},  {0x15, "CP437"},  {0x16, "CP850"},  {0x17, "CP865"},     {0x18, "CP437"},
      {0x19, "CP437"},  {0x1A, "CP850"},  {0x1B, "CP437"},  {0x1C, "CP863"},     {0x1D, "CP850"},
      {0x1F, "CP852"},  {0x22, "CP852"},  {0x23, "CP852"},  {0x24, "CP860"},     {0x25, "CP850"},
      {0x26, "CP866"},  {0x37, "CP850"},  {0x40, "CP852"},  {0x4D, "CP936"},     {0x4E, "CP949"},
      {0x4F, "BIG5"},   {0x50, "CP874"},  {0x57, "CP1252"}, {0x58, "CP1252"},    {0x59, "CP1252"},
      {0x64, "CP852"},  {0x65, "CP866"},  {0x66, "CP865"},  {0x67, "CP861"},     {0x6A, "CP737"},
      {0x6B, "CP857"},  {0x78, "BIG5"},   {0x79, "CP949"},  {0x7A, "CP936"},     {0x7B, "CP932"},
      {0x7C, "CP874"},  {0x7D, "CP1255"}, {0x7E, "CP1256"}, {0xC8, "CP1250"},    {0xC9, "CP1251"},
      {0xCA, "CP1254"}, {0xCB, "CP1253"},
  };
  for (const auto& e : kTable)
    if (e.id == ldid) return std::string(e.cp);
  return std::nullopt;
}

bool is_utf8_name(std::string_view encoding) noexcept {
  return encoding == "UTF-8" || encoding == "ASCII";
}

Decoder::Decoder(const std::string& encoding) : m_encoding(encoding) {
  if (is_utf8_name(encoding)) {
    m_identity = true;
    return;
  }
  iconv_t cd = iconv_open("UTF-8", iconv_name(encoding).c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw Error(ErrorKind::Encoding, "unknown text encoding '" + encoding + "'");
  m_cd = cd;
}

Decoder::~Decoder() {
  if (m_cd) iconv_close(static_cast<iconv_t>(m_cd));
}

std::optional<std::string> Decoder::try_decode(std::string_view bytes) {
  if (m_identity || all_ascii(bytes)) {
    if (!m_identity || is_valid_utf8(bytes)) return std::string(bytes);
    return std::nullopt;
  }
  auto cd = static_cast<iconv_t>(m_cd);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  std::string out(bytes.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  if (iconv(cd, &in, &in_left, &o, &out_left) == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - out_left);
  // glibc's converter named by an alias of UTF-8 passes code points past U+10FFFF through
  // (found by fuzzing): what leaves a Decoder is valid UTF-8 or nothing.
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string Decoder::decode(std::string_view bytes) {
  if (auto s = try_decode(bytes)) return *s;
  throw Error(ErrorKind::Encoding, "text is not valid " + m_encoding + " (bytes " +
                                       hex_bytes(bytes.substr(0, 24)) + ")");
}

std::string Decoder::decode_lossy(std::string_view bytes, std::string* dropped) {
  if (dropped) dropped->clear();
  if (auto s = try_decode(bytes)) return *s;
  // Decode character by character: the longest decodable prefix of the rest each time.
  std::string out, lost;
  std::size_t i = 0;
  while (i < bytes.size()) {
    bool ok = false;
    for (std::size_t len = 1; len <= 4 && i + len <= bytes.size(); ++len) {
      if (auto s = try_decode(bytes.substr(i, len))) {
        out += *s;
        i += len;
        ok = true;
        break;
      }
    }
    if (!ok) {
      lost += bytes[i];
      ++i;
      if (i < bytes.size()) out += "\xEF\xBF\xBD";  // U+FFFD, only in the middle
    }
  }
  if (dropped) *dropped = hex_bytes(lost);
  return out;
}

const char* to_string(EncodingSource s) noexcept {
  switch (s) {
    case EncodingSource::Cpg:
      return ".cpg";
    case EncodingSource::Ldid:
      return "LDID";
    case EncodingSource::Option:
      return "--encoding";
    case EncodingSource::DetectedUtf8:
      return "detected";
    case EncodingSource::DetectedGbk:
      return "detected";
    case EncodingSource::Ascii:
      return "detected";
    case EncodingSource::Driver:
      return "source";
  }
  return "source";
}

std::string hex_bytes(std::string_view bytes) {
  std::string out;
  char buf[4];
  for (unsigned char c : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    if (!out.empty()) out += ' ';
    out += buf;
  }
  return out;
}

namespace {

// Share of decoded non-ASCII code points that are CJK ideographs, CJK punctuation or
// full-width forms: real Chinese text scores near 1, Latin-1 text misread as GBK scores low.
double cjk_share(const std::string& utf8) {
  std::size_t non_ascii = 0, cjk = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  while (p < end) {
    std::uint32_t cp = *p;
    int n = 0;
    if (cp >= 0xF0) {
      cp &= 0x07;
      n = 3;
    } else if (cp >= 0xE0) {
      cp &= 0x0F;
      n = 2;
    } else if (cp >= 0xC0) {
      cp &= 0x1F;
      n = 1;
    }
    for (int i = 1; i <= n && p + i < end; ++i) cp = (cp << 6) | (p[i] & 0x3F);
    p += n + 1;
    if (cp < 0x80) continue;
    ++non_ascii;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x00B7 ||
        (cp >= 0x2010 && cp <= 0x2027))
      ++cjk;
  }
  return non_ascii == 0 ? 1.0 : static_cast<double>(cjk) / static_cast<double>(non_ascii);
}

// Share of double-byte characters that are GB2312 symbols or level-1 (the 3755 most common)
// hanzi: lead byte A1..D7 and trail A1..FE. Chinese text scores high; Latin-1 accents pair
// with ASCII trail bytes ("é" + "e" = e9 65) or land in rarer rows, and score low.
double common_gb2312_share(const std::string& bytes) {
  std::size_t total = 0, common = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    ++total;
    if (i + 1 < n && p[i + 1] >= 0x30 && p[i + 1] <= 0x39) {  // GB18030 four-byte sequence
      i += 4;
      continue;
    }
    if (i + 1 < n && p[i] >= 0xA1 && p[i] <= 0xD7 && p[i + 1] >= 0xA1 && p[i + 1] <= 0xFE) ++common;
    i += 2;
  }
  return total == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(total);
}

}  // namespace

EncodingDecision detect_encoding(const std::vector<std::string>& samples, const std::string& file) {
  bool ascii = true, utf8 = true;
  for (const auto& s : samples) {
    if (!all_ascii(s)) ascii = false;
    if (!is_valid_utf8(s)) {
      utf8 = false;
      break;
    }
  }
  if (ascii) return {"UTF-8", EncodingSource::Ascii, "detected: all text is ASCII"};
  if (utf8) return {"UTF-8", EncodingSource::DetectedUtf8, "detected: all text is valid UTF-8"};

  Decoder gbk("CP936");
  std::string gbk_text, gbk_bytes;
  bool gbk_ok = true;
  const std::string* witness = nullptr;
  for (const auto& s : samples) {
    if (all_ascii(s)) continue;
    if (!witness && !is_valid_utf8(s)) witness = &s;
    auto d = gbk.try_decode(s);
    if (!d) {
      gbk_ok = false;
      witness = &s;
      break;
    }
    gbk_text += *d;
    gbk_bytes += s;
  }
  if (gbk_ok && cjk_share(gbk_text) >= 0.9 && common_gb2312_share(gbk_bytes) >= 0.6)
    return {"CP936", EncodingSource::DetectedGbk,
            "detected: not valid UTF-8, all text decodes as GBK Chinese"};

  // Undecidable: stop and show one value both ways so the user can tell which is right.
  const std::string bytes = witness ? *witness : std::string();
  Decoder latin("ISO-8859-1");
  std::string as_gbk_shown;
  if (auto d = gbk.try_decode(bytes)) {
    as_gbk_shown.append(1, '"').append(*d).append(1, '"');
  } else {
    std::string dropped;
    as_gbk_shown.append(1, '"')
        .append(gbk.decode_lossy(bytes, &dropped))
        .append("\" (not valid GBK)");
  }
  const std::string as_latin = latin.decode(bytes);
  throw Error(ErrorKind::Encoding,
              "cannot tell the text encoding: no .cpg, no DBF language driver, and the text is "
              "not UTF-8 nor plausibly GBK. Pass --encoding GBK (or the right code page). One "
              "value, bytes " +
                  hex_bytes(std::string_view(bytes).substr(0, 24)) + ", reads as GBK " +
                  as_gbk_shown + " and as Latin-1 \"" + as_latin + "\"",
              Where{.file = file});
}

}  // namespace hubland::layers
