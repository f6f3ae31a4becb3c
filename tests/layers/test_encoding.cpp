// Text encodings: UTF-8 validation, code-page names, LDID bytes, strict decoding, detection.
#include <gtest/gtest.h>

#include "hubland/error.hpp"
#include "hubland/layers/encoding.hpp"
#include "hubland/layers/shapefile_names.hpp"

using namespace hubland;
using namespace hubland::layers;

namespace {
// 渝中区 in GBK and in UTF-8.
const std::string kYuzhongGbk = "\xD3\xE5\xD6\xD0\xC7\xF8";
const std::string kYuzhongUtf8 = "\xE6\xB8\x9D\xE4\xB8\xAD\xE5\x8C\xBA";
}  // namespace

TEST(Encoding, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8(kYuzhongUtf8));
  EXPECT_FALSE(is_valid_utf8(kYuzhongGbk));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE5\x8C"));          // cut mid-character
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));   // U+1F600
}

TEST(Encoding, NormalisesCpgSpellings) {
  EXPECT_EQ(normalise_encoding("UTF-8"), "UTF-8");
  EXPECT_EQ(normalise_encoding("utf8\r\n"), "UTF-8");
  EXPECT_EQ(normalise_encoding("65001"), "UTF-8");
  EXPECT_EQ(normalise_encoding("CP936"), "CP936");
  EXPECT_EQ(normalise_encoding("936"), "CP936");
  EXPECT_EQ(normalise_encoding("GBK"), "CP936");
  EXPECT_EQ(normalise_encoding("gb2312"), "CP936");
  EXPECT_EQ(normalise_encoding("GB18030"), "GB18030");
  EXPECT_EQ(normalise_encoding("88591"), "ISO-8859-1");
  EXPECT_EQ(normalise_encoding("1251"), "CP1251");
  EXPECT_EQ(normalise_encoding(""), std::nullopt);
  EXPECT_EQ(normalise_encoding("no-such-encoding-xyz"), std::nullopt);
  // Binary junk around a name is not that name (iconv would drop the junk and take "UTF8").
  EXPECT_EQ(normalise_encoding(std::string("\x01\0\0\0UTF8", 8)), std::nullopt);
  EXPECT_EQ(normalise_encoding("\x7fGBK"), std::nullopt);
}

TEST(Encoding, ShapefileEncodingsGoThroughTheSameNames) {
  for (const char* n : {"UTF-8", "utf8", "UTF_8", "65001"})
    EXPECT_EQ(dbf_encoding_name(n), "UTF-8");
  for (const char* n : {"GBK", "cp936", "936", "GB2312", "gb-2312"})
    EXPECT_EQ(dbf_encoding_name(n), "CP936") << n;
  EXPECT_THROW(dbf_encoding_name("GB18030"), Error);  // a real code page, not for DBF output
  EXPECT_THROW(dbf_encoding_name("latin1"), Error);
}

TEST(Encoding, LdidBytes) {
  EXPECT_EQ(encoding_from_ldid(0x4D), "CP936");
  EXPECT_EQ(encoding_from_ldid(0x7A), "CP936");
  EXPECT_EQ(encoding_from_ldid(0x57), "CP1252");
  EXPECT_EQ(encoding_from_ldid(0x00), std::nullopt);
  EXPECT_EQ(encoding_from_ldid(0xFF), std::nullopt);
}

TEST(Encoding, DecoderIsStrict) {
  Decoder gbk("CP936");
  EXPECT_EQ(gbk.decode(kYuzhongGbk), kYuzhongUtf8);
  EXPECT_EQ(gbk.decode("ABC"), "ABC");
  // A lone lead byte is not GBK: never a silent '?'.
  EXPECT_EQ(gbk.try_decode("\xD3"), std::nullopt);
  try {
    gbk.decode("\xD3");
    FAIL() << "expected an Encoding error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Encoding);
    EXPECT_EQ(e.message(), "text is not valid CP936 (bytes d3)");
  }
  Decoder utf8("UTF-8");
  EXPECT_EQ(utf8.try_decode(kYuzhongGbk), std::nullopt);
  EXPECT_EQ(utf8.decode(kYuzhongUtf8), kYuzhongUtf8);
  EXPECT_THROW(Decoder("NOT-A-CODEPAGE"), Error);
  // An alias of UTF-8 that only iconv knows goes through glibc's converter, which passes a code
  // point past U+10FFFF (F4 B8 A9 A9) through; the Decoder still refuses it (found by fuzzing).
  Decoder alias("UTF8");
  EXPECT_EQ(alias.try_decode("\xF4\xB8\xA9\xA9"), std::nullopt);
  EXPECT_EQ(alias.try_decode(kYuzhongUtf8), kYuzhongUtf8);
}

TEST(Encoding, LossyDecodeReportsCutCharacter) {
  Decoder utf8("UTF-8");
  std::string dropped;
  // 区县名称 cut at 10 bytes (the real DBF field name of cq_districts_utf8_truncfield).
  const std::string cut = "\xE5\x8C\xBA\xE5\x8E\xBF\xE5\x90\x8D\xE7";
  EXPECT_EQ(utf8.decode_lossy(cut, &dropped), "区县名");
  EXPECT_EQ(dropped, "e7");
  EXPECT_EQ(utf8.decode_lossy("abc", &dropped), "abc");
  EXPECT_EQ(dropped, "");
  // Bad byte in the middle becomes U+FFFD, and is reported.
  EXPECT_EQ(utf8.decode_lossy("a\xFF"
                              "b",
                              &dropped),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(dropped, "ff");
}

TEST(Encoding, DetectsUtf8AsciiAndGbk) {
  auto ascii = detect_encoding({"abc", "P-1"}, "x.dbf");
  EXPECT_EQ(ascii.encoding, "UTF-8");
  EXPECT_EQ(ascii.source, EncodingSource::Ascii);
  auto utf8 = detect_encoding({"abc", kYuzhongUtf8}, "x.dbf");
  EXPECT_EQ(utf8.source, EncodingSource::DetectedUtf8);
  auto gbk = detect_encoding({"abc", kYuzhongGbk, "\xCD\xF2\xD6\xDD\xC7\xF8"}, "x.dbf");
  EXPECT_EQ(gbk.encoding, "CP936");
  EXPECT_EQ(gbk.source, EncodingSource::DetectedGbk);
  EXPECT_EQ(gbk.explanation, "detected: not valid UTF-8, all text decodes as GBK Chinese");
}

TEST(Encoding, UndecidableStopsAndShowsBothReadings) {
  // "Café Müller" in Latin-1: not UTF-8, and 'é' followed by a space is not a GBK pair.
  const std::string latin = "Caf\xE9 M\xFCller";
  try {
    detect_encoding({"abc", latin}, "owners.dbf");
    FAIL() << "expected an Encoding error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Encoding);
    EXPECT_EQ(e.where().file, "owners.dbf");
    const std::string m = e.message();
    EXPECT_NE(m.find("Pass --encoding GBK"), std::string::npos) << m;
    EXPECT_NE(m.find("as Latin-1 \"Café Müller\""), std::string::npos) << m;
    EXPECT_NE(m.find("reads as GBK \""), std::string::npos) << m;
    EXPECT_NE(m.find("43 61 66 e9 20 4d fc"), std::string::npos) << m;
  }
}

TEST(Encoding, LatinThatHappensToPairAsGbkIsNotTakenForChinese) {
  // "é" then "e": bytes e9 65 form a valid GBK pair, but the result is not Chinese text.
  const std::string latin =
      "Ren\xE9"
      "e Ol\xE9"
      "e";
  EXPECT_THROW(detect_encoding({latin}, "x.dbf"), Error);
}
