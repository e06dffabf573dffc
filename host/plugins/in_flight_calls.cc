#include "host/plugins/in_flight_calls.h"

namespace odmcp {

void InFlightCalls::Leave() {
  if (count_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // Taking the lock orders this wake-up after a waiter that saw a non-zero
  // count has started waiting, so the wake-up cannot be lost.
  MutexLock lock(&mutex_);
  none_.SignalAll();
}

bool InFlightCalls::AwaitNone(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  MutexLock lock(&mutex_);
  while (count() != 0) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= left.zero()) return false;
    none_.WaitFor(&mutex_, left);
  }
  return true;
}

}  // namespace odmcp
