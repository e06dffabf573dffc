#include "host/services/metrics/callback_family.h"

#include <cstdint>
#include <iterator>
#include <map>
#include <utility>

#include "host/services/metrics/checks.h"

namespace odmcp::metrics {

CallbackFamily::CallbackFamily(FamilySpec spec, MetricType type, ValuesCallback values)
    : Family(std::move(spec), type), values_(std::move(values)) {
  if (type == MetricType::kHistogram) AbortOnMisuse(name() + ": no callback histograms");
}

void CallbackFamily::Render(std::string* out) const {
  AppendHeader(out, name(), spec().help, type());
  std::map<LabelValues, double, LabelsLess> rows;
  for (LabelledValue& row : values_()) {
    CheckLabelCount(row.label_values.size());
    rows[std::move(row.label_values)] += row.value;
  }
  if (rows.size() > spec().max_series) {
    const auto first_folded = std::next(rows.begin(), spec().max_series);
    double folded = 0;
    for (auto row = first_folded; row != rows.end(); ++row) folded += row->second;
    spec().dropped->Add(static_cast<uint64_t>(std::distance(first_folded, rows.end())));
    rows.erase(first_folded, rows.end());
    rows[OverflowLabels()] += folded;
  }
  for (const auto& [label_values, value] : rows) {
    AppendSample(out, name(), "", FormatLabelPairs(spec().label_names, label_values),
                 FormatValue(value));
  }
}

}  // namespace odmcp::metrics
