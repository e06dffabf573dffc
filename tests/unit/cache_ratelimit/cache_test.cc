// The semantics every Cache backend shares (cache.h), run against both the
// memory and the SQLite backend.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "host/services/cache/cache.h"
#include "host/services/cache/memory_cache.h"
#include "host/services/cache/scoped_cache_key.h"
#include "host/services/cache/sqlite_cache.h"
#include "tests/unit/cache_ratelimit/temp_dir.h"

namespace odmcp {
namespace {

constexpr int64_t kTtl = 60'000;

struct MemoryBackend {
  static constexpr int kConcurrentRounds = 2000;
  std::unique_ptr<Cache> Open(size_t max_bytes, CacheClock clock) {
    return MakeMemoryCache({.max_bytes = max_bytes, .now_ms = std::move(clock)});
  }
};

struct SqliteBackend {
  // Every operation is a transaction; fewer rounds keep the test quick.
  static constexpr int kConcurrentRounds = 60;
  std::unique_ptr<Cache> Open(size_t max_bytes, CacheClock clock) {
    StatusOr<std::unique_ptr<Cache>> cache = OpenSqliteCache(
        {.path = dir.path() + "/cache.db", .max_bytes = max_bytes, .now_ms = std::move(clock)});
    if (!cache.ok()) {
      ADD_FAILURE() << cache.error();
      return nullptr;
    }
    return std::move(cache).value();
  }
  testing::TempDir dir;
};

template <class Backend>
class CacheTest : public ::testing::Test {
 protected:
  std::unique_ptr<Cache> Open(size_t max_bytes = size_t{1} << 20) {
    return backend_.Open(max_bytes, [this] { return now_.load(); });
  }
  // A bound that holds exactly `n` entries with keys of `key_size` bytes
  // and one-byte values.
  static size_t BoundFor(int n, size_t key_size) {
    return static_cast<size_t>(n) * CacheEntryBytes(std::string(key_size, 'k'), "v");
  }

  Backend backend_;
  std::atomic<int64_t> now_{1'700'000'000'000};
};

class BackendNames {
 public:
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, MemoryBackend> ? "Memory" : "Sqlite";
  }
};

using Backends = ::testing::Types<MemoryBackend, SqliteBackend>;
TYPED_TEST_SUITE(CacheTest, Backends, BackendNames);

TYPED_TEST(CacheTest, CountsHitsMissesAndPuts) {
  auto cache = this->Open();
  EXPECT_EQ(cache->Get("a"), std::nullopt);
  cache->Put("a", "1", kTtl);
  EXPECT_EQ(cache->Get("a"), "1");
  EXPECT_EQ(cache->Get("a"), "1");
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.puts, 1u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, CacheEntryBytes("a", "1"));
  EXPECT_EQ(stats.evictions, 0u);
  EXPECT_EQ(stats.expirations, 0u);
}

TYPED_TEST(CacheTest, PutReplacesValueAndSize) {
  auto cache = this->Open();
  cache->Put("a", "1", kTtl);
  cache->Put("a", "22", kTtl);
  EXPECT_EQ(cache->Get("a"), "22");
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.puts, 2u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, CacheEntryBytes("a", "22"));
}

TYPED_TEST(CacheTest, KeysAndValuesAreBytes) {
  auto cache = this->Open();
  std::string key("k\0\xff\x1f", 4);
  std::string value("\0\x01\xfe\xff", 4);
  cache->Put(key, value, kTtl);
  cache->Put("empty", "", kTtl);
  EXPECT_EQ(cache->Get(key), value);
  EXPECT_EQ(cache->Get(std::string("k\0", 2)), std::nullopt);
  EXPECT_EQ(cache->Get("empty"), "");
}

TYPED_TEST(CacheTest, EntryExpiresAfterItsTtl) {
  auto cache = this->Open();
  cache->Put("a", "1", 100);
  this->now_ += 99;
  EXPECT_EQ(cache->Get("a"), "1");
  this->now_ += 1;
  EXPECT_EQ(cache->Get("a"), std::nullopt);
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.expirations, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.entries, 0u);
  EXPECT_EQ(stats.bytes, 0u);
}

TYPED_TEST(CacheTest, ReplacingRestartsTheTtl) {
  auto cache = this->Open();
  cache->Put("a", "1", 100);
  this->now_ += 90;
  cache->Put("a", "2", 100);
  this->now_ += 50;
  EXPECT_EQ(cache->Get("a"), "2");
}

TYPED_TEST(CacheTest, NonPositiveTtlStoresNothingAndDropsTheOldValue) {
  auto cache = this->Open();
  cache->Put("a", "1", kTtl);
  cache->Put("a", "2", 0);
  cache->Put("b", "2", -5);
  EXPECT_EQ(cache->Get("a"), std::nullopt);
  EXPECT_EQ(cache->Get("b"), std::nullopt);
  EXPECT_EQ(cache->stats().entries, 0u);
  EXPECT_EQ(cache->stats().bytes, 0u);
}

TYPED_TEST(CacheTest, EvictsTheLeastRecentlyUsedEntry) {
  auto cache = this->Open(this->BoundFor(3, 2));
  cache->Put("k1", "v", kTtl);
  cache->Put("k2", "v", kTtl);
  cache->Put("k3", "v", kTtl);
  ASSERT_EQ(cache->Get("k1"), "v");  // k2 is now the least recently used
  cache->Put("k4", "v", kTtl);
  EXPECT_EQ(cache->Get("k2"), std::nullopt);
  EXPECT_EQ(cache->Get("k1"), "v");
  EXPECT_EQ(cache->Get("k3"), "v");
  EXPECT_EQ(cache->Get("k4"), "v");
  cache->Put("k3", "v", kTtl);  // a Put is a use too: k1 is now the oldest
  cache->Put("k5", "v", kTtl);
  EXPECT_EQ(cache->Get("k1"), std::nullopt);
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.evictions, 2u);
  EXPECT_EQ(stats.entries, 3u);
  EXPECT_EQ(stats.bytes, this->BoundFor(3, 2));
}

TYPED_TEST(CacheTest, EvictsAsManyAsALargeEntryNeeds) {
  auto cache = this->Open(this->BoundFor(4, 2));
  for (const char* key : {"k1", "k2", "k3", "k4"}) cache->Put(key, "v", kTtl);
  // Takes the room of three small entries.
  std::string big(2 * CacheEntryBytes("k1", "v") + 1, 'x');
  cache->Put("kb", big, kTtl);
  EXPECT_EQ(cache->Get("k1"), std::nullopt);
  EXPECT_EQ(cache->Get("k2"), std::nullopt);
  EXPECT_EQ(cache->Get("k3"), std::nullopt);
  EXPECT_EQ(cache->Get("k4"), "v");
  EXPECT_EQ(cache->Get("kb"), big);
  EXPECT_EQ(cache->stats().evictions, 3u);
  EXPECT_LE(cache->stats().bytes, this->BoundFor(4, 2));
}

TYPED_TEST(CacheTest, ExpiredVictimCountsAsExpiration) {
  auto cache = this->Open(this->BoundFor(2, 2));
  cache->Put("k1", "v", 10);
  cache->Put("k2", "v", kTtl);
  this->now_ += 20;
  cache->Put("k3", "v", kTtl);
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.expirations, 1u);
  EXPECT_EQ(stats.evictions, 0u);
  EXPECT_EQ(cache->Get("k2"), "v");
}

TYPED_TEST(CacheTest, BoundCountsKeyValueAndOverhead) {
  std::string value(100, 'v');
  auto cache = this->Open(CacheEntryBytes("key", value));
  cache->Put("key", value, kTtl);
  EXPECT_EQ(cache->Get("key"), value);
  cache->Put("key", value + "v", kTtl);
  EXPECT_EQ(cache->Get("key"), std::nullopt);
}

TYPED_TEST(CacheTest, ValueLargerThanTheBoundIsNotStored) {
  auto cache = this->Open(1000);
  cache->Put("small", "v", kTtl);
  cache->Put("a", "old", kTtl);
  cache->Put("a", std::string(1000, 'x'), kTtl);
  EXPECT_EQ(cache->Get("a"), std::nullopt);  // not the stale "old"
  EXPECT_EQ(cache->Get("small"), "v");
  CacheStats stats = cache->stats();
  EXPECT_EQ(stats.puts, 2u);
  EXPECT_EQ(stats.evictions, 0u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, CacheEntryBytes("small", "v"));
}

TYPED_TEST(CacheTest, InvalidatePrefixDropsExactlyTheMatchingKeys) {
  auto cache = this->Open();
  for (const char* key : {"orders:1001", "orders:1001:a", "orders:1001:b", "orders:10010",
                          "orders:1002:a", "orders:1001;", "order"}) {
    cache->Put(key, "v", kTtl);
  }
  EXPECT_EQ(cache->InvalidatePrefix("orders:1001:"), 2u);
  EXPECT_EQ(cache->Get("orders:1001:a"), std::nullopt);
  EXPECT_EQ(cache->Get("orders:1001:b"), std::nullopt);
  size_t remaining_bytes = 0;
  for (const char* key : {"orders:1001", "orders:10010", "orders:1002:a", "orders:1001;", "order"}) {
    EXPECT_EQ(cache->Get(key), "v") << key;
    remaining_bytes += CacheEntryBytes(key, "v");
  }
  EXPECT_EQ(cache->InvalidatePrefix("missing"), 0u);
  EXPECT_EQ(cache->stats().entries, 5u);
  EXPECT_EQ(cache->stats().bytes, remaining_bytes);
}

TYPED_TEST(CacheTest, InvalidatePrefixCountsExpiredEntries) {
  auto cache = this->Open();
  cache->Put("p:1", "v", 10);
  cache->Put("p:2", "v", kTtl);
  this->now_ += 20;
  EXPECT_EQ(cache->InvalidatePrefix("p:"), 2u);
  EXPECT_EQ(cache->stats().entries, 0u);
}

TYPED_TEST(CacheTest, ScopedPrefixNeverReachesAnotherTenantOrPlugin) {
  auto cache = this->Open();
  cache->Put(ScopedCacheKey("1", "p", "order:1"), "v", kTtl);
  cache->Put(ScopedCacheKey("1", "p", "order:2"), "v", kTtl);
  cache->Put(ScopedCacheKey("12", "p", "order:1"), "v", kTtl);
  cache->Put(ScopedCacheKey("1", "p2", "order:1"), "v", kTtl);
  cache->Put(ScopedCacheKey("1", "", "order:1"), "v", kTtl);
  EXPECT_EQ(cache->InvalidatePrefix(ScopedCacheKey("1", "p", "")), 2u);
  EXPECT_EQ(cache->Get(ScopedCacheKey("12", "p", "order:1")), "v");
  EXPECT_EQ(cache->Get(ScopedCacheKey("1", "p2", "order:1")), "v");
  EXPECT_EQ(cache->Get(ScopedCacheKey("1", "", "order:1")), "v");
}

TYPED_TEST(CacheTest, InvalidatePrefixHandlesFfBytes) {
  auto cache = this->Open();
  const std::vector<std::string> keys = {
      "a\xfe", "a\xff", std::string("a\xff\x00", 3), "a\xff\xff", "a\xff\xff\x01",
      "b",     "\xff",  "\xff\xff",                  std::string("\x00", 1)};
  for (const std::string& key : keys) cache->Put(key, "v", kTtl);
  EXPECT_EQ(cache->InvalidatePrefix("a\xff\xff"), 2u);
  EXPECT_EQ(cache->InvalidatePrefix("a\xff"), 2u);
  EXPECT_EQ(cache->Get("a\xfe"), "v");
  EXPECT_EQ(cache->Get("b"), "v");
  EXPECT_EQ(cache->InvalidatePrefix("\xff"), 2u);
  EXPECT_EQ(cache->Get(std::string("\x00", 1)), "v");
  EXPECT_EQ(cache->InvalidatePrefix(""), 3u);
  EXPECT_EQ(cache->stats().entries, 0u);
  EXPECT_EQ(cache->stats().bytes, 0u);
}

TYPED_TEST(CacheTest, DefaultClockKeepsFreshEntries) {
  auto cache = this->backend_.Open(size_t{1} << 20, {});
  cache->Put("a", "1", kTtl);
  EXPECT_EQ(cache->Get("a"), "1");
}

TYPED_TEST(CacheTest, ConcurrentGetsAndPutsAddUp) {
  constexpr int kThreads = 8;
  constexpr int kRounds = TypeParam::kConcurrentRounds;
  auto cache = this->Open();
  std::atomic<int> own_hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        std::string key = "t" + std::to_string(t) + ":" + std::to_string(i % 16);
        cache->Put(key, std::to_string(i), kTtl);
        if (cache->Get(key) == std::to_string(i)) ++own_hits;
        cache->Put("shared", key, kTtl);
        cache->Get("shared:" + std::to_string(i % 4));
        if (i % 50 == 0) cache->InvalidatePrefix("t" + std::to_string(t) + ":");
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CacheStats stats = cache->stats();
  EXPECT_EQ(own_hits.load(), kThreads * kRounds);
  EXPECT_EQ(stats.puts, 2u * kThreads * kRounds);
  EXPECT_EQ(stats.hits + stats.misses, 2u * kThreads * kRounds);
  EXPECT_EQ(stats.hits, static_cast<uint64_t>(kThreads * kRounds));
  // Each thread's keys after its last invalidation, plus "shared".
  size_t expected_entries = 0;
  size_t expected_bytes = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int k = 0; k < 16; ++k) {
      std::string key = "t" + std::to_string(t) + ":" + std::to_string(k);
      if (std::optional<std::string> value = cache->Get(key)) {
        ++expected_entries;
        expected_bytes += CacheEntryBytes(key, *value);
      }
    }
  }
  std::optional<std::string> shared = cache->Get("shared");
  ASSERT_TRUE(shared.has_value());
  EXPECT_EQ(cache->stats().entries, expected_entries + 1);
  EXPECT_EQ(cache->stats().bytes, expected_bytes + CacheEntryBytes("shared", *shared));
}

}  // namespace
}  // namespace odmcp
