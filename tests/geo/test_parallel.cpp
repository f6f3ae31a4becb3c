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
