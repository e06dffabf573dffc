// Copyright 2026 The orderdesk-mcp Authors.
//
// Request counters for GET /_sandbox/stats: per store (and for requests
// whose credentials failed), how many requests each route received, plus
// response status counts and injected faults. Tests use them to prove that
// a client cached, coalesced or retried as intended.
//
// Thread-safety: all methods are thread-safe; counting is lock-free
// (relaxed atomics), so it costs nothing noticeable on the hot path.

#ifndef ODMCP_SANDBOX_REQUEST_STATS_H_
#define ODMCP_SANDBOX_REQUEST_STATS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/api_routes.h"
#include "sandbox/fault_injector.h"

namespace odmcp::sandbox {

class RequestStats {
 public:
  // One counter set per store id, in the order given.
  explicit RequestStats(std::vector<std::string> store_ids);

  // Counts a request: `store_ordinal` is null when authentication failed,
  // `route` null when no route matched (counted per method).
  void CountRequest(std::optional<size_t> store_ordinal, std::optional<RouteId> route,
                    std::string_view method);
  void CountResponse(int http_status);

  void Reset();

  // {"requests_total": N,
  //  "stores": {"<id>": {"requests": N, "routes": {"GET /orders/{order_id}": N, ...}}},
  //  "unauthenticated": {"requests": N, "routes": {...}},
  //  "responses": {"200": N, "429": N, ...},
  //  "faults_injected": {"latency": N, "failures": N, "rate_limit_storms": N,
  //                      "drops_before": N, "drops_after": N}}
  // Routes with no requests are left out.
  std::string ToJson(const FaultInjector::Counters& faults) const;

 private:
  // Methods whose unmatched requests are counted separately; the last
  // slot takes every other method.
  static constexpr std::array<std::string_view, 6> kMethods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OTHER"};

  struct Counters {
    std::atomic<uint64_t> requests{0};
    std::array<std::atomic<uint64_t>, kRouteCount> by_route{};
    std::array<std::atomic<uint64_t>, kMethods.size()> unmatched_by_method{};
  };

  static void Zero(Counters* counters);

  const std::vector<std::string> store_ids_;
  std::vector<std::unique_ptr<Counters>> stores_;
  Counters unauthenticated_;
  std::atomic<uint64_t> total_{0};
  std::array<std::atomic<uint64_t>, 600> responses_{};
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_REQUEST_STATS_H_
