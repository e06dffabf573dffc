// What only the SQLite backend has: persistence across reopening, open
// errors, and failures after open.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "host/services/cache/sqlite_cache.h"
#include "host/services/storage/connection.h"
#include "tests/unit/cache_ratelimit/temp_dir.h"

namespace odmcp {
namespace {

constexpr int64_t kTtl = 60'000;

class SqliteCacheTest : public ::testing::Test {
 protected:
  std::unique_ptr<Cache> Open(size_t max_bytes = size_t{1} << 20) {
    StatusOr<std::unique_ptr<Cache>> cache =
        OpenSqliteCache({.path = path_,
                         .max_bytes = max_bytes,
                         .now_ms = [this] { return now_; },
                         .on_error = [this](const std::string& m) { errors_.push_back(m); }});
    EXPECT_TRUE(cache.ok()) << cache.error();
    return cache.ok() ? std::move(cache).value() : nullptr;
  }

  testing::TempDir dir_;
  std::string path_ = dir_.path() + "/cache.db";
  int64_t now_ = 1'700'000'000'000;
  std::vector<std::string> errors_;
};

TEST_F(SqliteCacheTest, EntriesSurviveReopening) {
  const size_t bound = 3 * CacheEntryBytes("k1", "v");
  {
    auto cache = Open(bound);
    cache->Put("k1", "v", kTtl);
    cache->Put("k2", "v", kTtl);
    cache->Put("k3", "v", 100);
    ASSERT_EQ(cache->Get("k1"), "v");  // k2 is now the least recently used
  }
  auto cache = Open(bound);
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.entries, 3u);
  EXPECT_EQ(stats.bytes, bound);
  EXPECT_EQ(stats.hits, 0u);
  EXPECT_EQ(stats.puts, 0u);

  cache->Put("k4", "v", kTtl);  // recency persisted: evicts k2
  EXPECT_EQ(cache->Get("k2"), std::nullopt);
  EXPECT_EQ(cache->Get("k1"), "v");
  EXPECT_EQ(cache->Get("k3"), "v");
  now_ += 100;  // expiry times persisted too
  EXPECT_EQ(cache->Get("k3"), std::nullopt);
  EXPECT_EQ(cache->stats().entries, 2u);
}

TEST_F(SqliteCacheTest, InvalidationSurvivesReopening) {
  {
    auto cache = Open();
    cache->Put("p:1", "v", kTtl);
    cache->Put("p:2", "v", kTtl);
    cache->Put("q:1", "v", kTtl);
    EXPECT_EQ(cache->InvalidatePrefix("p:"), 2u);
  }
  auto cache = Open();
  EXPECT_EQ(cache->stats().entries, 1u);
  EXPECT_EQ(cache->Get("p:1"), std::nullopt);
  EXPECT_EQ(cache->Get("q:1"), "v");
}

TEST_F(SqliteCacheTest, OpenFailureNamesTheFile) {
  std::string path = dir_.path() + "/missing-dir/cache.db";
  StatusOr<std::unique_ptr<Cache>> cache = OpenSqliteCache({.path = path});
  ASSERT_FALSE(cache.ok());
  EXPECT_NE(cache.error().find(path), std::string::npos) << cache.error();
}

TEST_F(SqliteCacheTest, RefusesAFileThatIsNotADatabase) {
  std::ofstream(path_) << "this is not an SQLite database, just some text long enough";
  StatusOr<std::unique_ptr<Cache>> cache = OpenSqliteCache({.path = path_});
  ASSERT_FALSE(cache.ok());
  EXPECT_NE(cache.error().find(path_), std::string::npos) << cache.error();
}

TEST_F(SqliteCacheTest, FailuresAfterOpenAreMissesAndReported) {
  auto cache = Open();
  cache->Put("a", "1", kTtl);
  storage::Connection(path_, SQLITE_OPEN_READWRITE, 1000).Exec("DROP TABLE cache_entries");

  EXPECT_EQ(cache->Get("a"), std::nullopt);
  cache->Put("b", "2", kTtl);
  EXPECT_EQ(cache->InvalidatePrefix(""), 0u);
  ASSERT_EQ(errors_.size(), 3u);
  for (const std::string& error : errors_) {
    EXPECT_NE(error.find(path_), std::string::npos) << error;
  }
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.puts, 1u);
}

}  // namespace
}  // namespace odmcp
