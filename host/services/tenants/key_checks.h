// KeyChecks: bounds the work of verifying master keys. Verifying a key
// that is not remembered runs scrypt, deliberately slow and 32 MiB large, so
// that a stolen database cannot be searched for keys quickly; the same
// slowness must not let clients exhaust the host.
//
// - One check per key at a time: a request whose key is already being
//   checked waits for that check's verdict and shares it (48 concurrent
//   first requests with one key run one scrypt, not 48).
// - At most max_at_once derivations at once in the process (default: the
//   number of cores); more wait for a slot.
// - Every wait, for a verdict or a slot, is bounded by max_wait: beyond it
//   the request is refused as busy (HTTP 503 with Retry-After), not queued
//   without end.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_TENANTS_KEY_CHECKS_H_
#define ODMCP_HOST_SERVICES_TENANTS_KEY_CHECKS_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <semaphore>
#include <string>
#include <unordered_map>

#include "host/common/mutex.h"
#include "host/services/tenants/auth_outcome.h"

namespace odmcp {

struct KeyCheckOptions {
  size_t max_at_once = 0;  // 0: the number of cores
  std::chrono::milliseconds max_wait{10000};
};

class KeyChecks {
 public:
  explicit KeyChecks(KeyCheckOptions options);
  KeyChecks(const KeyChecks&) = delete;
  KeyChecks& operator=(const KeyChecks&) = delete;

  // The outcome of check(), run for the key whose lookup HMAC is `lookup`,
  // or of the check of the same key already running, if there is one.
  // kBusy if that check gives no verdict within max_wait.
  AuthOutcome Once(const std::string& lookup, const std::function<AuthOutcome()>& check);

  // derive() run in one of the max_at_once slots, or kBusy if none frees
  // within max_wait (derive is then not run).
  AuthOutcome InSlot(const std::function<AuthOutcome()>& derive);

  // Derivations run since start: what the tests and /metrics count.
  uint64_t derivations() const { return derivations_.load(std::memory_order_relaxed); }

 private:
  struct Flight;

  AuthOutcome Busy(const char* waiting_for) const;

  const std::chrono::milliseconds max_wait_;
  std::counting_semaphore<> slots_;
  std::atomic<uint64_t> derivations_{0};
  Mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> in_flight_ GUARDED_BY(mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_KEY_CHECKS_H_
