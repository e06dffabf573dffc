// WriteFence: keeps a read that raced a write from caching what it read.
//
// A read that misses the cache fetches from OrderDesk and then caches the
// reply. If a write to the same store lands while that fetch is in flight,
// the write's invalidation can run before the read's put, and the put would
// bring back the state the write replaced. So every write advances its
// store's epoch once it is done, and a read caches its reply only if the
// epoch it saw before fetching is still current.
//
// Epochs are per OrderDesk store id, across tenants: two tenants with the
// same store registered share a counter, which only costs a skipped put.
//
// Thread-safe.
#ifndef ODMCP_PLUGINS_COMMON_WRITE_FENCE_H_
#define ODMCP_PLUGINS_COMMON_WRITE_FENCE_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace odmcp::orderdesk {

class WriteFence {
 public:
  // The store's epoch now; take it before fetching.
  uint64_t Epoch(std::string_view store_id) const;
  // Marks a completed write to the store; returns the new epoch.
  uint64_t Advance(std::string_view store_id);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, uint64_t> epochs_;
};

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_WRITE_FENCE_H_
