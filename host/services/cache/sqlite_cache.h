// The SQLite cache backend: the same semantics as the memory backend
// (cache.h), kept in its own database file so that entries survive a
// restart. Hit and miss counters are kept in memory only.
//
//   StatusOr<std::unique_ptr<Cache>> cache =
//       OpenSqliteCache({.path = "/var/lib/orderdesk-mcp/cache.db"});
//   if (!cache.ok()) { report(cache.error()); }  // names the file
//
// Recency is a use counter stored with each entry (not a time), so LRU order
// is exact even for uses within the same millisecond, and persists.
//
// Every operation is one write transaction (a hit records its use), and
// operations on one cache are serialized. The file must be used by one
// process at a time: the entry and byte totals are loaded at open and then
// kept in memory.
//
// Runtime failures (disk full, the file damaged underneath us) follow the
// Cache contract: Get misses, Put stores nothing, InvalidatePrefix returns
// 0; each is also passed to options.on_error.
#ifndef ODMCP_HOST_SERVICES_CACHE_SQLITE_CACHE_H_
#define ODMCP_HOST_SERVICES_CACHE_SQLITE_CACHE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "host/common/status.h"
#include "host/services/cache/cache.h"

namespace odmcp {

struct SqliteCacheOptions {
  // The database file, created if absent. Not shared with other data.
  std::string path;
  // Bound on the sum of CacheEntryBytes over the entries (not the file
  // size, which SQLite does not shrink when entries are dropped).
  size_t max_bytes = size_t{256} << 20;
  // Milliseconds since the Unix epoch; empty means the system clock. Expiry
  // times are stored, so the clock must keep counting across restarts.
  CacheClock now_ms = {};
  // Receives the message ("database <path>: <cause>") of each failure after
  // open. Called without the cache's lock held, from the failing call's
  // thread. Empty means failures are only visible as misses.
  std::function<void(const std::string& message)> on_error = {};
};

// Opens or creates the cache file and applies its schema. On failure the
// error names the file and the cause.
StatusOr<std::unique_ptr<Cache>> OpenSqliteCache(SqliteCacheOptions options);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_CACHE_SQLITE_CACHE_H_
