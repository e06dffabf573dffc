// Latency percentiles of a call repeated one after another, e.g. tools/call
// while thousands of idle streams are open.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_LATENCY_H_
#define ODMCP_TESTS_EDGE_SUPPORT_LATENCY_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

namespace odmcp::testing::edge {

// Percentiles use the nearest-rank definition: the p-th percentile of n
// samples is the ceil(p/100 * n)-th smallest (1-based). So for 100 samples p50
// is the 50th smallest and p99 the 99th smallest; for 10 samples p99 is the
// largest. All fields are zero when there are no samples.
struct LatencySummary {
  size_t count = 0;     // calls made
  size_t failures = 0;  // calls that returned false
  std::chrono::microseconds p50{0};
  std::chrono::microseconds p99{0};
  std::chrono::microseconds max{0};
};

// Runs `one_call` `n` times, one after another on this thread, timing each with
// steady_clock. Failed calls are timed too and count in the percentiles (a
// test should also require failures == 0).
LatencySummary MeasureSequential(size_t n, std::function<bool()> one_call);

// The summary of already-measured `samples` with `failures` of them failed
// (what MeasureSequential returns), for callers that time calls themselves.
LatencySummary Summarize(std::vector<std::chrono::microseconds> samples, size_t failures);

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_LATENCY_H_
