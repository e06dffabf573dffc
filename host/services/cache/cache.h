// Cache: the interface both cache backends (memory_cache.h, sqlite_cache.h)
// implement. Keys and values are arbitrary bytes; keys are ordered bytewise,
// which is what makes prefix invalidation a range operation. Callers scope
// keys with ScopedCacheKey (scoped_cache_key.h).
//
// Semantics shared by every backend:
//  - An entry lives for the ttl_ms given to its Put. It is expired once
//    now >= put time + ttl_ms; an expired entry is never returned: Get
//    drops it and counts an expiration and a miss.
//  - Each backend holds at most a configured number of bytes, counted by
//    CacheEntryBytes(). A Put that would exceed the bound evicts the least
//    recently used entries (a hit and a Put both count as a use) until the
//    new entry fits. An entry larger than the whole bound is not stored.
//  - Failures are not reported to the caller: a cache that cannot answer
//    misses, and a value that cannot be stored is simply absent later.
//
// Thread safety: every method of every backend may be called from any
// thread concurrently.
#ifndef ODMCP_HOST_SERVICES_CACHE_CACHE_H_
#define ODMCP_HOST_SERVICES_CACHE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace odmcp {

// Counters since the cache was opened (hits ... expirations), and its
// current contents (entries, bytes). For the SQLite backend the counters
// start at zero on each open while entries and bytes include what survived
// the restart.
struct CacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;         // includes Gets that found an expired entry
  uint64_t puts = 0;           // entries stored (oversized values are not)
  uint64_t evictions = 0;      // live entries dropped to make room
  uint64_t expirations = 0;    // expired entries dropped, by Get or eviction
  uint64_t entries = 0;
  uint64_t bytes = 0;          // sum of CacheEntryBytes over the entries
};

// Bytes charged to every entry on top of its key and value: a round figure
// for the bookkeeping that comes with it (in memory an ordered-map node, an
// LRU-list node and a shared value; in SQLite a row header and an index
// entry). Both backends use the same figure so that one bound means the same
// number of entries in each.
inline constexpr size_t kCacheEntryOverhead = 96;

inline size_t CacheEntryBytes(std::string_view key, std::string_view value) {
  return key.size() + value.size() + kCacheEntryOverhead;
}

// When an entry put at now_ms for ttl_ms expires; saturates instead of
// overflowing for absurdly long TTLs.
inline int64_t CacheExpiryMs(int64_t now_ms, int64_t ttl_ms) {
  return ttl_ms > INT64_MAX - now_ms ? INT64_MAX : now_ms + ttl_ms;
}

// Milliseconds on some monotonic-enough scale; injectable so that tests can
// move time without sleeping.
using CacheClock = std::function<int64_t()>;

class Cache {
 public:
  virtual ~Cache() = default;

  // The value stored under `key`, or nullopt if there is none or it expired.
  virtual std::optional<std::string> Get(std::string_view key) = 0;

  // Stores `value` under `key` for ttl_ms milliseconds, replacing any
  // previous value. ttl_ms <= 0 and a value too large for the bound store
  // nothing, and still remove the previous value (it is no longer current).
  virtual void Put(std::string_view key, std::string_view value, int64_t ttl_ms) = 0;

  // Drops every entry whose key starts with `prefix` (all of them for an
  // empty prefix) and returns how many were dropped, expired ones included.
  virtual size_t InvalidatePrefix(std::string_view prefix) = 0;

  virtual CacheStats stats() const = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_CACHE_CACHE_H_
