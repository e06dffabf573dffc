// Counter, Gauge and Histogram: the values of one series, which any thread
// updates without a lock.
//
//   Counter& calls = family.With({"orders", "orders_get", "ok"});  // once
//   calls.Inc();                                                    // per call
//   latency.ObserveDuration(std::chrono::steady_clock::now() - start);
//
// An update is one relaxed atomic operation (Observe: two, its bucket and
// its sum; a gauge's Add and a sum are compare-and-swap loops, the rest a
// single instruction). Relaxed is enough: a scrape needs each value, not
// an order between them. A scrape that runs during an Observe may see the
// bucket counted before the sum has grown (or the reverse); the next
// scrape sees both.
//
// Families (family.h) create series and keep them for the registry's
// life, so a reference to a series never dangles while the registry lives.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_METRICS_SERIES_H_
#define ODMCP_HOST_SERVICES_METRICS_SERIES_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace odmcp::metrics {

// Each series gets its own cache line: two series that different threads
// update at once (the "ok" and "error" counters of one tool, say) would
// otherwise share a line and slow each other down. 64 bytes on x86-64 and
// most ARM cores; std::hardware_destructive_interference_size is not used
// because GCC warns that it may change between compiler versions.
inline constexpr size_t kCacheLineBytes = 64;

// A count that only goes up (Prometheus counter). Integer increments only;
// durations belong in a Histogram, whose _sum is their total.
class alignas(kCacheLineBytes) Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void Inc() { value_.fetch_add(1, std::memory_order_relaxed); }
  void Add(uint64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (Prometheus gauge). Whole numbers stay
// exact up to 2^53.
class alignas(kCacheLineBytes) Gauge {
 public:
  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  void Inc() { Add(1); }
  void Dec() { Add(-1); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<double>::is_always_lock_free);
  std::atomic<double> value_{0};
};

// Counts of observations by upper bound, plus their sum (Prometheus
// histogram; for durations the unit is seconds).
class alignas(kCacheLineBytes) Histogram {
 public:
  // `bounds`: finite, strictly increasing upper bounds (checks.h), which
  // must outlive the histogram (its family owns them).
  explicit Histogram(std::span<const double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Counts `value` in the first bucket whose bound is >= value (bounds are
  // inclusive, "le"), or above the last bound. Like Prometheus's Go client,
  // a NaN counts only in +Inf, and makes the sum NaN.
  void Observe(double value) {
    const auto above = [value](double bound) { return !(value <= bound); };
    const auto bucket = std::partition_point(bounds_.begin(), bounds_.end(), above);
    buckets_[bucket - bounds_.begin()].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
  }

  // Observes a duration in seconds.
  template <class Rep, class Period>
  void ObserveDuration(std::chrono::duration<Rep, Period> elapsed) {
    Observe(std::chrono::duration<double>(elapsed).count());
  }

  struct Snapshot {
    // Observations <= bounds[i], cumulative; one more entry than bounds,
    // the last (+Inf) being the count of all observations.
    std::vector<uint64_t> cumulative;
    double sum = 0;

    uint64_t count() const { return cumulative.back(); }
  };
  Snapshot Read() const;

  std::span<const double> bounds() const { return bounds_; }

 private:
  static_assert(std::atomic<double>::is_always_lock_free);
  const std::span<const double> bounds_;
  // Per bucket, not cumulative, so Observe touches one; the last is +Inf.
  const std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<double> sum_{0};
};

// Bounds for request latencies in seconds: 0.5 ms to 10 s, roughly 1-2.5-5
// per decade, covering a cache hit through a slow upstream call.
std::vector<double> DefaultLatencyBuckets();

}  // namespace odmcp::metrics

#endif  // ODMCP_HOST_SERVICES_METRICS_SERIES_H_
