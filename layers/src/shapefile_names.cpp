#include "hubland/layers/shapefile_names.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <set>

#include "hubland/error.hpp"
#include "hubland/layers/encoding.hpp"

namespace hubland::layers {

std::string dbf_encoding_name(const std::string& user_name) {
  // Users also write "UTF_8" or "GB-2312": separators go before the shared normalisation.
  std::string compact;
  for (char c : user_name)
    if (c != '-' && c != '_') compact += c;
  const std::optional<std::string> n = normalise_encoding(compact);
  if (n == "UTF-8" || n == "CP936") return *n;
  throw Error(ErrorKind::Encoding,
              "unsupported shapefile encoding '" + user_name + "' (use UTF-8 or GBK)");
}

struct TextEncoder::Impl {
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  ~Impl() {
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
};

TextEncoder::TextEncoder(const std::string& encoding)
    : m_impl(std::make_unique<Impl>()), m_name(dbf_encoding_name(encoding)) {
  m_utf8 = m_name == "UTF-8";
  // Even for UTF-8 run the text through iconv: it rejects malformed UTF-8.
  m_impl->cd = iconv_open(m_name.c_str(), "UTF-8");
  if (m_impl->cd == reinterpret_cast<iconv_t>(-1))
    throw Error(ErrorKind::Encoding, "iconv cannot convert UTF-8 to " + m_name);
}

TextEncoder::~TextEncoder() = default;

std::optional<std::string> TextEncoder::encode(const std::string& utf8) {
  bool ascii = true;
  for (unsigned char c : utf8) ascii = ascii && c < 0x80;
  if (ascii) return utf8;  // both targets are ASCII supersets
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  iconv(m_impl->cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  if (iconv(m_impl->cd, &in, &in_left, &o, &out_left) == static_cast<std::size_t>(-1))
    return std::nullopt;  // EILSEQ (no mapping / bad UTF-8) or EINVAL (truncated sequence)
  out.resize(out.size() - out_left);
  return out;
}

std::optional<std::size_t> TextEncoder::encoded_size(const std::string& utf8) {
  auto e = encode(utf8);
  if (!e) return std::nullopt;
  return e->size();
}

namespace {

std::string fold(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Longest prefix of `name` (whole UTF-8 characters) whose encoding fits `max_bytes`.
std::string truncate_to(TextEncoder& enc, const std::string& name, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    const std::string next = out + name.substr(i, len);
    const auto size = enc.encoded_size(next);
    if (!size || *size > max_bytes) break;
    out = next;
    i += len;
  }
  return out;
}

// "value_added_per_mu" -> shorten the longest '_' segment one character at a time until the
// whole fits: keeps every word's start, which reads better than a plain cut when cuts collide.
std::string compact(TextEncoder& enc, const std::string& name, std::size_t max_bytes) {
  std::vector<std::string> seg;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i)
    if (i == name.size() || name[i] == '_') {
      if (i > start) seg.push_back(name.substr(start, i - start));
      start = i + 1;
    }
  for (const auto& s : seg)
    for (unsigned char c : s)
      if (c >= 0x80) return truncate_to(enc, name, max_bytes);  // not for multi-byte names
  auto joined = [&] {
    std::string out;
    for (std::size_t i = 0; i < seg.size(); ++i) {
      if (i) out += '_';
      out += seg[i];
    }
    return out;
  };
  while (joined().size() > max_bytes) {
    auto longest = std::max_element(
        seg.begin(), seg.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    if (longest == seg.end() || longest->size() <= 1) break;
    longest->pop_back();
  }
  std::string out = joined();
  if (out.size() > max_bytes) out = truncate_to(enc, out, max_bytes);
  return out;
}

}  // namespace

std::vector<ShortName> shapefile_field_names(const std::vector<std::string>& names,
                                             const std::string& encoding,
                                             const std::vector<std::string>& preferred) {
  constexpr std::size_t kMax = 10;
  TextEncoder enc(encoding);
  std::vector<ShortName> out(names.size());
  std::set<std::string> taken;
  std::vector<bool> done(names.size(), false);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto size = enc.encoded_size(names[i]);
    if (!size)
      throw Error(ErrorKind::Encoding, "field name cannot be written in " + enc.name(),
                  Where{.field = names[i]});
    out[i].field = names[i];
    if (!names[i].empty() && *size <= kMax && taken.insert(fold(names[i])).second) {
      out[i].short_name = names[i];
      done[i] = true;
    }
  }
  // Documented short forms next, so that no automatic cut can take one.
  for (std::size_t i = 0; i < names.size() && i < preferred.size(); ++i) {
    if (done[i] || preferred[i].empty()) continue;
    const auto size = enc.encoded_size(preferred[i]);
    if (size && *size <= kMax && taken.insert(fold(preferred[i])).second) {
      out[i].short_name = preferred[i];
      done[i] = true;
    }
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (done[i]) continue;
    const std::string& n = names[i].empty() ? std::string("field") : names[i];
    std::string candidate = truncate_to(enc, n, kMax);
    if (candidate.empty() || taken.count(fold(candidate))) candidate = compact(enc, n, kMax);
    for (int k = 2; candidate.empty() || taken.count(fold(candidate)); ++k) {
      std::string suffix(1, '_');
      suffix += std::to_string(k);
      candidate = truncate_to(enc, n, kMax - suffix.size());
      candidate += suffix;
    }
    taken.insert(fold(candidate));
    out[i].short_name = candidate;
  }
  return out;
}

}  // namespace hubland::layers
