#include "host/services/metrics/family.h"

#include <utility>

#include "host/services/metrics/checks.h"

namespace odmcp::metrics {
namespace {

std::vector<std::string> FormatBounds(const std::vector<double>& bounds) {
  std::vector<std::string> formatted;
  formatted.reserve(bounds.size());
  for (double bound : bounds) formatted.push_back(FormatValue(bound));
  return formatted;
}

}  // namespace

Family::Family(FamilySpec spec, MetricType type) : spec_(std::move(spec)), type_(type) {
  CheckFamilyNames(spec_.name, type_, spec_.label_names);
  if (spec_.max_series == 0) AbortOnMisuse("family " + spec_.name + " has max_series 0");
}

std::vector<std::string> Family::ExposedNames() const {
  if (type_ != MetricType::kHistogram) return {name()};
  return {name(), name() + "_bucket", name() + "_sum", name() + "_count"};
}

void Family::CheckLabelCount(size_t count) const {
  if (count == spec_.label_names.size()) return;
  std::string names;
  for (const std::string& label : spec_.label_names) {
    names += names.empty() ? "" : ", ";
    names += label;
  }
  AbortOnMisuse(spec_.name + " takes " + std::to_string(spec_.label_names.size()) +
                " label values (" + names + "), not " + std::to_string(count));
}

LabelValues Family::OverflowLabels() const {
  return LabelValues(spec_.label_names.size(), "_other");
}

template <class T>
T& SeriesFamily<T>::With(std::span<const std::string_view> label_values) {
  CheckLabelCount(label_values.size());
  {
    ReaderLock lock(&mutex_);
    auto found = series_.find(label_values);
    if (found != series_.end()) return *found->second;
  }
  WriterLock lock(&mutex_);
  // Another thread may have added it between the two locks.
  auto found = series_.find(label_values);
  if (found != series_.end()) return *found->second;
  if (series_.size() < spec().max_series) {
    std::unique_ptr<T>& added = series_[LabelValues(label_values.begin(), label_values.end())];
    added = NewSeries();
    return *added;
  }
  spec().dropped->Inc();
  std::unique_ptr<T>& overflow = series_[OverflowLabels()];
  if (overflow == nullptr) overflow = NewSeries();
  return *overflow;
}

template <class T>
void SeriesFamily<T>::Render(std::string* out) const {
  AppendHeader(out, name(), spec().help, type());
  ReaderLock lock(&mutex_);
  for (const auto& [label_values, series] : series_) {
    RenderSeries(FormatLabelPairs(spec().label_names, label_values), *series, out);
  }
}

template class SeriesFamily<Counter>;
template class SeriesFamily<Gauge>;
template class SeriesFamily<Histogram>;

CounterFamily::CounterFamily(FamilySpec spec)
    : SeriesFamily(std::move(spec), MetricType::kCounter) {}

std::unique_ptr<Counter> CounterFamily::NewSeries() const { return std::make_unique<Counter>(); }

void CounterFamily::RenderSeries(std::string_view label_pairs, const Counter& series,
                                 std::string* out) const {
  AppendSample(out, name(), "", label_pairs, std::to_string(series.Value()));
}

GaugeFamily::GaugeFamily(FamilySpec spec) : SeriesFamily(std::move(spec), MetricType::kGauge) {}

std::unique_ptr<Gauge> GaugeFamily::NewSeries() const { return std::make_unique<Gauge>(); }

void GaugeFamily::RenderSeries(std::string_view label_pairs, const Gauge& series,
                               std::string* out) const {
  AppendSample(out, name(), "", label_pairs, FormatValue(series.Value()));
}

HistogramFamily::HistogramFamily(FamilySpec spec, std::vector<double> bounds)
    : SeriesFamily(std::move(spec), MetricType::kHistogram),
      bounds_(std::move(bounds)),
      le_values_(FormatBounds(bounds_)) {
  CheckHistogramBounds(name(), bounds_);
}

std::unique_ptr<Histogram> HistogramFamily::NewSeries() const {
  return std::make_unique<Histogram>(bounds_);
}

void HistogramFamily::RenderSeries(std::string_view label_pairs, const Histogram& series,
                                   std::string* out) const {
  const Histogram::Snapshot snapshot = series.Read();
  for (size_t i = 0; i < le_values_.size(); ++i) {
    AppendSample(out, name(), "_bucket", label_pairs, std::to_string(snapshot.cumulative[i]),
                 le_values_[i]);
  }
  AppendSample(out, name(), "_bucket", label_pairs, std::to_string(snapshot.count()), "+Inf");
  AppendSample(out, name(), "_sum", label_pairs, FormatValue(snapshot.sum));
  AppendSample(out, name(), "_count", label_pairs, std::to_string(snapshot.count()));
}

}  // namespace odmcp::metrics
