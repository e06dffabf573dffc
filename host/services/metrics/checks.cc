#include "host/services/metrics/checks.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace odmcp::metrics {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidMetricName(std::string_view name) {
  if (name.empty() || IsAsciiDigit(name.front())) return false;
  for (char c : name) {
    if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_' && c != ':') return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || IsAsciiDigit(name.front()) || name.starts_with("__")) return false;
  for (char c : name) {
    if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_') return false;
  }
  return true;
}

void CheckFamilyNames(std::string_view name, MetricType type,
                      std::span<const std::string> label_names) {
  const std::string family(name);
  if (!IsValidMetricName(name)) {
    AbortOnMisuse("metric name \"" + family + "\" does not match [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  if (type == MetricType::kCounter && !name.ends_with("_total")) {
    AbortOnMisuse("counter \"" + family + "\" must have a name ending in _total");
  }
  std::set<std::string_view> seen;
  for (const std::string& label : label_names) {
    if (!IsValidLabelName(label)) {
      AbortOnMisuse("label name \"" + label + "\" of " + family +
                    " does not match [a-zA-Z_][a-zA-Z0-9_]* or starts with __");
    }
    if (type == MetricType::kHistogram && label == "le") {
      AbortOnMisuse("histogram " + family + " cannot have a label \"le\": its buckets use it");
    }
    if (!seen.insert(label).second) {
      AbortOnMisuse("label name \"" + label + "\" appears twice in " + family);
    }
  }
}

void CheckHistogramBounds(std::string_view name, std::span<const double> bounds) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
      AbortOnMisuse("bucket bounds of histogram " + std::string(name) +
                    " must be finite and strictly increasing (bound " + std::to_string(i) + " is " +
                    FormatValue(bounds[i]) + ")");
    }
  }
}

void AbortOnMisuse(std::string_view what) {
  std::fprintf(stderr, "metrics: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace odmcp::metrics
