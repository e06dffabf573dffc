#include "host/plugins/host_api.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "host/common/http_text.h"
#include "host/common/json.h"
#include "host/crypto/secure_bytes.h"
#include "host/plugins/abi_struct.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/plugin_record.h"
#include "host/plugins/tool_call.h"
#include "host/plugins/tool_registry.h"
#include "host/services/cache/cache.h"
#include "host/services/cache/scoped_cache_key.h"
#include "host/services/http_client/http_client.h"
#include "host/services/log.h"
#include "host/services/metrics/host_metrics.h"
#include "host/services/notification_hub.h"
#include "host/services/ratelimit/rate_limiter.h"
#include "host/services/redaction.h"
#include "host/services/tenants/vault.h"

namespace odmcp {
namespace {

// The values of a JSON object of header names to values (secret headers);
// empty if it is not one.
std::vector<std::string> HeaderValues(std::string_view headers_json) {
  std::vector<std::string> values;
  JsonDocument doc;
  if (ParseJson(headers_json, doc) || !doc.IsObject()) return values;
  for (const auto& member : doc.GetObject()) {
    if (member.value.IsString()) values.emplace_back(AsView(member.value));
  }
  return values;
}

// registry ------------------------------------------------------------------

odmcp_status RegisterTool(odmcp_host* host, const odmcp_tool_desc* desc) {
  if (host == nullptr || host->plugin == nullptr) return ODMCP_INVALID_ARGUMENT;
  PluginRecord& plugin = *host->plugin;
  Logger& log = *plugin.services->log;
  if (!plugin.in_init.load()) {
    log.Error("register_tool called outside init", {{"plugin", plugin.name}});
    return ODMCP_FAILED_PRECONDITION;
  }
  StatusOr<std::shared_ptr<ToolRecord>> tool = MakeToolRecord(&plugin, desc);
  if (!tool.ok()) {
    log.Error("plugin registered an invalid tool",
              {{"plugin", plugin.name}, {"problem", tool.error()}});
    return ODMCP_INVALID_ARGUMENT;
  }
  StatusOr<const ToolRecord*> added = plugin.services->tools->Add(std::move(tool).value());
  if (!added.ok()) {
    log.Error("plugin registered a duplicate tool",
              {{"plugin", plugin.name}, {"problem", added.error()}});
    return ODMCP_ALREADY_EXISTS;
  }
  return ODMCP_OK;
}

// Registers a resource or prompt record made by make(); the shared checks
// and logging of register_resource and register_prompt.
template <class Desc, class Make>
odmcp_status RegisterFeature(odmcp_host* host, const Desc* desc, const char* what, Make make) {
  if (host == nullptr || host->plugin == nullptr) return ODMCP_INVALID_ARGUMENT;
  PluginRecord& plugin = *host->plugin;
  Logger& log = *plugin.services->log;
  if (!plugin.in_init.load()) {
    log.Error(std::string("register_") + what + " called outside init", {{"plugin", plugin.name}});
    return ODMCP_FAILED_PRECONDITION;
  }
  if (plugin.services->features == nullptr) return ODMCP_UNIMPLEMENTED;
  auto record = make(&plugin, desc);
  if (!record.ok()) {
    log.Error(std::string("plugin registered an invalid ") + what,
              {{"plugin", plugin.name}, {"problem", record.error()}});
    return ODMCP_INVALID_ARGUMENT;
  }
  StatusOr<bool> added = plugin.services->features->Add(std::move(record).value());
  if (!added.ok()) {
    log.Error(std::string("plugin registered a duplicate ") + what,
              {{"plugin", plugin.name}, {"problem", added.error()}});
    return ODMCP_ALREADY_EXISTS;
  }
  return ODMCP_OK;
}

odmcp_status RegisterResource(odmcp_host* host, const odmcp_resource_desc* desc) {
  return RegisterFeature(host, desc, "resource", &MakeResourceRecord);
}

odmcp_status RegisterPrompt(odmcp_host* host, const odmcp_prompt_desc* desc) {
  return RegisterFeature(host, desc, "prompt", &MakePromptRecord);
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

// notify --------------------------------------------------------------------

odmcp_status NotifyResourceUpdated(odmcp_host* host, odmcp_str uri) {
  if (host == nullptr || host->plugin == nullptr || uri.len == 0) return ODMCP_INVALID_ARGUMENT;
  NotificationHub* hub = host->plugin->services->notifications;
  if (hub == nullptr) return ODMCP_UNIMPLEMENTED;
  hub->Publish(Change{ChangeKind::kResourceUpdated, std::string(View(uri))});
  return ODMCP_OK;
}

odmcp_status NotifyListChanged(odmcp_host* host, int32_t list) {
  if (host == nullptr || host->plugin == nullptr) return ODMCP_INVALID_ARGUMENT;
  ChangeKind kind;
  switch (list) {
    case ODMCP_LIST_TOOLS: kind = ChangeKind::kToolsList; break;
    case ODMCP_LIST_PROMPTS: kind = ChangeKind::kPromptsList; break;
    case ODMCP_LIST_RESOURCES: kind = ChangeKind::kResourcesList; break;
    default: return ODMCP_INVALID_ARGUMENT;
  }
  NotificationHub* hub = host->plugin->services->notifications;
  if (hub == nullptr) return ODMCP_UNIMPLEMENTED;
  hub->Publish(Change{kind, {}});
  return ODMCP_OK;
}

// vault ---------------------------------------------------------------------

// Resolves the vault and the call's tenant, or the status that says why
// there are none.
odmcp_status VaultFor(odmcp_call* c, Vault** vault, const Tenant** tenant) {
  ToolCall& call = *ToolCall::From(c);
  *vault = call.tool().plugin->services->vault;
  if (*vault == nullptr) return ODMCP_UNIMPLEMENTED;
  if (call.tenant() == nullptr) return ODMCP_UNAUTHENTICATED;
  *tenant = call.tenant().get();
  return ODMCP_OK;
}

odmcp_status Report(odmcp_call* c, const Status& status) {
  if (status.code() == ODMCP_UNAVAILABLE || status.code() == ODMCP_DATA_LOSS) {
    const ToolCall& call = *ToolCall::From(c);
    HostLog().Error("vault operation failed", {{"plugin", call.tool().plugin->name},
                                               {"error", status.message()},
                                               {"correlation_id", call.context().correlation_id}});
  }
  return status.code();
}

odmcp_status VaultPut(odmcp_call* c, odmcp_str name, odmcp_str public_json,
                      odmcp_str secret_headers_json) {
  Vault* vault;
  const Tenant* tenant;
  if (odmcp_status s = VaultFor(c, &vault, &tenant); s != ODMCP_OK) return s;
  ToolCall& call = *ToolCall::From(c);
  for (const std::string& secret : HeaderValues(View(secret_headers_json))) {
    call.AddSecret(secret);
    SecretRegistry::Process().Add(secret);
  }
  return Report(c, vault->Put(*tenant, View(name), View(public_json), View(secret_headers_json)));
}

odmcp_status VaultGetPublic(odmcp_call* c, odmcp_str name, odmcp_sink_fn sink, void* sink_ctx) {
  Vault* vault;
  const Tenant* tenant;
  if (odmcp_status s = VaultFor(c, &vault, &tenant); s != ODMCP_OK) return s;
  std::string public_json;
  Status status = vault->GetPublic(*tenant, View(name), &public_json);
  if (status.ok()) sink(sink_ctx, public_json.data(), public_json.size());
  return Report(c, status);
}

odmcp_status VaultList(odmcp_call* c, odmcp_str prefix, odmcp_sink_fn sink, void* sink_ctx) {
  Vault* vault;
  const Tenant* tenant;
  if (odmcp_status s = VaultFor(c, &vault, &tenant); s != ODMCP_OK) return s;
  std::vector<VaultEntry> entries;
  Status status = vault->List(*tenant, View(prefix), &entries);
  if (!status.ok()) return Report(c, status);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (const VaultEntry& entry : entries) {
    w.StartObject();
    WriteKeyString(w, "name", entry.name);
    w.Key("public");
    WriteRaw(w, entry.public_json);
    w.EndObject();
  }
  w.EndArray();
  sink(sink_ctx, buffer.GetString(), buffer.GetSize());
  return ODMCP_OK;
}

odmcp_status VaultErase(odmcp_call* c, odmcp_str name) {
  Vault* vault;
  const Tenant* tenant;
  if (odmcp_status s = VaultFor(c, &vault, &tenant); s != ODMCP_OK) return s;
  return Report(c, vault->Erase(*tenant, View(name)));
}

odmcp_status VaultWithSecret(odmcp_call* c, odmcp_str name, odmcp_sink_fn use, void* use_ctx) {
  Vault* vault;
  const Tenant* tenant;
  if (odmcp_status s = VaultFor(c, &vault, &tenant); s != ODMCP_OK) return s;
  ToolCall& call = *ToolCall::From(c);
  if (!call.tool().plugin->read_secrets) return ODMCP_PERMISSION_DENIED;
  std::string secret;
  Status status = vault->OpenSecret(*tenant, View(name), &secret);
  if (!status.ok()) return Report(c, status);
  for (const std::string& value : HeaderValues(secret)) call.AddSecret(value);
  use(use_ctx, secret.data(), secret.size());
  crypto::Wipe(&secret);
  return ODMCP_OK;
}

// cache ---------------------------------------------------------------------

// The scoped key for the call's tenant and plugin, or the status that says
// why there is none. Without tenants every call shares the "" tenant scope.
odmcp_status CacheKeyFor(odmcp_call* c, odmcp_str key, Cache** cache, std::string* scoped) {
  const ToolCall& call = *ToolCall::From(c);
  const HostServices& services = *call.tool().plugin->services;
  *cache = services.cache;
  if (*cache == nullptr) return ODMCP_UNIMPLEMENTED;
  std::string tenant;
  if (services.tenants != nullptr) {
    if (call.tenant() == nullptr) return ODMCP_UNAUTHENTICATED;
    tenant = std::to_string(call.tenant()->id);
  }
  *scoped = ScopedCacheKey(tenant, call.tool().plugin->name, View(key));
  return ODMCP_OK;
}

odmcp_status CacheGet(odmcp_call* c, odmcp_str key, odmcp_sink_fn sink, void* sink_ctx) {
  Cache* cache;
  std::string scoped;
  if (odmcp_status s = CacheKeyFor(c, key, &cache, &scoped); s != ODMCP_OK) return s;
  std::optional<std::string> value = cache->Get(scoped);
  if (!value) return ODMCP_NOT_FOUND;
  sink(sink_ctx, value->data(), value->size());
  return ODMCP_OK;
}

odmcp_status CachePut(odmcp_call* c, odmcp_str key, odmcp_str value, int64_t ttl_ms) {
  if (ttl_ms <= 0) return ODMCP_INVALID_ARGUMENT;
  Cache* cache;
  std::string scoped;
  if (odmcp_status s = CacheKeyFor(c, key, &cache, &scoped); s != ODMCP_OK) return s;
  cache->Put(scoped, View(value), ttl_ms);
  return ODMCP_OK;
}

odmcp_status CacheInvalidate(odmcp_call* c, odmcp_str prefix) {
  Cache* cache;
  std::string scoped;
  if (odmcp_status s = CacheKeyFor(c, prefix, &cache, &scoped); s != ODMCP_OK) return s;
  cache->InvalidatePrefix(scoped);
  return ODMCP_OK;
}

// ratelimit -----------------------------------------------------------------

// Plugins' bucket families live in the plugin's own namespace, so two
// plugins may both declare "api" without sharing it; a name starting with
// '@' is shared by every plugin that declares it (plugin.h), and cannot
// collide with a private one since plugin names have no '@'.
std::string FamilyOf(const PluginRecord& plugin, odmcp_str bucket) {
  std::string_view name = View(bucket);
  if (!name.empty() && name.front() == '@') return std::string(name);
  return plugin.name + "/" + std::string(name);
}

odmcp_status RateDeclare(odmcp_host* host, odmcp_str bucket, double capacity,
                         double refill_per_second) {
  PluginRecord& plugin = *host->plugin;
  if (plugin.services->rate_limiter == nullptr) return ODMCP_UNIMPLEMENTED;
  if (!plugin.in_init.load()) return ODMCP_FAILED_PRECONDITION;
  if (View(bucket).empty()) return ODMCP_INVALID_ARGUMENT;
  StatusOr<bool> declared =
      plugin.services->rate_limiter->Declare(FamilyOf(plugin, bucket), capacity, refill_per_second);
  if (!declared.ok()) {
    plugin.services->log->Error("plugin declared an invalid bucket",
                                {{"plugin", plugin.name}, {"problem", declared.error()}});
    return ODMCP_INVALID_ARGUMENT;
  }
  return ODMCP_OK;
}

odmcp_status RateTryAcquire(odmcp_call* c, odmcp_str bucket, odmcp_str key, double cost,
                            int64_t* retry_after_ms) {
  const ToolCall& call = *ToolCall::From(c);
  RateLimiter* limiter = call.tool().plugin->services->rate_limiter;
  if (limiter == nullptr) return ODMCP_UNIMPLEMENTED;
  std::optional<RateLimiter::Decision> decision =
      limiter->TryAcquire(FamilyOf(*call.tool().plugin, bucket), View(key), cost);
  if (!decision) return ODMCP_NOT_FOUND;
  if (decision->allowed) return ODMCP_OK;
  if (retry_after_ms != nullptr) *retry_after_ms = decision->retry_after_ms;
  return decision->retry_after_ms < 0 ? ODMCP_INVALID_ARGUMENT : ODMCP_RESOURCE_EXHAUSTED;
}

odmcp_status RateAcquire(odmcp_call* c, odmcp_str bucket, odmcp_str key, double cost) {
  ToolCall& call = *ToolCall::From(c);
  RateLimiter* limiter = call.tool().plugin->services->rate_limiter;
  if (limiter == nullptr) return ODMCP_UNIMPLEMENTED;
  return limiter->Acquire(FamilyOf(*call.tool().plugin, bucket), View(key), cost,
                          call.deadline_unix_ms(), [&call] { return call.Cancelled(); });
}

// http ----------------------------------------------------------------------

void RecordUpstream(HostMetrics& metrics, const std::string& plugin, const HttpOutcome& outcome) {
  if (outcome.coalesced) {
    metrics.upstream_coalesced.With({plugin}).Inc();
    return;
  }
  const HttpResponse* response = outcome.response.get();
  metrics.upstream_requests.With({plugin, StatusClass(response == nullptr ? 0 : response->status)})
      .Inc();
  if (response == nullptr) return;
  if (response->attempts > 1) {
    metrics.upstream_retries.With({plugin}).Add(static_cast<uint64_t>(response->attempts - 1));
  }
  if (response->throttled > 0) {
    metrics.upstream_throttled.With({plugin}).Add(static_cast<uint64_t>(response->throttled));
  }
}

bool HasHeader(const std::vector<HttpHeader>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [name](const HttpHeader& header) {
    return EqualsIgnoringCase(header.name, name);
  });
}

odmcp_status HttpFetch(odmcp_call* c, const odmcp_http_request* peer, odmcp_http_done_fn on_done,
                       void* ctx) {
  ToolCall& call = *ToolCall::From(c);
  const HostServices& services = *call.tool().plugin->services;
  if (services.http == nullptr) return ODMCP_UNIMPLEMENTED;
  if (peer == nullptr || on_done == nullptr) return ODMCP_INVALID_ARGUMENT;
  odmcp_http_request request;
  std::string problem;
  if (!ReadPeerStruct(peer, ODMCP_SIZE_THROUGH(odmcp_http_request, reserved0), &request, &problem) ||
      request.header_struct_size < sizeof(odmcp_http_header) ||
      (request.header_count > 0 && request.headers == nullptr)) {
    services.log->Error("plugin passed a malformed HTTP request",
                        {{"plugin", call.tool().plugin->name}, {"problem", problem}});
    return ODMCP_INVALID_ARGUMENT;
  }
  HttpRequest out;
  out.method = std::string(View(request.method));
  out.url = std::string(View(request.url));
  out.body = std::string(View(request.body));
  const auto* header_bytes = reinterpret_cast<const unsigned char*>(request.headers);
  for (size_t i = 0; i < request.header_count; ++i) {
    // Headers are read with the plugin's stride, so the struct can grow.
    odmcp_http_header header;
    std::memcpy(&header, header_bytes + i * request.header_struct_size, sizeof header);
    out.headers.push_back({std::string(View(header.name)), std::string(View(header.value))});
  }
  // The call's trace goes on upstream, unless the plugin set its own.
  const CallContext& context = call.context();
  if (!context.trace.trace_id.empty() && !HasHeader(out.headers, "traceparent")) {
    out.trace_headers.push_back({"traceparent", context.trace.Child()});
  }
  if (!context.correlation_id.empty() && !HasHeader(out.headers, "X-Request-ID")) {
    out.trace_headers.push_back({"X-Request-ID", context.correlation_id});
  }
  out.idempotent = (request.flags & ODMCP_HTTP_IDEMPOTENT) != 0;
  out.coalesce = (request.flags & ODMCP_HTTP_NO_COALESCE) == 0;
  out.timeout_ms = request.timeout_ms;
  out.max_response_bytes = request.max_response_bytes;
  out.deadline_unix_ms = call.deadline_unix_ms();
  out.began_steady_ms = call.began_steady_ms();
  out.cancelled = [&call] { return call.Cancelled(); };
  RateLimiter* limiter = services.rate_limiter;
  const std::string& plugin = call.tool().plugin->name;
  HostMetrics* metrics = services.metrics;
  if (limiter != nullptr && request.pace_bucket.len > 0) {
    metrics::Histogram* waits =
        metrics == nullptr ? nullptr : &metrics->upstream_pace_seconds.With({plugin});
    out.pace = [limiter, &call, waits, family = FamilyOf(*call.tool().plugin, request.pace_bucket),
                key = std::string(View(request.pace_key))] {
      const auto started = std::chrono::steady_clock::now();
      const odmcp_status paid = limiter->Acquire(family, key, 1, call.deadline_unix_ms(),
                                                 [&call] { return call.Cancelled(); });
      if (waits != nullptr) waits->ObserveDuration(std::chrono::steady_clock::now() - started);
      return paid;
    };
  }
  std::string tenant = call.tenant() == nullptr ? "" : std::to_string(call.tenant()->id);
  std::string credential(View(request.credential));
  out.coalesce_scope = tenant + '\x1f' + credential;
  if (!credential.empty()) {
    Vault* vault;
    const Tenant* owner;
    if (odmcp_status s = VaultFor(c, &vault, &owner); s != ODMCP_OK) return s;
    std::string secret;
    Status opened = vault->OpenSecret(*owner, credential, &secret);
    if (!opened.ok()) return Report(c, opened);
    JsonDocument headers;
    const bool parsed = !ParseJson(secret, headers);
    crypto::Wipe(&secret);
    if (parsed && headers.IsObject()) {
      for (const auto& member : headers.GetObject()) {
        if (!member.value.IsString()) continue;
        std::string value(AsView(member.value));
        call.AddSecret(value);
        out.headers.push_back({std::string(AsView(member.name)), std::move(value)});
      }
    }
  }
  HttpOutcome outcome = services.http->Fetch(out);
  for (HttpHeader& header : out.headers) crypto::Wipe(&header.value);
  if (metrics != nullptr) RecordUpstream(*metrics, plugin, outcome);
  if (outcome.status != ODMCP_OK) {
    services.log->Warning("outbound request failed",
                          {{"plugin", call.tool().plugin->name},
                           {"error", outcome.error},
                           {"correlation_id", call.context().correlation_id}});
    on_done(ctx, outcome.status, nullptr);
    return outcome.status;
  }
  const HttpResponse& in = *outcome.response;
  std::vector<odmcp_http_header> response_headers;
  response_headers.reserve(in.headers.size());
  for (const HttpHeader& header : in.headers) {
    response_headers.push_back({Str(header.name), Str(header.value)});
  }
  odmcp_http_response response{};
  response.struct_size = sizeof response;
  response.status_code = in.status;
  response.headers = response_headers.data();
  response.header_count = response_headers.size();
  response.body = Str(in.body);
  on_done(ctx, ODMCP_OK, &response);
  return ODMCP_OK;
}

}  // namespace

const odmcp_host_api* HostApi() {
  static const odmcp_registry_api registry = {sizeof(odmcp_registry_api), &RegisterTool,
                                              &RegisterResource, &RegisterPrompt};
  static const odmcp_log_api log = {sizeof(odmcp_log_api), &LogEnabled, &LogWrite};
  static const odmcp_vault_api vault = {sizeof(odmcp_vault_api), &VaultPut,  &VaultGetPublic,
                                        &VaultList,              &VaultErase, &VaultWithSecret};
  static const odmcp_cache_api cache = {sizeof(odmcp_cache_api), &CacheGet, &CachePut,
                                        &CacheInvalidate};
  static const odmcp_ratelimit_api ratelimit = {sizeof(odmcp_ratelimit_api), &RateDeclare,
                                                &RateTryAcquire, &RateAcquire};
  static const odmcp_http_api http = {sizeof(odmcp_http_api), &HttpFetch};
  static const odmcp_runtime_api runtime = {sizeof(odmcp_runtime_api), &RuntimeDescribe};
  static const odmcp_notify_api notify = {sizeof(odmcp_notify_api), &NotifyResourceUpdated,
                                          &NotifyListChanged};
  static const odmcp_host_api api = {
      sizeof(odmcp_host_api), ODMCP_ABI_MAJOR, ODMCP_ABI_MINOR, 0,          &registry,
      CallApiTable(),         &log,            SessionApiTable(), &vault, &cache,
      &ratelimit,             &http,           &runtime,        &notify,
  };
  return &api;
}

}  // namespace odmcp
