// Copyright 2026 The orderdesk-mcp Authors.
//
// Decides, request by request, which fault (if any) to inject, from the
// current FaultConfig, and counts the faults it injected.
//
// Thread-safety: all methods are thread-safe. The configuration is swapped
// atomically as a whole; each thread draws from its own random stream.
// When no fault is configured, Decide costs one atomic load.

#ifndef ODMCP_SANDBOX_FAULT_INJECTOR_H_
#define ODMCP_SANDBOX_FAULT_INJECTOR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "sandbox/fault_config.h"

namespace odmcp::sandbox {

class FaultInjector {
 public:
  // What to do with one request.
  struct Plan {
    enum class Action { kNone, kDropBefore, kRateLimitStorm, kFailure };
    std::chrono::milliseconds latency{0};
    Action action = Action::kNone;
    int failure_status = 0;
    int retry_after_seconds = 0;
    bool drop_after = false;  // only with kNone: apply, then drop
  };

  struct Counters {
    uint64_t latency = 0;
    uint64_t failures = 0;
    uint64_t rate_limit_storms = 0;
    uint64_t drops_before = 0;
    uint64_t drops_after = 0;
  };

  // `initial` is the configuration from the command line; Reset returns to it.
  explicit FaultInjector(FaultConfig initial);

  void Set(FaultConfig config);
  // The configuration in force and the injections it has left (-1 = unlimited).
  FaultConfig Get(int64_t* remaining_injections) const;
  // Back to the initial configuration, counters zeroed.
  void Reset();

  // `method` is the effective request method, `route_label` the matched
  // route's label or "" for an unknown route.
  Plan Decide(std::string_view method, std::string_view route_label);

  Counters counters() const;

 private:
  void Install(FaultConfig config);

  const FaultConfig initial_;
  mutable std::mutex mutex_;  // guards config_ replacement
  std::shared_ptr<const FaultConfig> config_;
  std::atomic<bool> active_{false};
  std::atomic<int64_t> remaining_injections_{-1};

  std::atomic<uint64_t> latency_count_{0};
  std::atomic<uint64_t> failure_count_{0};
  std::atomic<uint64_t> storm_count_{0};
  std::atomic<uint64_t> drop_before_count_{0};
  std::atomic<uint64_t> drop_after_count_{0};
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_FAULT_INJECTOR_H_
