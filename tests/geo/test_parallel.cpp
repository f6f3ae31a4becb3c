// parallel_for_each: every item once, on the threads asked for, failures rethrown.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
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

TEST(Parallel, WhenSeveralItemsFailTheFirstItemsFailureIsRethrown) {
  // Item 1 fails at once, item 0 later: the failure rethrown is item 0's whatever the timing
  // (it was the first to be caught before, when both had been taken).
  for (int round = 0; round < 5; ++round) {
    try {
      parallel_for_each(2, 2, [](std::size_t i, int) {
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(30));
        throw std::runtime_error("item " + std::to_string(i));
      });
      FAIL() << "no failure";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "item 0");
    }
  }
  // Ranges of many items: the earliest failing item's range wins.
  ParallelOptions o;
  o.threads = 2;
  o.chunk = 10;
  try {
    run_parallel(40, o, [](WorkQueue& q, int) {
      std::size_t begin = 0, end = 0;
      while (q.next(begin, end))
        for (std::size_t i = begin; i < end; ++i) {
          if (i == 5) std::this_thread::sleep_for(std::chrono::milliseconds(30));
          if (i == 5 || i == 12) throw std::runtime_error("item " + std::to_string(i));
        }
    });
    FAIL() << "no failure";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "item 5");
  }
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
