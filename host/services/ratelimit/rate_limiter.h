// RateLimiter: families of token buckets, refilled continuously
// (tokens = min(capacity, tokens + elapsed * refill_per_second)).
//
//   RateLimiter limiter;
//   limiter.Declare("tenant", 240, 2);                // burst 240, 120/min
//   auto d = limiter.TryAcquire("tenant", tenant_id, is_write ? 2 : 1);
//   if (d && !d->allowed) { /* refuse; wait d->retry_after_ms */ }
//
// A family is declared once with its numbers; each distinct key in it gets
// its own bucket, which starts full. A bucket that is full again is
// forgotten (a full bucket is the same as none), lazily: every
// max(1024, buckets in the family) operations on a family, the operation
// first drops the family's full buckets, which keeps memory bounded by the
// keys used recently at an amortized constant cost per operation.
//
// Fairness: Acquire takes its tokens up front, letting the balance go
// negative, and then sleeps exactly until the debt is repaid. Later callers
// (TryAcquire and Acquire alike) see the debt and queue behind it, so a
// waiter is never starved by callers that arrive after it.
//
// Costs that can never be satisfied (negative, not finite, or above the
// family's capacity) make TryAcquire answer allowed = false with
// retry_after_ms = -1, and Acquire return ODMCP_INVALID_ARGUMENT.
//
// Family names are global to a limiter: callers that let plugins declare
// families give each plugin its own part of the name space.
//
// Thread safety: every method may be called from any thread. Each family
// has its own lock, held only for bucket arithmetic, never while sleeping.
#ifndef ODMCP_HOST_SERVICES_RATELIMIT_RATE_LIMITER_H_
#define ODMCP_HOST_SERVICES_RATELIMIT_RATE_LIMITER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/mutex.h"
#include "host/common/status.h"
#include "odmcp/plugin.h"

namespace odmcp {

struct RateLimiterOptions {
  // Milliseconds since the Unix epoch (the scale of Acquire's deadline);
  // empty means the system clock. A clock that steps backwards refills
  // nothing until it has caught up again.
  std::function<int64_t()> now_unix_ms = {};
  // Blocks the calling thread for the given milliseconds; empty means
  // std::this_thread::sleep_for. Tests pass one that advances their clock.
  std::function<void(int64_t ms)> sleep_ms = {};
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimiterOptions options = {});
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;
  ~RateLimiter();

  // Declares `family`. capacity and refill_per_second must be finite and
  // > 0. Returns true if the family is new, false if it was already declared
  // with the same numbers, and an error (naming the family and the numbers)
  // for invalid numbers or a redeclaration with different ones.
  StatusOr<bool> Declare(std::string family, double capacity, double refill_per_second);

  struct Decision {
    bool allowed;
    // 0 if allowed; otherwise ms until `cost` tokens will be there, rounded
    // up (including the debt of waiters ahead); -1 if they never will.
    int64_t retry_after_ms;

    friend bool operator==(const Decision&, const Decision&) = default;
  };

  // Takes `cost` tokens from family[key] if they are there, without waiting.
  // nullopt if the family is undeclared.
  std::optional<Decision> TryAcquire(std::string_view family, std::string_view key, double cost);

  // Takes `cost` tokens from family[key], sleeping until they are there.
  // Returns ODMCP_OK once they are taken; ODMCP_DEADLINE_EXCEEDED at once,
  // without sleeping and without taking anything, if the wait would end
  // after deadline_unix_ms (0 means no deadline); ODMCP_CANCELLED if
  // `cancelled` (polled at least every 50 ms; may be empty) returns true
  // first, in which case the tokens are given back; ODMCP_NOT_FOUND for an
  // undeclared family; ODMCP_INVALID_ARGUMENT for a cost that can never be
  // satisfied.
  odmcp_status Acquire(std::string_view family, std::string_view key, double cost,
                       int64_t deadline_unix_ms, const std::function<bool()>& cancelled);

  // The number of buckets the family holds (0 if undeclared). Buckets are
  // dropped lazily, so this may include full ones. For metrics and tests.
  size_t BucketCount(std::string_view family) const;

 private:
  struct Family;

  Family* Find(std::string_view family) const;
  void GiveBack(Family& family, std::string_view key, double cost);

  const std::function<int64_t()> now_ms_;
  const std::function<void(int64_t)> sleep_ms_;
  // Families are never removed, so a Family* stays valid after the lock on
  // the map is released.
  mutable SharedMutex families_mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_ GUARDED_BY(families_mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_RATELIMIT_RATE_LIMITER_H_
