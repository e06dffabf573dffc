// What registering a metric checks, and what a failed check does.
//
// Names follow Prometheus's data model
// (https://prometheus.io/docs/concepts/data_model/): a metric name matches
// [a-zA-Z_:][a-zA-Z0-9_:]*, a label name [a-zA-Z_][a-zA-Z0-9_]* and does
// not start with "__" (reserved for Prometheus itself). On top of that, a
// counter's name ends in "_total" (the naming practice this project
// follows), a family's label names are distinct, a histogram has no label
// "le" (its buckets use it), and its bucket bounds are finite and strictly
// increasing (the +Inf bucket is implicit).
//
// A failed check is a programming error, not a condition to handle:
// metrics are registered from constants when the host starts, so the
// first test run that reaches the code finds the mistake. The process
// prints what is wrong on stderr and aborts, in every build type, instead
// of serving a scrape that Prometheus would reject whole. Passing a family
// the wrong number of label values is treated the same way.
//
// Thread safety: functions without state; call them from any thread.
#ifndef ODMCP_HOST_SERVICES_METRICS_CHECKS_H_
#define ODMCP_HOST_SERVICES_METRICS_CHECKS_H_

#include <span>
#include <string>
#include <string_view>

#include "host/services/metrics/exposition.h"

namespace odmcp::metrics {

bool IsValidMetricName(std::string_view name);
// Includes the "__" rule.
bool IsValidLabelName(std::string_view name);

// Abort unless the names of a family of `type`, or the bucket bounds of
// histogram `name`, pass the checks above.
void CheckFamilyNames(std::string_view name, MetricType type,
                      std::span<const std::string> label_names);
void CheckHistogramBounds(std::string_view name, std::span<const double> bounds);

// Prints "metrics: <what>" on stderr and aborts.
[[noreturn]] void AbortOnMisuse(std::string_view what);

}  // namespace odmcp::metrics

#endif  // ODMCP_HOST_SERVICES_METRICS_CHECKS_H_
