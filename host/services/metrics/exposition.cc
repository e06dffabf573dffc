#include "host/services/metrics/exposition.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace odmcp::metrics {
namespace {

// 2^53: every integer up to here in magnitude is exact in a double.
constexpr double kExactIntegerLimit = 9007199254740992.0;

void AppendEscaped(std::string* out, std::string_view text, bool escape_quote) {
  for (char c : text) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '"' && escape_quote) {
      out->append("\\\"");
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Room for the longest shortest form, e.g. "-2.2250738585072014e-308".
  char buffer[32];
  std::to_chars_result result;
  if (value == std::trunc(value) && std::fabs(value) <= kExactIntegerLimit) {
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<int64_t>(value));
  } else {
    // Without a precision, libstdc++'s general form is the shortest
    // round-trip digits laid out as %g lays out 6 digits: what Go's
    // FormatFloat(value, 'g', -1, 64) writes.
    result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
  }
  return std::string(buffer, result.ptr);
}

std::string FormatLabelPairs(std::span<const std::string> names,
                             std::span<const std::string> values) {
  std::string pairs;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) pairs.push_back(',');
    pairs.append(names[i]);
    pairs.append("=\"");
    AppendEscaped(&pairs, values[i], /*escape_quote=*/true);
    pairs.push_back('"');
  }
  return pairs;
}

void AppendHeader(std::string* out, std::string_view name, std::string_view help, MetricType type) {
  out->append("# HELP ").append(name).push_back(' ');
  AppendEscaped(out, help, /*escape_quote=*/false);
  out->append("\n# TYPE ").append(name).push_back(' ');
  out->append(TypeName(type)).push_back('\n');
}

void AppendSample(std::string* out, std::string_view name, std::string_view suffix,
                  std::string_view label_pairs, std::string_view value, std::string_view le) {
  out->append(name).append(suffix);
  if (!label_pairs.empty() || !le.empty()) {
    out->push_back('{');
    out->append(label_pairs);
    if (!le.empty()) {
      if (!label_pairs.empty()) out->push_back(',');
      out->append("le=\"").append(le).push_back('"');
    }
    out->push_back('}');
  }
  out->push_back(' ');
  out->append(value).push_back('\n');
}

}  // namespace odmcp::metrics
