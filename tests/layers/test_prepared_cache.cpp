// Prepared overlay layers kept on disk between runs (FactsOptions::prepared_cache_dir): the
// facts are the same with or without the cache, a damaged or foreign file is never taken, and a
// cache that cannot be written costs nothing but the saving.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "facts_fixtures.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/facts.hpp"
#include "test_support.hpp"

namespace hubland::layers {
namespace {

namespace fs = std::filesystem;

class PreparedCache : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_inputs = new AnalysisInputs(sample_spatial_inputs());
    s_fresh = new FactsResult(compute_parcel_facts(*s_inputs, quick()));
  }
  static void TearDownTestSuite() {
    delete s_fresh;
    delete s_inputs;
  }
  static FactsResult facts_with_cache(const std::string& dir) {
    FactsOptions o = quick();
    o.prepared_cache_dir = dir;
    return compute_parcel_facts(*s_inputs, o);
  }
  static void expect_fresh_facts(const FactsResult& r) {
    const Table& a = s_fresh->facts;
    const Table& b = r.facts;
    ASSERT_EQ(a.row_count(), b.row_count());
    ASSERT_EQ(a.column_count(), b.column_count());
    for (std::size_t c = 0; c < a.column_count(); ++c)
      for (std::size_t row = 0; row < a.row_count(); ++row)
        ASSERT_EQ(as_text(a.get(row, c)), as_text(b.get(row, c)))
            << a.column(c).name << " row " << row;
    EXPECT_EQ(s_fresh->counts.repaired, r.counts.repaired);
  }
  static std::vector<fs::path> files(const std::string& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
  static AnalysisInputs* s_inputs;
  static FactsResult* s_fresh;
};
AnalysisInputs* PreparedCache::s_inputs = nullptr;
FactsResult* PreparedCache::s_fresh = nullptr;

TEST_F(PreparedCache, TheSecondRunTakesEveryLayerAndGivesTheSameFacts) {
  const std::string dir = test::temp_dir() + "/prepared";
  ASSERT_GT(s_fresh->counts.layers_prepared, 2u);  // zones, constraints, catchments, grouped
  EXPECT_EQ(s_fresh->counts.layers_from_cache, 0u);

  const FactsResult first = facts_with_cache(dir);
  EXPECT_EQ(first.counts.layers_from_cache, 0u);
  expect_fresh_facts(first);
  // One whole file per layer, nothing left under a temporary name.
  const auto kept = files(dir);
  ASSERT_EQ(kept.size(), first.counts.layers_prepared);
  for (const auto& f : kept) {
    EXPECT_EQ(f.extension(), ".layer") << f;
    EXPECT_EQ(f.stem().string().size(), 64u) << f;  // the key: a SHA-256
  }

  const FactsResult second = facts_with_cache(dir);
  EXPECT_EQ(second.counts.layers_from_cache, second.counts.layers_prepared);
  expect_fresh_facts(second);
  EXPECT_EQ(files(dir), kept);
}

TEST_F(PreparedCache, ADamagedOrForeignFileIsPreparedAgainAndReplaced) {
  const std::string dir = test::temp_dir() + "/prepared";
  const std::size_t layers = facts_with_cache(dir).counts.layers_prepared;
  auto kept = files(dir);
  ASSERT_EQ(kept.size(), layers);
  // The largest file's payload changed in its middle, the next cut in half, the third given
  // another file's bytes (a whole, valid file of another key).
  std::sort(kept.begin(), kept.end(), [](const fs::path& a, const fs::path& b) {
    return fs::file_size(a) > fs::file_size(b);
  });
  fs::copy_file(kept[1], kept[2], fs::copy_options::overwrite_existing);
  fs::resize_file(kept[1], fs::file_size(kept[1]) / 2);
  {
    std::string bytes = test::read_file(kept[0].string());
    bytes[bytes.size() / 2] ^= 0x01;
    std::ofstream(kept[0], std::ios::binary | std::ios::trunc) << bytes;
  }

  const FactsResult r = facts_with_cache(dir);
  EXPECT_EQ(r.counts.layers_from_cache, layers - 3);
  expect_fresh_facts(r);
  // Prepared again and kept whole: the next run takes all of them.
  EXPECT_EQ(facts_with_cache(dir).counts.layers_from_cache, layers);
}

TEST_F(PreparedCache, ACacheThatCannotBeWrittenCostsOnlyTheSaving) {
  const std::string dir = test::temp_dir();
  const std::string not_a_dir = dir + "/a-file";
  std::ofstream(not_a_dir) << "not a folder";
  const FactsResult r = facts_with_cache(not_a_dir + "/prepared");
  EXPECT_EQ(r.counts.layers_from_cache, 0u);
  expect_fresh_facts(r);
  EXPECT_EQ(test::read_file(not_a_dir), "not a folder");
}

TEST_F(PreparedCache, BeyondSixtyFourFilesTheLeastRecentlyUsedGo) {
  const std::string dir = test::temp_dir() + "/prepared";
  fs::create_directories(dir);
  // 70 stale layers from earlier runs, each older than the last; and a file that is not a layer.
  const auto now = fs::file_time_type::clock::now();
  for (int i = 0; i < 70; ++i) {
    const fs::path p = fs::path(dir) / (std::string(64 - std::to_string(i).size(), '0') +
                                        std::to_string(i) + ".layer");
    std::ofstream(p) << "stale";
    fs::last_write_time(p, now - std::chrono::hours(100 - i));
  }
  std::ofstream(fs::path(dir) / "notes.txt") << "kept";
  const FactsResult r = facts_with_cache(dir);
  const std::size_t layers = r.counts.layers_prepared;
  std::size_t layer_files = 0, stale = 0;
  for (const auto& f : files(dir)) {
    if (f.extension() != ".layer") continue;
    ++layer_files;
    if (test::read_file(f.string()) == "stale") {
      ++stale;
      // The oldest went first: what is left of the stale ones is the most recent.
      EXPECT_GE(std::stoi(f.stem().string()), static_cast<int>(70 + layers - 64)) << f;
    }
  }
  EXPECT_EQ(layer_files, 64u);
  EXPECT_EQ(stale, 64u - layers);
  EXPECT_TRUE(fs::exists(fs::path(dir) / "notes.txt"));
  EXPECT_EQ(facts_with_cache(dir).counts.layers_from_cache, layers);
}

}  // namespace
}  // namespace hubland::layers
