#include "host/cli/serve_metrics.h"

#include <odmcp/plugin.h>

#include <string>
#include <utility>
#include <vector>

#include "host/protocol/jsonrpc.h"
#include "host/services/audit/audit_log.h"
#include "host/services/cache/cache.h"
#include "host/services/http_client/http_client.h"
#include "host/services/service_set.h"

namespace odmcp {

void RegisterServiceMetrics(metrics::MetricsRegistry& registry, ServiceSet& services) {
  metrics::GaugeFamily& build = registry.AddGaugeFamily(
      "odmcp_build_info", "The running build: its version and plugin ABI; always 1.",
      {"version", "abi"});
  build
      .With(
          {ODMCP_VERSION, std::to_string(ODMCP_ABI_MAJOR) + "." + std::to_string(ODMCP_ABI_MINOR)})
      .Set(1);

  registry.AddCallbackCounterFamily(
      "odmcp_jsonrpc_errors_total", "JSON-RPC error replies, by error code.", {"code"}, [] {
        std::vector<metrics::LabelledValue> rows;
        for (const auto& [code, count] : ErrorResponseCounts()) {
          rows.push_back({{std::to_string(code)}, static_cast<double>(count)});
        }
        return rows;
      });
  if (Cache* cache = services.cache(); cache != nullptr) {
    auto stat = [cache](uint64_t CacheStats::*field) {
      return [cache, field] { return static_cast<double>(cache->stats().*field); };
    };
    registry.AddCallbackCounter("odmcp_cache_hits_total", "Cache reads that found a live entry.",
                                stat(&CacheStats::hits));
    registry.AddCallbackCounter("odmcp_cache_misses_total",
                                "Cache reads that found no entry, or an expired one.",
                                stat(&CacheStats::misses));
    registry.AddCallbackCounter("odmcp_cache_evictions_total",
                                "Live cache entries dropped to make room.",
                                stat(&CacheStats::evictions));
    registry.AddCallbackGauge("odmcp_cache_entries", "Cache entries held.",
                              stat(&CacheStats::entries));
    registry.AddCallbackGauge("odmcp_cache_bytes",
                              "Bytes the cache holds, its per-entry overhead included.",
                              stat(&CacheStats::bytes));
  }
  if (HttpClient* http = services.http(); http != nullptr) {
    auto stat = [http](uint64_t HttpClientStats::*field) {
      return [http, field] { return static_cast<double>(http->stats().*field); };
    };
    registry.AddCallbackCounter("odmcp_upstream_attempts_total",
                                "Upstream HTTP exchanges started, retries and failed connections "
                                "included.",
                                stat(&HttpClientStats::upstream_attempts));
    registry.AddCallbackCounter("odmcp_upstream_connections_opened_total",
                                "Upstream TCP connections opened.",
                                stat(&HttpClientStats::connections_opened));
  }
  if (AuditLog* audit = services.audit(); audit != nullptr) {
    registry.AddCallbackGauge("odmcp_audit_queue_depth", "Audit records waiting to be written.",
                              [audit] { return static_cast<double>(audit->queued()); });
    registry.AddCallbackCounter("odmcp_audit_dropped_total",
                                "Audit records dropped because the queue was full.",
                                [audit] { return static_cast<double>(audit->dropped()); });
  }
}

}  // namespace odmcp
