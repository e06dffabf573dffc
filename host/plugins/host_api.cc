#include "host/plugins/host_api.h"

#include <string>

#include "host/plugins/abi_struct.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/plugin_record.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/tool_call.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

// registry ------------------------------------------------------------------

odmcp_status RegisterTool(odmcp_host* host, const odmcp_tool_desc* desc) {
  if (host == nullptr || host->plugin == nullptr) return ODMCP_INVALID_ARGUMENT;
  PluginRecord& plugin = *host->plugin;
  Logger& log = *plugin.services->log;
  if (!plugin.in_init.load()) {
    log.Error("register_tool called outside init", {{"plugin", plugin.name}});
    return ODMCP_FAILED_PRECONDITION;
  }
  Result<std::shared_ptr<ToolRecord>> tool = MakeToolRecord(&plugin, desc);
  if (!tool.ok()) {
    log.Error("plugin registered an invalid tool",
              {{"plugin", plugin.name}, {"problem", tool.error()}});
    return ODMCP_INVALID_ARGUMENT;
  }
  Result<const ToolRecord*> added = plugin.services->tools->Add(std::move(tool).value());
  if (!added.ok()) {
    log.Error("plugin registered a duplicate tool",
              {{"plugin", plugin.name}, {"problem", added.error()}});
    return ODMCP_ALREADY_EXISTS;
  }
  return ODMCP_OK;
}

// log -----------------------------------------------------------------------

int32_t LogEnabled(odmcp_host* host, int32_t level) {
  return host->plugin->services->log->Enabled(level) ? 1 : 0;
}

void LogWrite(odmcp_host* host, odmcp_call* call, int32_t level, odmcp_str message) {
  Logger& log = *host->plugin->services->log;
  if (!log.Enabled(level)) return;
  if (call != nullptr) {
    const ToolCall& c = *ToolCall::From(call);
    log.Write(level, View(message),
              {{"plugin", host->plugin->name},
               {"tool", c.tool().name},
               {"correlation_id", c.context().correlation_id}});
  } else {
    log.Write(level, View(message), {{"plugin", host->plugin->name}});
  }
}

// runtime -------------------------------------------------------------------

odmcp_status RuntimeDescribe(odmcp_host* host, odmcp_sink_fn sink, void* sink_ctx) {
  std::string json = host->plugin->services->plugins->DescribeRuntime();
  sink(sink_ctx, json.data(), json.size());
  return ODMCP_OK;
}

// Services a later part of the host provides. Until then every function
// answers ODMCP_UNIMPLEMENTED, so plugins can probe for them today.

odmcp_status VaultPut(odmcp_call*, odmcp_str, odmcp_str, odmcp_str) { return ODMCP_UNIMPLEMENTED; }
odmcp_status VaultGetPublic(odmcp_call*, odmcp_str, odmcp_sink_fn, void*) {
  return ODMCP_UNIMPLEMENTED;
}
odmcp_status VaultList(odmcp_call*, odmcp_str, odmcp_sink_fn, void*) { return ODMCP_UNIMPLEMENTED; }
odmcp_status VaultErase(odmcp_call*, odmcp_str) { return ODMCP_UNIMPLEMENTED; }
odmcp_status VaultWithSecret(odmcp_call*, odmcp_str, odmcp_sink_fn, void*) {
  return ODMCP_UNIMPLEMENTED;
}

odmcp_status CacheGet(odmcp_call*, odmcp_str, odmcp_sink_fn, void*) { return ODMCP_UNIMPLEMENTED; }
odmcp_status CachePut(odmcp_call*, odmcp_str, odmcp_str, int64_t) { return ODMCP_UNIMPLEMENTED; }
odmcp_status CacheInvalidate(odmcp_call*, odmcp_str) { return ODMCP_UNIMPLEMENTED; }

odmcp_status RateDeclare(odmcp_host*, odmcp_str, double, double) { return ODMCP_UNIMPLEMENTED; }
odmcp_status RateTryAcquire(odmcp_call*, odmcp_str, odmcp_str, double, int64_t*) {
  return ODMCP_UNIMPLEMENTED;
}
odmcp_status RateAcquire(odmcp_call*, odmcp_str, odmcp_str, double) { return ODMCP_UNIMPLEMENTED; }

odmcp_status HttpFetch(odmcp_call*, const odmcp_http_request*, odmcp_http_done_fn, void*) {
  return ODMCP_UNIMPLEMENTED;
}

}  // namespace

const odmcp_host_api* HostApi() {
  static const odmcp_registry_api registry = {sizeof(odmcp_registry_api), &RegisterTool};
  static const odmcp_log_api log = {sizeof(odmcp_log_api), &LogEnabled, &LogWrite};
  static const odmcp_vault_api vault = {sizeof(odmcp_vault_api), &VaultPut,  &VaultGetPublic,
                                        &VaultList,              &VaultErase, &VaultWithSecret};
  static const odmcp_cache_api cache = {sizeof(odmcp_cache_api), &CacheGet, &CachePut,
                                        &CacheInvalidate};
  static const odmcp_ratelimit_api ratelimit = {sizeof(odmcp_ratelimit_api), &RateDeclare,
                                                &RateTryAcquire, &RateAcquire};
  static const odmcp_http_api http = {sizeof(odmcp_http_api), &HttpFetch};
  static const odmcp_runtime_api runtime = {sizeof(odmcp_runtime_api), &RuntimeDescribe};
  static const odmcp_host_api api = {
      sizeof(odmcp_host_api), ODMCP_ABI_MAJOR, ODMCP_ABI_MINOR, 0,          &registry,
      CallApiTable(),         &log,            SessionApiTable(), &vault, &cache,
      &ratelimit,             &http,           &runtime,
  };
  return &api;
}

}  // namespace odmcp
