// Copyright 2026 The orderdesk-mcp Authors.
//
// The state one sandbox serves from: the seeded dataset, the per-store
// rate limiter, the fault injector and the request counters, plus Reset,
// which brings all of them back to how the sandbox started.
//
// Thread-safety: all methods are thread-safe. Reset drops the dataset
// before seeding the new one, so memory does not double with a large
// dataset; requests arriving meanwhile wait for the new one, and requests
// already running finish on the dataset they started with.

#ifndef ODMCP_SANDBOX_SANDBOX_STATE_H_
#define ODMCP_SANDBOX_SANDBOX_STATE_H_

#include <memory>
#include <mutex>
#include <string>

#include "sandbox/dataset.h"
#include "sandbox/fault_injector.h"
#include "sandbox/rate_limiter.h"
#include "sandbox/request_stats.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/time_zone.h"

namespace odmcp::sandbox {

class SandboxState {
 public:
  // Seeds the dataset; `time_zone` is options.time_zone, already loaded.
  SandboxState(SandboxOptions options, TimeZone time_zone);

  SandboxState(const SandboxState&) = delete;
  SandboxState& operator=(const SandboxState&) = delete;

  const SandboxOptions& options() const { return options_; }
  std::shared_ptr<Dataset> dataset() const;
  RateLimiter& rate_limiter() { return rate_limiter_; }
  FaultInjector& faults() { return faults_; }
  RequestStats& stats() { return stats_; }

  // Back to the seeded data and ids, full rate-limit buckets, the
  // command-line faults and zeroed counters.
  void Reset();

 private:
  std::shared_ptr<Dataset> Seed() const;

  const SandboxOptions options_;
  const TimeZone time_zone_;
  RateLimiter rate_limiter_;
  FaultInjector faults_;
  RequestStats stats_;
  mutable std::mutex dataset_mutex_;  // guards dataset_, held across a reseed
  std::shared_ptr<Dataset> dataset_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_SANDBOX_STATE_H_
