// MetricsRegistry: a process's metrics and their Prometheus text.
//
//   MetricsRegistry metrics;  // one per process, owned by serve
//   CounterFamily& calls = metrics.AddCounterFamily(
//       "odmcp_tool_calls_total", "Tool calls by tool and outcome.", {"tool", "outcome"});
//   HistogramFamily& latency = metrics.AddHistogramFamily(
//       "odmcp_tool_call_duration_seconds", "Tool call latency.", {"tool"});
//   metrics.AddCallbackGauge("odmcp_sessions", "Sessions open.",
//                            [&sessions] { return static_cast<double>(sessions.size()); });
//   ...
//   answer.content_type = MetricsRegistry::kContentType;
//   answer.body = metrics.Render();
//
// Not a singleton: whoever owns the registry passes it by reference to
// what records metrics, which keeps tests independent of each other.
// Families are registered when the process starts (and live until the
// registry is destroyed); series are created on first use (family.h) or,
// for callback families, read at each scrape (callback_family.h).
//
// Names follow https://prometheus.io/docs/practices/naming/: an odmcp_
// prefix, base units (_seconds, _bytes), _total on counters (enforced).
// Bad names, a name used twice (counting a histogram's _bucket, _sum and
// _count) and bad bucket bounds are programming errors: the process
// aborts with a message saying what is wrong (checks.h).
//
// Every registry starts with one family of its own,
// odmcp_metrics_series_dropped_total: label sets that families turned
// away at their cardinality bound (family.h).
//
// Render writes the families in the order they were registered, then the
// registry's own (so that it includes what callback families fold during
// that scrape), in text format 0.0.4 (exposition.h).
//
// Thread safety: every method may be called from any thread. Registering
// takes a short lock; Render holds it only to list the families, so a
// callback may do anything but destroy the registry.
#ifndef ODMCP_HOST_SERVICES_METRICS_REGISTRY_H_
#define ODMCP_HOST_SERVICES_METRICS_REGISTRY_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/mutex.h"
#include "host/common/thread_annotations.h"
#include "host/services/metrics/callback_family.h"
#include "host/services/metrics/family.h"
#include "host/services/metrics/series.h"

namespace odmcp::metrics {

class MetricsRegistry {
 public:
  // The Content-Type of Render's text.
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";
  // Label sets a family holds before it folds new ones into "_other".
  static constexpr size_t kDefaultMaxSeries = 1000;

  MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;
  ~MetricsRegistry();

  // Families with labels. The returned reference lives as long as the
  // registry.
  CounterFamily& AddCounterFamily(std::string name, std::string help,
                                  std::vector<std::string> label_names,
                                  size_t max_series = kDefaultMaxSeries) EXCLUDES(mutex_);
  GaugeFamily& AddGaugeFamily(std::string name, std::string help,
                              std::vector<std::string> label_names,
                              size_t max_series = kDefaultMaxSeries) EXCLUDES(mutex_);
  // `bounds` in the family's unit (seconds for durations).
  HistogramFamily& AddHistogramFamily(std::string name, std::string help,
                                      std::vector<std::string> label_names,
                                      std::vector<double> bounds = DefaultLatencyBuckets(),
                                      size_t max_series = kDefaultMaxSeries) EXCLUDES(mutex_);

  // A family without labels, and its one series (which renders from the
  // start, at zero).
  Counter& AddCounter(std::string name, std::string help) EXCLUDES(mutex_);
  Gauge& AddGauge(std::string name, std::string help) EXCLUDES(mutex_);
  Histogram& AddHistogram(std::string name, std::string help,
                          std::vector<double> bounds = DefaultLatencyBuckets()) EXCLUDES(mutex_);

  // Values read at each Render from their owner (callback_family.h).
  void AddCallbackCounter(std::string name, std::string help, std::function<double()> value)
      EXCLUDES(mutex_);
  void AddCallbackGauge(std::string name, std::string help, std::function<double()> value)
      EXCLUDES(mutex_);
  void AddCallbackCounterFamily(std::string name, std::string help,
                                std::vector<std::string> label_names, ValuesCallback values,
                                size_t max_series = kDefaultMaxSeries) EXCLUDES(mutex_);
  void AddCallbackGaugeFamily(std::string name, std::string help,
                              std::vector<std::string> label_names, ValuesCallback values,
                              size_t max_series = kDefaultMaxSeries) EXCLUDES(mutex_);

  // Every family in the text format.
  std::string Render() const EXCLUDES(mutex_);

 private:
  FamilySpec Spec(std::string name, std::string help, std::vector<std::string> label_names,
                  size_t max_series) const;
  void AddCallbackFamily(MetricType type, FamilySpec spec, ValuesCallback values) EXCLUDES(mutex_);
  // Takes the family's exposed names (aborting if one is taken) and keeps
  // the family.
  template <class F>
  F& Register(std::unique_ptr<F> family) EXCLUDES(mutex_);

  mutable Mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_ GUARDED_BY(mutex_);
  std::set<std::string, std::less<>> exposed_names_ GUARDED_BY(mutex_);
  // odmcp_metrics_series_dropped_total; set once by the constructor.
  Counter* dropped_ = nullptr;
};

}  // namespace odmcp::metrics

#endif  // ODMCP_HOST_SERVICES_METRICS_REGISTRY_H_
