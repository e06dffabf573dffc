// Copyright 2026 The orderdesk-mcp Authors.
//
// What faults the sandbox injects, as set by command-line flags and by
// POST /_sandbox/faults. The JSON form (README documents it):
//
//   {"latency": {"ms": 50, "jitter_ms": 20},
//    "failures": {"rate": 0.1, "status": 503},
//    "rate_limit_storm": {"rate": 1.0, "retry_after": 2},
//    "drops": {"before_rate": 0.05, "after_rate": 0.05},
//    "match": {"methods": ["PUT"], "routes": ["PUT /orders/{order_id}"]},
//    "max_injections": 1}
//
// Every key is optional; a POST replaces the whole configuration, so an
// empty object turns all faults off.
//
// Thread-safety: value type; pure functions.

#ifndef ODMCP_SANDBOX_FAULT_CONFIG_H_
#define ODMCP_SANDBOX_FAULT_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/api_status.h"

namespace odmcp::sandbox {

inline constexpr int kMaxLatencyMs = 60000;

struct FaultConfig {
  // Delay before handling: uniform in [ms - jitter_ms, ms + jitter_ms], at
  // least 0.
  int latency_ms = 0;
  int latency_jitter_ms = 0;
  // Fraction of requests answered with failure_status (500, 502, 503 or
  // 504) without being processed.
  double failure_rate = 0;
  int failure_status = 500;
  // Fraction of requests answered 429 regardless of the store's bucket.
  double storm_rate = 0;
  int storm_retry_after_seconds = 1;
  // Fraction of requests whose connection is closed without a response,
  // before or after the request is applied.
  double drop_before_rate = 0;
  double drop_after_rate = 0;
  // Which requests are eligible; empty means all. Methods are upper case;
  // routes are labels such as "GET /orders/{order_id}".
  std::vector<std::string> methods;
  std::vector<std::string> routes;
  // Injected failures, storms and drops stop after this many; 0 = no limit.
  int64_t max_injections = 0;

  bool any_active() const {
    return latency_ms > 0 || latency_jitter_ms > 0 || failure_rate > 0 || storm_rate > 0 ||
           drop_before_rate > 0 || drop_after_rate > 0;
  }
};

// Parses the JSON form above. Unknown keys and out-of-range values are
// rejected with a 400 naming them, so a typo never silently disables a
// test's fault.
ApiStatus ParseFaultConfig(std::string_view body, FaultConfig* out);

// The JSON form, with "remaining_injections" (-1 when unlimited).
std::string FaultConfigToJson(const FaultConfig& config, int64_t remaining_injections);

// True for the statuses a failure may use: 500, 502, 503, 504.
bool IsInjectableFailureStatus(int status);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_FAULT_CONFIG_H_
