// ManualClock: a Clock that moves only when a test says so, so that expiry
// is tested in no wall time.
//
// Thread-safe: services read it from their own threads while the test
// advances it.
#ifndef ODMCP_TESTS_SUPPORT_MANUAL_CLOCK_H_
#define ODMCP_TESTS_SUPPORT_MANUAL_CLOCK_H_

#include <atomic>
#include <cstdint>

#include "host/common/clock.h"

namespace odmcp::testing {

class ManualClock final : public Clock {
 public:
  // Starts at a fixed, realistic moment (2026-09-15), steady time at 0.
  explicit ManualClock(int64_t unix_ms = 1'789'430'400'000) : unix_ms_(unix_ms) {}

  int64_t UnixMillis() const override { return unix_ms_.load(); }
  int64_t SteadyMillis() const override { return steady_ms_.load(); }

  // Moves both clocks forward by ms.
  void Advance(int64_t ms) {
    unix_ms_ += ms;
    steady_ms_ += ms;
  }

 private:
  std::atomic<int64_t> unix_ms_;
  std::atomic<int64_t> steady_ms_{0};
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_SUPPORT_MANUAL_CLOCK_H_
