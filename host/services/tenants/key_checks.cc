#include "host/services/tenants/key_checks.h"

#include <algorithm>
#include <thread>

#include "host/common/blocking_region.h"

namespace odmcp {
namespace {

size_t SlotsFor(size_t max_at_once) {
  return max_at_once > 0 ? max_at_once : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

// One check in progress, and its verdict once known.
struct KeyChecks::Flight {
  Mutex mutex;
  CondVar decided;
  bool done GUARDED_BY(mutex) = false;
  AuthOutcome outcome GUARDED_BY(mutex);
};

KeyChecks::KeyChecks(KeyCheckOptions options)
    : max_wait_(options.max_wait),
      slots_(static_cast<std::ptrdiff_t>(SlotsFor(options.max_at_once))) {}

AuthOutcome KeyChecks::Once(const std::string& lookup, const std::function<AuthOutcome()>& check) {
  std::shared_ptr<Flight> flight;
  bool leading = false;
  {
    MutexLock lock(&mutex_);
    auto [it, inserted] = in_flight_.try_emplace(lookup);
    if (inserted) it->second = std::make_shared<Flight>();
    flight = it->second;
    leading = inserted;
  }
  if (!leading) {
    BlockingRegion waiting_for_the_verdict;
    const auto until = std::chrono::steady_clock::now() + max_wait_;
    MutexLock lock(&flight->mutex);
    while (!flight->done) {
      const auto left = until - std::chrono::steady_clock::now();
      if (left <= left.zero()) return Busy("the check of the same key");
      flight->decided.WaitFor(&flight->mutex, left);
    }
    return flight->outcome;
  }
  AuthOutcome outcome;
  try {
    outcome = check();
  } catch (...) {
    outcome = {AuthStatus::kError, nullptr, "checking a master key failed unexpectedly"};
  }
  {
    MutexLock lock(&mutex_);
    in_flight_.erase(lookup);
  }
  {
    MutexLock lock(&flight->mutex);
    flight->done = true;
    flight->outcome = outcome;
  }
  flight->decided.SignalAll();
  return outcome;
}

AuthOutcome KeyChecks::InSlot(const std::function<AuthOutcome()>& derive) {
  {
    BlockingRegion waiting_for_a_slot;
    if (!slots_.try_acquire_for(max_wait_)) return Busy("a free key-derivation slot");
  }
  derivations_.fetch_add(1, std::memory_order_relaxed);
  struct Release {
    std::counting_semaphore<>& slots;
    ~Release() { slots.release(); }
  } release{slots_};
  return derive();
}

AuthOutcome KeyChecks::Busy(const char* waiting_for) const {
  return {AuthStatus::kBusy, nullptr,
          "too many master keys are being verified at once: waited " +
              std::to_string(max_wait_.count()) + " ms for " + waiting_for +
              " ([tenants] key_check_wait_ms); retry in a second"};
}

}  // namespace odmcp
