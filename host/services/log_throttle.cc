#include "host/services/log_throttle.h"

namespace odmcp {

LogThrottle::LogThrottle(int64_t now_ms, double per_minute, double burst)
    : rate_{burst, per_minute / 60.0}, bucket_(rate_, now_ms) {}

bool LogThrottle::Admit(int64_t now_ms, uint64_t* suppressed) {
  MutexLock lock(&mutex_);
  bucket_.Refill(rate_, now_ms);
  if (!bucket_.TryTake(1)) {
    ++suppressed_;
    return false;
  }
  *suppressed = suppressed_;
  suppressed_ = 0;
  return true;
}

}  // namespace odmcp
