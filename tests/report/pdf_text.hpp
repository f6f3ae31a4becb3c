#pragma once
// The text of a rendered PDF, for the report suites (pdftotext and pdfinfo from poppler-utils).

#include <gtest/gtest.h>

#include <QString>
#include <cctype>
#include <string>

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

inline int pdf_pages(const std::string& pdf) {
  const auto r = run("pdfinfo '" + pdf + "'");
  const auto pos = r.out.find("Pages:");
  if (pos == std::string::npos) return -1;
  return std::stoi(r.out.substr(pos + 6));
}

}  // namespace hubland::test
