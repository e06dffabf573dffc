// LogThrottle: bounds the log lines of one kind of event that any client
// can cause without credentials (a refused Host or Origin, a wrong key), so
// that nobody can fill the disk or bury other lines through the log. At
// most `burst` lines at once, refilled at `per_minute`; events beyond are
// counted, and the next line written carries how many were suppressed.
//
//   uint64_t suppressed = 0;
//   if (refusals_.Admit(SteadyMillis(), &suppressed)) {
//     HostLog().Warning("request refused", {..., {"suppressed", std::to_string(suppressed)}});
//   }
//
// Thread safety: Admit may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_LOG_THROTTLE_H_
#define ODMCP_HOST_SERVICES_LOG_THROTTLE_H_

#include <cstdint>

#include "host/common/mutex.h"
#include "host/services/ratelimit/token_bucket.h"

namespace odmcp {

class LogThrottle {
 public:
  static constexpr double kPerMinute = 60;
  static constexpr double kBurst = 20;

  // `now_ms`: the clock Admit will be given (any monotonic milliseconds).
  explicit LogThrottle(int64_t now_ms, double per_minute = kPerMinute, double burst = kBurst);

  // Whether the event's line may be written now. If so, `*suppressed` is
  // the number of events dropped since the last line written.
  bool Admit(int64_t now_ms, uint64_t* suppressed);

 private:
  const BucketRate rate_;
  Mutex mutex_;
  TokenBucket bucket_ GUARDED_BY(mutex_);
  uint64_t suppressed_ GUARDED_BY(mutex_) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_LOG_THROTTLE_H_
