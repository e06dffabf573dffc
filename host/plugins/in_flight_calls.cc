#include "host/plugins/in_flight_calls.h"

namespace odmcp {

void InFlightCalls::Leave() {
  if (count_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // Taking the lock orders this wake-up after a waiter that saw a non-zero
  // count has started waiting, so the wake-up cannot be lost.
  std::lock_guard<std::mutex> lock(mutex_);
  none_.notify_all();
}

bool InFlightCalls::AwaitNone(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return none_.wait_for(lock, timeout, [this] { return count() == 0; });
}

}  // namespace odmcp
