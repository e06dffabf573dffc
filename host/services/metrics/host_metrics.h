// HostMetrics: the metric families the host's request path records into,
// registered once by `serve` and reached by the engine, the plugin API and
// the plugin manager through HostServices::metrics (null: nothing is
// recorded, as in admin commands and tests that do not ask).
//
// What each family counts is in its help text (host_metrics.cc); what is
// owned elsewhere (sessions, streams, the cache, the HTTP client, the
// audit queue) is read at scrape time by callbacks `serve` registers.
//
// Labels hold plugin and tool names (bounded by what is loaded), outcomes
// and status classes; a tenant label only in the tenant family, which
// exists only when [metrics] per_tenant is on. Each family keeps at most
// MetricsRegistry::kDefaultMaxSeries series (family.h).
//
// Thread safety: the families may be used from any thread.
#ifndef ODMCP_HOST_SERVICES_METRICS_HOST_METRICS_H_
#define ODMCP_HOST_SERVICES_METRICS_HOST_METRICS_H_

#include <string_view>

#include "host/services/metrics/registry.h"

namespace odmcp {

struct HostMetrics {
  metrics::CounterFamily& tool_calls;               // plugin, tool, outcome
  metrics::HistogramFamily& tool_seconds;           // plugin, tool
  metrics::CounterFamily* tenant_tool_calls;        // tenant_id, outcome; null unless per tenant
  metrics::CounterFamily& upstream_requests;        // plugin, status ("2xx" .. "5xx", "failed")
  metrics::CounterFamily& upstream_retries;         // plugin
  metrics::CounterFamily& upstream_throttled;       // plugin: answers 429
  metrics::CounterFamily& upstream_coalesced;       // plugin: reads served by another's request
  metrics::HistogramFamily& upstream_pace_seconds;  // plugin: waits for the upstream bucket
  metrics::CounterFamily& http_requests;            // code
  metrics::HistogramFamily& http_seconds;           // (none)
  metrics::CounterFamily& auth_failures;            // reason
  metrics::CounterFamily& rate_limited;             // limit ("tool_calls", "messages")
  metrics::CounterFamily& plugin_loads;             // outcome ("ok", "failed")
  metrics::Counter& plugin_reloads;
};

// Registers the families in `registry`, which must outlive the result.
HostMetrics RegisterHostMetrics(metrics::MetricsRegistry& registry, bool per_tenant);

// "2xx" for 200 .. 299, and so on; "failed" for no HTTP answer (0).
std::string_view StatusClass(int status);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_METRICS_HOST_METRICS_H_
