// ToUnicode CMaps without CJK radicals: hand-written CMaps rewritten in place, same length.
#include <gtest/gtest.h>

#include <string>

#include "../../app/report/src/pdf_to_unicode.hpp"

using hubland::report::detail::canonicalise_cjk_to_unicode;

TEST(PdfToUnicode, RadicalDestinationsBecomeTheirIdeographs) {
  // bfchar: source <2F6C> stays (a glyph id), destination ⽬ U+2F6C -> 目 U+76EE. bfrange: a
  // one-code range ⽐ U+2F50 -> 比 U+6BD4; an array ⻅ U+2EC5 -> 见 U+89C1 (no decomposition:
  // the supplement table), across a line break; a run of three codes from one radical stays.
  std::string pdf =
      "stream\n/CIDInit begincmap\n2 beginbfchar\n<2F6C> <2F6C>\n<0005> <0041>\nendbfchar\n"
      "3 beginbfrange\n<0004> <0004> <2F50>\n<0010> <0012> <2F00>\n<0020> <0022> [<2EC5> <76EE>\n"
      "<2F6C>]\nendbfrange\nendcmap\nendstream\n<2F6C> outside any CMap";
  const std::size_t size = pdf.size();
  EXPECT_EQ(canonicalise_cjk_to_unicode(pdf), 4);
  EXPECT_EQ(pdf.size(), size);  // the cross-reference offsets stay valid
  EXPECT_EQ(pdf,
            "stream\n/CIDInit begincmap\n2 beginbfchar\n<2F6C> <76EE>\n<0005> <0041>\nendbfchar\n"
            "3 beginbfrange\n<0004> <0004> <6BD4>\n<0010> <0012> <2F00>\n<0020> <0022> [<89C1> "
            "<76EE>\n<76EE>]\nendbfrange\nendcmap\nendstream\n<2F6C> outside any CMap");
}
