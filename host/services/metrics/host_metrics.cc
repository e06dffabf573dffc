#include "host/services/metrics/host_metrics.h"

namespace odmcp {

HostMetrics RegisterHostMetrics(metrics::MetricsRegistry& registry, bool per_tenant) {
  return HostMetrics{
      registry.AddCounterFamily("odmcp_tool_calls_total",
                                "Tool calls by plugin, tool and outcome (ok, tool_error, or the "
                                "status that ended the call).",
                                {"plugin", "tool", "outcome"}),
      registry.AddHistogramFamily("odmcp_tool_call_duration_seconds",
                                  "Tool call duration: the plugin's work and the host's "
                                  "around it (checks, result validation).",
                                  {"plugin", "tool"}),
      per_tenant ? &registry.AddCounterFamily("odmcp_tenant_tool_calls_total",
                                              "Tool calls by tenant id and outcome.",
                                              {"tenant_id", "outcome"})
                 : nullptr,
      registry.AddCounterFamily("odmcp_upstream_requests_total",
                                "Upstream HTTP requests plugins made, by the class of their final "
                                "status (failed: no answer); coalesced reads not included.",
                                {"plugin", "status"}),
      registry.AddCounterFamily("odmcp_upstream_retries_total",
                                "Upstream attempts beyond the first of a request.", {"plugin"}),
      registry.AddCounterFamily("odmcp_upstream_throttled_total",
                                "Upstream attempts answered 429 Too Many Requests.", {"plugin"}),
      registry.AddCounterFamily("odmcp_upstream_coalesced_total",
                                "Upstream reads served by an identical request in flight.",
                                {"plugin"}),
      registry.AddHistogramFamily("odmcp_upstream_pace_wait_seconds",
                                  "Time upstream requests waited for their upstream rate-limit "
                                  "bucket (such as a store's OrderDesk allowance).",
                                  {"plugin"}),
      registry.AddCounterFamily("odmcp_http_requests_total",
                                "HTTP requests answered, by status code.", {"code"}),
      registry.AddHistogramFamily("odmcp_http_request_duration_seconds",
                                  "HTTP request duration, from its head read to its answer "
                                  "written (long-lived streams included).",
                                  {}),
      registry.AddCounterFamily("odmcp_auth_failures_total", "Refused authentications, by reason.",
                                {"reason"}),
      registry.AddCounterFamily("odmcp_rate_limited_total",
                                "Requests refused by a tenant's rate limit, by limit.", {"limit"}),
      registry.AddCounterFamily("odmcp_plugin_loads_total",
                                "Plugin loads (at start and by reloads), by outcome.", {"outcome"}),
      registry.AddCounter("odmcp_plugin_reloads_total",
                          "Configuration reloads that changed the plugins."),
  };
}

std::string_view StatusClass(int status) {
  switch (status / 100) {
    case 1:
      return "1xx";
    case 2:
      return "2xx";
    case 3:
      return "3xx";
    case 4:
      return "4xx";
    case 5:
      return "5xx";
    default:
      return "failed";
  }
}

}  // namespace odmcp
