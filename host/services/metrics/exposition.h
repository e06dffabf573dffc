// The Prometheus text exposition format, version 0.0.4: the pieces of text
// that MetricsRegistry::Render puts together.
// https://prometheus.io/docs/instrumenting/exposition_formats/
//
//   # HELP odmcp_tool_calls_total Tool calls by tool and outcome.
//   # TYPE odmcp_tool_calls_total counter
//   odmcp_tool_calls_total{tool="orders_get",outcome="ok"} 17
//
// Every line ends in "\n", the last one included, as the format requires.
//
// Thread safety: pure functions.
#ifndef ODMCP_HOST_SERVICES_METRICS_EXPOSITION_H_
#define ODMCP_HOST_SERVICES_METRICS_EXPOSITION_H_

#include <span>
#include <string>
#include <string_view>

namespace odmcp::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// "counter", "gauge" or "histogram", as a TYPE line names them.
std::string_view TypeName(MetricType type);

// A sample value or a histogram bound as the format writes it: "+Inf",
// "-Inf" and "NaN"; an integer of magnitude at most 2^53 (where every
// integer is exact in a double) in plain digits ("1000000"); anything else
// in the shortest form that reads back as the same double, in the style of
// %g ("0.0005", "0.1", "1e-05", "1.5e+300"). That is how Prometheus's Go
// client writes values (FormatFloat 'g', -1), except that it would write
// 1000000 as "1e+06".
std::string FormatValue(double value);

// The label pairs of one series, `a="x",b="y"`, in the order given, with
// each value escaped (backslash, double quote and newline become \\, \"
// and \n); empty when there are no labels. `names` and `values` have the
// same size.
std::string FormatLabelPairs(std::span<const std::string> names,
                             std::span<const std::string> values);

// The "# HELP" line (help escaped: backslash and newline become \\ and \n)
// and the "# TYPE" line of a family.
void AppendHeader(std::string* out, std::string_view name, std::string_view help, MetricType type);

// One sample line: `name` + `suffix`, then the label pairs in braces
// (followed by le="`le`" when `le` is not empty) unless there are none of
// either, then a space and `value` (already formatted).
void AppendSample(std::string* out, std::string_view name, std::string_view suffix,
                  std::string_view label_pairs, std::string_view value, std::string_view le = {});

}  // namespace odmcp::metrics

#endif  // ODMCP_HOST_SERVICES_METRICS_EXPOSITION_H_
