// The kernel told to write a growing file while it grows (layers/src/writeback.hpp): the pages
// are queued once each time the file has grown by a step, whoever writes it, and a file that
// cannot be followed costs nothing. (What the queueing saves happens in the kernel: measured
// in docs/performance.md, "The disk told to write while the files grow".)
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "../../layers/src/writeback.hpp"
#include "test_support.hpp"

namespace hubland::layers::detail {
namespace {

void append(const std::string& path, std::size_t bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  const std::vector<char> block(std::size_t{1} << 20, 'x');
  for (std::size_t done = 0; done < bytes;) {
    const std::size_t n = std::min(block.size(), bytes - done);
    out.write(block.data(), static_cast<std::streamsize>(n));
    done += n;
  }
  ASSERT_TRUE(out.flush());
}

TEST(Writeback, PagesAreQueuedOnceEachTimeTheFileGrowsByAStep) {
  const std::string path = test::temp_dir() + "/growing.csv";
  append(path, 0);  // the writer creates the file, then the follower opens it
  Writeback writeback(path);
  constexpr std::size_t step = Writeback::kStepBytes;
  append(path, step - 1);
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 0u);  // one byte short of a step
  append(path, 1);
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 1u);
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 1u);  // not grown since
  append(path, step / 2);
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 1u);  // half a step since the last queueing
  append(path, step / 2);
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 2u);
  append(path, 3 * step);  // grown by three steps between two looks: queued once
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 3u);
}

TEST(Writeback, AFileThatCannotBeOpenedIsNotFollowed) {
  Writeback writeback(test::temp_dir() + "/no such folder/facts.csv");
  writeback.grown();
  EXPECT_EQ(writeback.queued(), 0u);
}

}  // namespace
}  // namespace hubland::layers::detail
