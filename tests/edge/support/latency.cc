#include "tests/edge/support/latency.h"

#include <algorithm>
#include <utility>

namespace odmcp::testing::edge {
namespace {

// The ceil(percent/100 * n)-th smallest of the sorted `samples` (nearest rank).
std::chrono::microseconds NearestRank(const std::vector<std::chrono::microseconds>& sorted,
                                      size_t percent) {
  const size_t rank = (percent * sorted.size() + 99) / 100;
  return sorted[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

LatencySummary Summarize(std::vector<std::chrono::microseconds> samples, size_t failures) {
  LatencySummary summary;
  summary.count = samples.size();
  summary.failures = failures;
  if (samples.empty()) return summary;
  std::sort(samples.begin(), samples.end());
  summary.p50 = NearestRank(samples, 50);
  summary.p99 = NearestRank(samples, 99);
  summary.max = samples.back();
  return summary;
}

LatencySummary MeasureSequential(size_t n, std::function<bool()> one_call) {
  std::vector<std::chrono::microseconds> samples;
  samples.reserve(n);
  size_t failures = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const bool succeeded = one_call();
    samples.push_back(std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start));
    if (!succeeded) ++failures;
  }
  return Summarize(std::move(samples), failures);
}

}  // namespace odmcp::testing::edge
