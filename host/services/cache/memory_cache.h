// The in-memory cache backend (the default): an ordered map for exact prefix
// invalidation and an LRU list for eviction, behind one mutex.
//
//   std::unique_ptr<Cache> cache = MakeMemoryCache({.max_bytes = 64 << 20});
//
// Get holds the mutex only to find the entry and take a reference to its
// value; the copy handed to the caller is made after unlocking, so large
// values do not lengthen the critical section. Get and Put are O(log n);
// InvalidatePrefix is O(log n + dropped entries).
#ifndef ODMCP_HOST_SERVICES_CACHE_MEMORY_CACHE_H_
#define ODMCP_HOST_SERVICES_CACHE_MEMORY_CACHE_H_

#include <cstddef>
#include <memory>

#include "host/services/cache/cache.h"

namespace odmcp {

struct MemoryCacheOptions {
  // Bound on the sum of CacheEntryBytes over the entries.
  size_t max_bytes = size_t{64} << 20;
  // Milliseconds; empty means std::chrono::steady_clock, which wall-clock
  // adjustments cannot make entries live longer or shorter.
  CacheClock now_ms = {};
};

std::unique_ptr<Cache> MakeMemoryCache(MemoryCacheOptions options);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_CACHE_MEMORY_CACHE_H_
