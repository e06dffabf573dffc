// Metric families: a name, help text, type and label names, and under them
// one series per distinct list of label values.
//
//   CounterFamily& calls = registry.AddCounterFamily(
//       "odmcp_tool_calls_total", "Tool calls by plugin, tool and outcome.",
//       {"plugin", "tool", "outcome"});
//   Counter& orders_get_ok = calls.With({"orders", "orders_get", "ok"});  // once
//   orders_get_ok.Inc();                                                  // per call
//
// With() takes label values in the order of the family's label names and
// returns that series, creating it (at zero) the first time. The reference
// stays valid for the registry's life, so a hot path looks its series up
// once and keeps it. What With() costs: the family's lock taken shared
// (atomic read-modify-writes on a line that every thread looking up in this
// family shares) and a search of a sorted map, O(log series) comparisons
// of label lists, without allocating: about 70 ns of CPU with 10 series
// and 180 ns with 1000 (three labels; bench/metrics), against 5 ns for the
// Counter::Inc it precedes. A label set's first With() also takes the lock
// exclusively and allocates. Passing the wrong number of label values is a
// programming error (checks.h).
//
// Cardinality bound: a family holds at most `max_series` label sets. Once
// it has that many, With() of a new label set returns the family's
// overflow series, whose label values are all "_other", and adds one to
// odmcp_metrics_series_dropped_total (so that counter counts redirected
// lookups, not distinct label sets: a caller that keeps its series counts
// once). The bound keeps the host's memory and Prometheus safe from label
// values that come from outside; a family that reaches it has a label
// that should not be one. A real label set whose values are all "_other"
// is the overflow series.
//
// Render() writes the family in the text format (exposition.h): HELP and
// TYPE even when there is no series yet, then the series sorted by their
// label values (bytewise, the first label first), each with its labels in
// the order the family declared them.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_METRICS_FAMILY_H_
#define ODMCP_HOST_SERVICES_METRICS_FAMILY_H_

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/mutex.h"
#include "host/common/thread_annotations.h"
#include "host/services/metrics/exposition.h"
#include "host/services/metrics/series.h"

namespace odmcp::metrics {

using LabelValues = std::vector<std::string>;

// Orders label lists bytewise, first label first, and lets a map of
// LabelValues be searched with string_views without copying them.
struct LabelsLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(),
        [](std::string_view x, std::string_view y) { return x < y; });
  }
};

// What every family is registered with.
struct FamilySpec {
  std::string name;
  std::string help;
  std::vector<std::string> label_names;
  size_t max_series;  // >= 1
  // The registry's odmcp_metrics_series_dropped_total; may be null only
  // for a family without labels, which cannot overflow.
  Counter* dropped;
};

// What the registry keeps of every family.
class Family {
 public:
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  const std::string& name() const { return spec_.name; }
  MetricType type() const { return type_; }
  // The names its lines use: the family's name, and for a histogram also
  // name_bucket, name_sum and name_count. No two families may share one.
  std::vector<std::string> ExposedNames() const;

  // Appends the family in the text format.
  virtual void Render(std::string* out) const = 0;

 protected:
  // Aborts on names that fail checks.h or max_series == 0.
  Family(FamilySpec spec, MetricType type);

  const FamilySpec& spec() const { return spec_; }
  // Aborts unless there are as many label values as label names.
  void CheckLabelCount(size_t count) const;
  // Every label value "_other".
  LabelValues OverflowLabels() const;

 private:
  const FamilySpec spec_;
  const MetricType type_;
};

// A family whose series are objects that callers update (Counter, Gauge,
// Histogram). Instantiated for those three only (family.cc).
template <class T>
class SeriesFamily : public Family {
 public:
  T& With(std::initializer_list<std::string_view> label_values) EXCLUDES(mutex_) {
    return With(std::span<const std::string_view>(label_values.begin(), label_values.size()));
  }
  T& With(std::span<const std::string_view> label_values) EXCLUDES(mutex_);

  void Render(std::string* out) const override EXCLUDES(mutex_);

 protected:
  using Family::Family;

  virtual std::unique_ptr<T> NewSeries() const = 0;
  // Appends the sample lines of one series.
  virtual void RenderSeries(std::string_view label_pairs, const T& series,
                            std::string* out) const = 0;

 private:
  mutable SharedMutex mutex_;
  // Never shrinks, so the series stay where With() found them.
  std::map<LabelValues, std::unique_ptr<T>, LabelsLess> series_ GUARDED_BY(mutex_);
};

class CounterFamily final : public SeriesFamily<Counter> {
 public:
  explicit CounterFamily(FamilySpec spec);

 private:
  std::unique_ptr<Counter> NewSeries() const override;
  void RenderSeries(std::string_view label_pairs, const Counter& series,
                    std::string* out) const override;
};

class GaugeFamily final : public SeriesFamily<Gauge> {
 public:
  explicit GaugeFamily(FamilySpec spec);

 private:
  std::unique_ptr<Gauge> NewSeries() const override;
  void RenderSeries(std::string_view label_pairs, const Gauge& series,
                    std::string* out) const override;
};

class HistogramFamily final : public SeriesFamily<Histogram> {
 public:
  // Aborts on bounds that fail checks.h.
  HistogramFamily(FamilySpec spec, std::vector<double> bounds);

 private:
  std::unique_ptr<Histogram> NewSeries() const override;
  void RenderSeries(std::string_view label_pairs, const Histogram& series,
                    std::string* out) const override;

  const std::vector<double> bounds_;
  const std::vector<std::string> le_values_;  // bounds_ formatted once
};

extern template class SeriesFamily<Counter>;
extern template class SeriesFamily<Gauge>;
extern template class SeriesFamily<Histogram>;

}  // namespace odmcp::metrics

#endif  // ODMCP_HOST_SERVICES_METRICS_FAMILY_H_
