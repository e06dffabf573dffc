#include "host/services/metrics/registry.h"

#include <algorithm>
#include <utility>

#include "host/services/metrics/checks.h"

namespace odmcp::metrics {
namespace {

// A callback family's rows for a family without labels.
ValuesCallback OneRow(std::function<double()> value) {
  return [value = std::move(value)] { return std::vector<LabelledValue>{{{}, value()}}; };
}

}  // namespace

MetricsRegistry::MetricsRegistry() {
  dropped_ = &AddCounter(
      "odmcp_metrics_series_dropped_total",
      "Label sets that a metric family turned away because it held its maximum number of "
      "series; their samples went to its series whose label values are all \"_other\".");
}

MetricsRegistry::~MetricsRegistry() = default;

FamilySpec MetricsRegistry::Spec(std::string name, std::string help,
                                 std::vector<std::string> label_names, size_t max_series) const {
  return {std::move(name), std::move(help), std::move(label_names), max_series, dropped_};
}

template <class F>
F& MetricsRegistry::Register(std::unique_ptr<F> family) {
  F& registered = *family;
  const std::vector<std::string> names = family->ExposedNames();
  MutexLock lock(&mutex_);
  for (const std::string& name : names) {
    if (exposed_names_.contains(name)) {
      AbortOnMisuse("metric " + family->name() + " uses the name " + name +
                    ", which an earlier family uses");
    }
  }
  exposed_names_.insert(names.begin(), names.end());
  families_.push_back(std::move(family));
  return registered;
}

CounterFamily& MetricsRegistry::AddCounterFamily(std::string name, std::string help,
                                                 std::vector<std::string> label_names,
                                                 size_t max_series) {
  return Register(std::make_unique<CounterFamily>(
      Spec(std::move(name), std::move(help), std::move(label_names), max_series)));
}

GaugeFamily& MetricsRegistry::AddGaugeFamily(std::string name, std::string help,
                                             std::vector<std::string> label_names,
                                             size_t max_series) {
  return Register(std::make_unique<GaugeFamily>(
      Spec(std::move(name), std::move(help), std::move(label_names), max_series)));
}

HistogramFamily& MetricsRegistry::AddHistogramFamily(std::string name, std::string help,
                                                     std::vector<std::string> label_names,
                                                     std::vector<double> bounds,
                                                     size_t max_series) {
  return Register(std::make_unique<HistogramFamily>(
      Spec(std::move(name), std::move(help), std::move(label_names), max_series),
      std::move(bounds)));
}

Counter& MetricsRegistry::AddCounter(std::string name, std::string help) {
  return AddCounterFamily(std::move(name), std::move(help), {}).With({});
}

Gauge& MetricsRegistry::AddGauge(std::string name, std::string help) {
  return AddGaugeFamily(std::move(name), std::move(help), {}).With({});
}

Histogram& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                         std::vector<double> bounds) {
  return AddHistogramFamily(std::move(name), std::move(help), {}, std::move(bounds)).With({});
}

void MetricsRegistry::AddCallbackCounter(std::string name, std::string help,
                                         std::function<double()> value) {
  AddCallbackCounterFamily(std::move(name), std::move(help), {}, OneRow(std::move(value)));
}

void MetricsRegistry::AddCallbackGauge(std::string name, std::string help,
                                       std::function<double()> value) {
  AddCallbackGaugeFamily(std::move(name), std::move(help), {}, OneRow(std::move(value)));
}

void MetricsRegistry::AddCallbackCounterFamily(std::string name, std::string help,
                                               std::vector<std::string> label_names,
                                               ValuesCallback values, size_t max_series) {
  AddCallbackFamily(MetricType::kCounter,
                    Spec(std::move(name), std::move(help), std::move(label_names), max_series),
                    std::move(values));
}

void MetricsRegistry::AddCallbackGaugeFamily(std::string name, std::string help,
                                             std::vector<std::string> label_names,
                                             ValuesCallback values, size_t max_series) {
  AddCallbackFamily(MetricType::kGauge,
                    Spec(std::move(name), std::move(help), std::move(label_names), max_series),
                    std::move(values));
}

void MetricsRegistry::AddCallbackFamily(MetricType type, FamilySpec spec, ValuesCallback values) {
  Register(std::make_unique<CallbackFamily>(std::move(spec), type, std::move(values)));
}

std::string MetricsRegistry::Render() const {
  std::vector<const Family*> families;
  {
    MutexLock lock(&mutex_);
    families.reserve(families_.size());
    for (const std::unique_ptr<Family>& family : families_) families.push_back(family.get());
  }
  // The registry's own family goes last, so that it includes what callback
  // families fold during this scrape.
  std::rotate(families.begin(), families.begin() + 1, families.end());
  std::string out;
  for (const Family* family : families) family->Render(&out);
  return out;
}

}  // namespace odmcp::metrics
