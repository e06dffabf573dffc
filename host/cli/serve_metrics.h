// The metrics `serve` registers beyond the request path's (HostMetrics):
// the build, and what services own and the scrape reads (the cache, the
// outbound HTTP client, the audit queue, JSON-RPC error replies).
#ifndef ODMCP_HOST_CLI_SERVE_METRICS_H_
#define ODMCP_HOST_CLI_SERVE_METRICS_H_

#include "host/services/metrics/registry.h"

namespace odmcp {

class ServiceSet;

// Registers them in `registry`; `services` must outlive its scrapes.
void RegisterServiceMetrics(metrics::MetricsRegistry& registry, ServiceSet& services);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_SERVE_METRICS_H_
