#pragma once
// The text of a rendered PDF, for the report suites (pdftotext and pdfinfo from poppler-utils).

#include <gtest/gtest.h>

#include <QString>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace hubland::test {

// The PDF's text in content order with all whitespace removed, so that a table cell wrapped
// over two lines ("EL-" / "REDLINE") still reads as one word. NFKC folds the Kangxi radicals
// (U+2Fxx) that Qt 6.4's ToUnicode map gives for glyphs Noto CJK shares with the ideographs
// (目 reads back as ⽬).
inline std::string pdftotext_unfolded(const std::string& pdf) {
  const auto r = run("pdftotext -raw '" + pdf + "' -");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out;
  for (char c : r.out)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}
inline std::string pdftotext(const std::string& pdf) {
  return QString::fromStdString(pdftotext_unfolded(pdf))
      .normalized(QString::NormalizationForm_KC)
      .toStdString();
}

/// Page `page` (1-based) of the PDF as pdftotext_unfolded reads it.
inline std::string pdftotext_page(const std::string& pdf, int page) {
  const auto r = run("pdftotext -raw -f " + std::to_string(page) + " -l " + std::to_string(page) +
                     " '" + pdf + "' -");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out;
  for (char c : r.out)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

/// The PDF's text with its layout kept (pdftotext -layout): a table row is one line.
inline std::string pdftotext_layout(const std::string& pdf) {
  const auto r = run("pdftotext -layout '" + pdf + "' -");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

/// Whether `line` of pdftotext_layout output holds `s` unbroken, on one line.
inline bool on_one_line(const std::string& layout, const std::string& s) {
  std::size_t start = 0;
  while (start < layout.size()) {
    const std::size_t end = std::min(layout.find('\n', start), layout.size());
    if (layout.substr(start, end - start).find(s) != std::string::npos) return true;
    start = end + 1;
  }
  return false;
}

/// The code points of UTF-8 `text` in the CJK radical blocks (U+2E80–U+2FDF: radicals
/// supplement and Kangxi radicals), as "U+XXXX at byte N" lines; "" when there are none. The
/// text of a report is the text: 目 must read back as 目, never as the radical ⽬ that Noto CJK
/// draws with the same glyph.
inline std::string cjk_radicals_in(const std::string& text) {
  std::string found;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if ((b0 & 0xF0) != 0xE0) continue;  // radicals are 3-byte sequences
    const unsigned cp = ((b0 & 0x0Fu) << 12) |
                        ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    if (cp >= 0x2E80 && cp <= 0x2FDF) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "U+%04X at byte %zu\n", cp, i);
      found += buf;
    }
  }
  return found;
}

/// A report's PDF read back as written: every string of `expected` (UTF-8, whitespace is
/// ignored) found verbatim in pdftotext's unfolded text, and no CJK radical anywhere.
inline void expect_text_as_written(const std::string& pdf,
                                   const std::vector<std::string>& expected) {
  const std::string text = pdftotext_unfolded(pdf);
  EXPECT_EQ(cjk_radicals_in(text), "") << pdf;
  for (const std::string& s : expected) {
    std::string want;
    for (char c : s)
      if (!std::isspace(static_cast<unsigned char>(c))) want += c;
    EXPECT_NE(text.find(want), std::string::npos) << pdf << ": no '" << s << "' in " << text;
  }
}

/// pdfinfo's "Page size:" line ("595.276 x 841.89 pts (A4)"); "" when missing.
inline std::string pdf_page_size(const std::string& pdf) {
  const auto r = run("pdfinfo '" + pdf + "'");
  const auto pos = r.out.find("Page size:");
  if (pos == std::string::npos) return {};
  const auto start = r.out.find_first_not_of(' ', pos + 10);
  return r.out.substr(start, r.out.find('\n', start) - start);
}

inline int pdf_pages(const std::string& pdf) {
  const auto r = run("pdfinfo '" + pdf + "'");
  const auto pos = r.out.find("Pages:");
  if (pos == std::string::npos) return -1;
  return std::stoi(r.out.substr(pos + 6));
}

}  // namespace hubland::test
