// ToUnicode CMaps without CJK radicals (pdf_to_unicode.hpp).
#include "pdf_to_unicode.hpp"

#include <QString>
#include <cctype>
#include <cstdio>
#include <utility>
#include <vector>

namespace hubland::report::detail {

namespace {

/// CJK Radicals Supplement forms (U+2E80–U+2EFF) have no Unicode decomposition but two: the
/// simplified components a CJK font draws with the same glyph as an ideograph, each with that
/// ideograph (the Kangxi radicals U+2F00–U+2FD5 decompose by NFKC).
constexpr std::pair<unsigned, unsigned> kSupplementIdeographs[] = {
    {0x2E81, 0x5382}, {0x2E8A, 0x535C}, {0x2E93, 0x5E7A}, {0x2E96, 0x5FC4}, {0x2E98, 0x624C},
    {0x2E99, 0x6535}, {0x2E9D, 0x6708}, {0x2EA0, 0x6C11}, {0x2EA1, 0x6C35}, {0x2EA3, 0x706C},
    {0x2EA6, 0x4E2C}, {0x2EA8, 0x72AD}, {0x2EA9, 0x738B}, {0x2EAC, 0x793A}, {0x2EAD, 0x793B},
    {0x2EAF, 0x7CF8}, {0x2EB0, 0x7E9F}, {0x2EB7, 0x7F8A}, {0x2EBB, 0x807F}, {0x2EBC, 0x6708},
    {0x2EBD, 0x81FC}, {0x2EBE, 0x8279}, {0x2EBF, 0x8279}, {0x2EC0, 0x8279}, {0x2EC1, 0x864E},
    {0x2EC2, 0x8864}, {0x2EC4, 0x897F}, {0x2EC5, 0x89C1}, {0x2EC6, 0x89D2}, {0x2EC8, 0x8BA0},
    {0x2EC9, 0x8D1D}, {0x2ECB, 0x8F66}, {0x2ECC, 0x8FB6}, {0x2ECD, 0x8FB6}, {0x2ECF, 0x961D},
    {0x2ED0, 0x9485}, {0x2ED3, 0x957F}, {0x2ED4, 0x95E8}, {0x2ED6, 0x961D}, {0x2ED7, 0x96E8},
    {0x2ED8, 0x9752}, {0x2ED9, 0x97E6}, {0x2EDA, 0x9875}, {0x2EDB, 0x98CE}, {0x2EDC, 0x98DE},
    {0x2EDD, 0x98DF}, {0x2EE0, 0x9963}, {0x2EE2, 0x9A6C}, {0x2EE3, 0x9AA8}, {0x2EE4, 0x9B3C},
    {0x2EE5, 0x9C7C}, {0x2EE6, 0x9E1F}, {0x2EE8, 0x9EA6}, {0x2EE9, 0x9EC4}, {0x2EEC, 0x9F50},
    {0x2EEE, 0x9F7F}, {0x2EF0, 0x9F99}};

/// The 4-hex-digit replacement of a radical code unit, or "" to keep it.
std::string ideograph_hex(unsigned unit) {
  if (unit < 0x2E80 || unit > 0x2FDF) return {};
  unsigned ideograph = 0;
  for (const auto& [radical, to] : kSupplementIdeographs)
    if (radical == unit) ideograph = to;
  if (!ideograph) {
    const QString n =
        QString(QChar(static_cast<char16_t>(unit))).normalized(QString::NormalizationForm_KC);
    if (n.size() != 1 || n.at(0).unicode() == unit) return {};
    ideograph = n.at(0).unicode();
  }
  char hex[5];
  std::snprintf(hex, sizeof hex, "%04X", ideograph);
  return hex;
}

/// Rewrites the hex string token at [open, close] ("<XXXX>") when it is a radical.
int rewrite_token(std::string& pdf, std::size_t open, std::size_t close) {
  if (close - open != 5) return 0;
  for (std::size_t k = open + 1; k < close; ++k)
    if (!std::isxdigit(static_cast<unsigned char>(pdf[k]))) return 0;
  const std::string r =
      ideograph_hex(static_cast<unsigned>(std::stoul(pdf.substr(open + 1, 4), nullptr, 16)));
  if (r.empty()) return 0;
  pdf.replace(open + 1, 4, r);
  return 1;
}

/// Rewrites the destinations between "beginX" and "endX" of one CMap, read as tokens:
/// bfchar = (src dst)*; bfrange = (lo hi dst | lo hi [dst ...])*. A range with one destination
/// maps a run of codes from it, so only a one-code range (lo == hi) has it replaced.
int rewrite_sections(std::string& pdf, std::size_t from, std::size_t to, const std::string& kind) {
  int changed = 0;
  const bool range = kind == "bfrange";
  const std::string open = "begin" + kind, close = "end" + kind;
  std::size_t pos = from;
  while ((pos = pdf.find(open, pos)) != std::string::npos && pos < to) {
    const std::size_t stop = pdf.find(close, pos);
    if (stop == std::string::npos || stop > to) break;
    std::size_t i = pos + open.size();
    std::vector<std::pair<std::size_t, std::size_t>> sources;  // the entry's source tokens
    bool in_array = false;
    for (; i < stop; ++i) {
      const char c = pdf[i];
      if (c == '[') in_array = true;
      if (c == ']') {
        in_array = false;
        sources.clear();
      }
      if (c != '<') continue;
      const std::size_t end = pdf.find('>', i);
      if (end == std::string::npos || end > stop) break;
      if (in_array) {
        changed += rewrite_token(pdf, i, end);
      } else if (sources.size() < (range ? 2u : 1u)) {
        sources.emplace_back(i, end);
      } else {
        const bool one_code =
            !range || pdf.compare(sources[0].first, sources[0].second - sources[0].first, pdf,
                                  sources[1].first, sources[1].second - sources[1].first) == 0;
        if (one_code) changed += rewrite_token(pdf, i, end);
        sources.clear();
      }
      i = end;
    }
    pos = stop + close.size();
  }
  return changed;
}

}  // namespace

int canonicalise_cjk_to_unicode(std::string& pdf) {
  int changed = 0;
  std::size_t pos = 0;
  while ((pos = pdf.find("begincmap", pos)) != std::string::npos) {
    const std::size_t end = pdf.find("endcmap", pos);
    if (end == std::string::npos) break;
    changed += rewrite_sections(pdf, pos, end, "bfrange");
    changed += rewrite_sections(pdf, pos, end, "bfchar");
    pos = end;
  }
  return changed;
}

}  // namespace hubland::report::detail
