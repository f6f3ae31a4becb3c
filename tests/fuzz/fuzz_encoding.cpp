// Fuzz harness: encoding detection and decoding of DBF text. The input's lines are the text
// samples a layer would give detect_encoding(); the first byte is also read as a DBF LDID and
// the first line as a .cpg text.
// Properties: detection either decides or stops with hubland::Error; input that is all valid
// UTF-8 is decided as UTF-8 (or ASCII); whatever a decoder returns is valid UTF-8.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "hubland/error.hpp"
#include "hubland/layers/encoding.hpp"

using namespace hubland;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_libraries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> samples = fuzz::split_lines(bytes);
  bool all_utf8 = true;
  for (const auto& s : samples) all_utf8 = all_utf8 && layers::is_valid_utf8(s);
  try {
    const layers::EncodingDecision d = layers::detect_encoding(samples, "fuzz.dbf");
    fuzz::require(!all_utf8 || layers::is_utf8_name(d.encoding), "valid UTF-8 is decided UTF-8");
  } catch (const Error&) {
    fuzz::require(!all_utf8, "valid UTF-8 never stops detection");
  }
  if (const auto name = layers::normalise_encoding(samples.front())) {
    try {
      layers::Decoder named(*name);
      if (auto text = named.try_decode(bytes))
        fuzz::require(layers::is_valid_utf8(*text), "decoded text is UTF-8");
    } catch (const Error&) {
    }
  }
  if (size > 0) layers::encoding_from_ldid(data[0]);
  static layers::Decoder gbk("CP936");
  if (auto text = gbk.try_decode(bytes))
    fuzz::require(layers::is_valid_utf8(*text), "GBK decoded text is UTF-8");
  std::string dropped;
  fuzz::require(layers::is_valid_utf8(gbk.decode_lossy(bytes, &dropped)),
                "lossy GBK decoding gives UTF-8");
  layers::hex_bytes(bytes.substr(0, 64));
  return 0;
}
