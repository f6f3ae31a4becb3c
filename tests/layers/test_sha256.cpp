// The engine's one SHA-256 (hubland/layers/sha256.hpp) against the digests FIPS 180-2 publishes.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "hubland/error.hpp"
#include "hubland/layers/sha256.hpp"
#include "test_support.hpp"

namespace hubland::layers {
namespace {

TEST(Sha256, PublishedDigestsWholeAndInPiecesAndOfAFile) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(sha256_hex(two_blocks),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // A million 'a's, fed in uneven pieces.
  Sha256 s;
  const std::string a(1000, 'a');
  std::size_t fed = 0;
  for (std::size_t piece = 1; fed < 1000000; piece = piece % 997 + 1) {
    const std::size_t n = std::min(piece, 1000000 - fed);
    s.update(a.data(), n);
    fed += n;
  }
  EXPECT_EQ(s.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  const std::string path = test::temp_dir() + "/abc.txt";
  std::ofstream(path, std::ios::binary) << "abc";
  EXPECT_EQ(sha256_file(path), sha256_hex("abc"));
  try {
    sha256_file(path + ".missing");
    FAIL() << "a missing file must not hash";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, path + ".missing");
  }
}

}  // namespace
}  // namespace hubland::layers
