// StreamLimits: how many long-lived event streams (legacy GET streams and
// 2026-era subscriptions/listen streams) are open, in all and per tenant,
// so that one tenant cannot take every stream, or every connection, from
// the others. A stream beyond a limit is refused at once, never queued.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_PROTOCOL_STREAM_LIMITS_H_
#define ODMCP_HOST_PROTOCOL_STREAM_LIMITS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "host/common/mutex.h"

namespace odmcp {

class StreamLimits : public std::enable_shared_from_this<StreamLimits> {
 public:
  StreamLimits(size_t max_total, size_t max_per_tenant)
      : max_total_(max_total), max_per_tenant_(max_per_tenant) {}

  // A place held for one stream; released when the last copy is dropped.
  using Slot = std::shared_ptr<void>;

  enum class Verdict { kOpen, kTenantFull, kServerFull };
  // Takes a place for a stream of `tenant` into `*slot`, or says which
  // limit refuses it.
  Verdict Acquire(const std::string& tenant, Slot* slot);

  size_t open() const;
  size_t max_total() const { return max_total_; }
  size_t max_per_tenant() const { return max_per_tenant_; }

 private:
  void Release(const std::string& tenant);

  const size_t max_total_;
  const size_t max_per_tenant_;
  mutable Mutex mutex_;
  size_t open_ GUARDED_BY(mutex_) = 0;
  std::unordered_map<std::string, size_t> by_tenant_ GUARDED_BY(mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_STREAM_LIMITS_H_
