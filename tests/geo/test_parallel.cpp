// parallel_for_each: every item once, on the threads asked for, failures rethrown.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>

#include "hubland/geo/parallel.hpp"

namespace hubland::geo {
namespace {

TEST(Parallel, ForEachVisitsEveryItemOnce) {
  std::vector<int> hits(7, 0);
  std::mutex mutex;
  std::set<int> workers;
  parallel_for_each(hits.size(), 3, [&](std::size_t i, int w) {
    ++hits[i];  // slot i belongs to this call only
    std::lock_guard lock(mutex);
    workers.insert(w);
  });
  EXPECT_EQ(hits, std::vector<int>(7, 1));
  for (int w : workers) {
    EXPECT_GE(w, 0);
    EXPECT_LT(w, 3);
  }
  std::atomic<int> calls{0};
  parallel_for_each(0, 2, [&](std::size_t, int) { ++calls; });
  EXPECT_EQ(calls.load(), 0);
}

TEST(Parallel, ForEachRethrowsAFailure) {
  EXPECT_THROW(parallel_for_each(4, 2,
                                 [](std::size_t i, int) {
                                   if (i == 2) throw std::runtime_error("item 2");
                                 }),
               std::runtime_error);
}

}  // namespace
}  // namespace hubland::geo

TEST(Parallel, ResizeTouchedKeepsTheElementsAndDefaultConstructsTheNewOnes) {
  struct Item {
    double value = -1;
    std::vector<int> list;
  };
  std::vector<Item> v(3);
  v[1].value = 7;
  v[2].list = {1, 2};
  // 40 MiB of new storage: more than two 16 MiB slices, so the pages are touched on threads.
  const std::size_t n = (40u << 20) / sizeof(Item);
  hubland::geo::resize_touched(v, n, 2);
  ASSERT_EQ(v.size(), n);
  EXPECT_EQ(v[1].value, 7);
  EXPECT_EQ(v[2].list, (std::vector<int>{1, 2}));
  std::size_t defaults = 0;
  for (std::size_t i = 3; i < n; ++i) defaults += v[i].value == -1 && v[i].list.empty();
  EXPECT_EQ(defaults, n - 3);
  hubland::geo::resize_touched(v, 5, 2);  // shrinking is a plain resize
  EXPECT_EQ(v.size(), 5u);
}
