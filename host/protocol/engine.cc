#include "host/protocol/engine.h"

#include <algorithm>

#include "host/common/base64.h"
#include "host/common/clock.h"
#include "host/common/log_level.h"
#include "host/common/random.h"
#include "host/plugins/content_block.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_record.h"
#include "host/plugins/tool_call.h"
#include "host/plugins/tool_record.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/versions.h"
#include "host/services/audit/audit_log.h"
#include "host/services/log.h"
#include "host/services/metrics/host_metrics.h"
#include "host/services/ratelimit/rate_limiter.h"
#include "host/services/redaction.h"

namespace odmcp {
namespace {

constexpr std::string_view kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
constexpr std::string_view kMetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
constexpr std::string_view kMetaClientInfo = "io.modelcontextprotocol/clientInfo";
constexpr std::string_view kMetaLogLevel = "io.modelcontextprotocol/logLevel";
constexpr std::string_view kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
constexpr std::string_view kCursorPrefix = "after:";

const rapidjson::Value* Meta(const Request& request) {
  return request.params == nullptr ? nullptr : FindMember(*request.params, "_meta");
}

RpcError InvalidParams(std::string message) {
  return RpcError{rpc::kInvalidParams, "Invalid params: " + std::move(message), {}};
}

// -32602 naming the _meta key at fault, in the shape the TypeScript SDK uses.
Reply EnvelopeError(const Request& request, std::string_view key, std::string_view problem,
                    std::string message) {
  std::string data = R"({"envelope":{"key":)" + QuoteJson(key) + R"(,"problem":)" +
                     QuoteJson(problem) + "}}";
  return Reply{ErrorResponse(request.id_json,
                             RpcError{rpc::kInvalidParams, "Invalid params: " + message, data}),
               400};
}

void ReadClientInfo(const rapidjson::Value& info, std::string& name, std::string& version) {
  if (const rapidjson::Value* n = FindMember(info, "name"); n && n->IsString()) name = AsView(*n);
  if (const rapidjson::Value* v = FindMember(info, "version"); v && v->IsString()) {
    version = AsView(*v);
  }
}

// The tool's required capabilities that `client_capabilities_json` lacks,
// as a ClientCapabilities object, or empty if it has them all.
std::string MissingCapabilities(const ToolRecord& tool, const std::string& client_capabilities_json) {
  JsonDocument declared;
  ParseJson(client_capabilities_json, declared);
  std::string missing;
  for (const auto& [name, value] : tool.required_capabilities) {
    const rapidjson::Value* have = FindMember(declared, name);
    if (have != nullptr && have->IsObject()) continue;
    missing += (missing.empty() ? "{" : ",") + QuoteJson(name) + ":" + value;
  }
  return missing.empty() ? missing : missing + "}";
}

std::string ProgressToken(const Request& request) {
  const rapidjson::Value* meta = Meta(request);
  const rapidjson::Value* token = meta == nullptr ? nullptr : FindMember(*meta, "progressToken");
  if (token == nullptr || !(token->IsString() || token->IsInt64() || token->IsUint64())) return {};
  return ToJson(*token);
}

// The -32005 refusal of a tenant that has used `allowance`, which is back
// after `wait_ms`.
RpcError RateLimited(const std::string& allowance, int64_t wait_ms) {
  const std::string seconds = std::to_string((wait_ms + 999) / 1000);
  return RpcError{rpc::kRateLimited,
                  "Rate limited: this tenant has used " + allowance + "; try again in " + seconds +
                      " s (after " + std::to_string(wait_ms) + " ms)",
                  R"({"retryAfterMs":)" + std::to_string(wait_ms) + "}"};
}

}  // namespace

bool Granted(const RequestContext& context, const ToolRecord& tool) {
  if (context.grant == nullptr) return true;
  return context.grant->Allows(tool.plugin == nullptr ? std::string_view() : tool.plugin->name,
                               tool.read_only);
}

RpcError OutsideGrant(const ToolRecord& tool) {
  const std::string_view scope = ToolGrant::NeededScope(tool.read_only);
  return RpcError{rpc::kInvalidRequest,
                  "Forbidden: this access token's scopes do not allow tool " + tool.name +
                      "; a token with scope \"" + std::string(scope) + "\" may call it",
                  R"({"requiredScope":")" + std::string(scope) + "\"}", 403};
}

Engine::Engine(const ToolRegistry& tools, ServerIdentity identity, EngineOptions options,
               HostServices* services)
    : tools_(tools),
      services_(services),
      identity_(std::move(identity)),
      options_(options),
      state_codec_(options.request_state_key.empty() ? RandomHex(RequestStateCodec::kMinKeyBytes)
                                                     : options.request_state_key,
                   options.request_state_ttl_ms) {
  server_info_json_ = R"({"name":)" + QuoteJson(identity_.name) + R"(,"version":)" +
                      QuoteJson(identity_.version) + "}";
}

bool Engine::ClaimsStatelessEra(const Request& request) {
  const rapidjson::Value* meta = Meta(request);
  return meta != nullptr && FindMember(*meta, kMetaProtocolVersion) != nullptr;
}

std::shared_ptr<const ToolCatalog> Engine::Tools() const { return tools_.Snapshot(); }

NotificationHub* Engine::notifications() const {
  return services_ == nullptr ? nullptr : services_->notifications;
}

void Engine::WriteCapabilities(JsonWriter& w) const {
  w.Key("capabilities");
  w.StartObject();
  // Every method is answered whether or not a plugin registered anything
  // for it (an empty list is an answer), so every capability is declared.
  // The lists change when plugins are reloaded, and plugins may report
  // changes of their resources.
  for (const char* capability : {"tools", "prompts", "resources"}) {
    w.Key(capability);
    w.StartObject();
    if (capability == std::string_view("resources")) {
      w.Key("subscribe");
      w.Bool(true);
    }
    w.Key("listChanged");
    w.Bool(true);
    w.EndObject();
  }
  for (const char* capability : {"logging", "completions"}) {
    w.Key(capability);
    w.StartObject();
    w.EndObject();
  }
  w.EndObject();
}

// --- Legacy era ---------------------------------------------------------------

Reply Engine::Initialize(const Request& request, std::shared_ptr<ClientSession> session) {
  RequestContext context;
  context.session = std::move(session);
  return Answer(&Engine::InitializeResult, request, context, Caching::kNone);
}

std::optional<RpcError> Engine::InitializeResult(const Request& request, RequestContext& context,
                                                 JsonWriter& w) {
  const rapidjson::Value* requested =
      request.params == nullptr ? nullptr : FindMember(*request.params, "protocolVersion");
  if (requested == nullptr || !requested->IsString()) {
    return InvalidParams("initialize needs \"protocolVersion\", a string");
  }
  ClientSession& session = *context.session;
  session.protocol_version = std::string(NegotiateLegacyVersion(AsView(*requested)));
  if (const rapidjson::Value* caps = FindMember(*request.params, "capabilities");
      caps && caps->IsObject()) {
    session.capabilities_json = ToJson(*caps);
    for (std::string_view asked : {"elicitation", "sampling", "roots"}) {
      const rapidjson::Value* capability = FindMember(*caps, asked);
      if (capability != nullptr && capability->IsObject()) session.answers_requests = true;
    }
  }
  if (const rapidjson::Value* info = FindMember(*request.params, "clientInfo")) {
    ReadClientInfo(*info, session.client_name, session.client_version);
  }
  WriteKeyString(w, "protocolVersion", session.protocol_version);
  WriteCapabilities(w);
  w.Key("serverInfo");
  WriteRaw(w, server_info_json_);
  if (!identity_.instructions.empty()) WriteKeyString(w, "instructions", identity_.instructions);
  return std::nullopt;
}

Reply Engine::HandleLegacy(const Request& request, RequestContext& context) {
  const std::string_view m = request.method;
  if (m == "tools/call") return Answer(&Engine::CallTool, request, context, Caching::kNone);
  if (m == "tools/list") return Answer(&Engine::ListTools, request, context, Caching::kNone);
  if (m == "ping") return Answer(&Engine::Ping, request, context, Caching::kNone);
  if (m == "logging/setLevel") return Answer(&Engine::SetLevel, request, context, Caching::kNone);
  if (m == "resources/subscribe") return Answer(&Engine::Subscribe, request, context, Caching::kNone);
  if (m == "resources/unsubscribe") {
    return Answer(&Engine::Unsubscribe, request, context, Caching::kNone);
  }
  Caching caching;
  if (Method method = FeatureMethod(m, &caching)) {
    return Answer(method, request, context, Caching::kNone);
  }
  if (m == "initialize") {
    return Reply{ErrorResponse(request.id_json,
                               RpcError{rpc::kInvalidRequest,
                                        "Invalid request: this session is already initialized",
                                        {}}),
                 400};
  }
  return Reply{ErrorResponse(request.id_json,
                             RpcError{rpc::kMethodNotFound,
                                      "Method not found: " + std::string(m), {}}),
               200};
}

// --- Stateless era ------------------------------------------------------------

std::optional<Reply> Engine::ReadEnvelope(const Request& request, RequestContext& context) const {
  const rapidjson::Value* meta = Meta(request);
  if (meta == nullptr) {
    return EnvelopeError(request, "_meta", "missing",
                         "this protocol version needs params._meta on every request");
  }
  if (!meta->IsObject()) {
    return EnvelopeError(request, "_meta", "invalid", "params._meta must be an object");
  }
  const rapidjson::Value* version = FindMember(*meta, kMetaProtocolVersion);
  if (version == nullptr) {
    return EnvelopeError(request, kMetaProtocolVersion, "missing",
                         "params._meta needs \"" + std::string(kMetaProtocolVersion) + "\"");
  }
  if (!version->IsString()) {
    return EnvelopeError(request, kMetaProtocolVersion, "invalid",
                         "\"" + std::string(kMetaProtocolVersion) + "\" must be a string");
  }
  const rapidjson::Value* caps = FindMember(*meta, kMetaClientCapabilities);
  if (caps == nullptr) {
    return EnvelopeError(request, kMetaClientCapabilities, "missing",
                         "params._meta needs \"" + std::string(kMetaClientCapabilities) +
                             "\" (an object; {} declares none)");
  }
  if (!caps->IsObject()) {
    return EnvelopeError(request, kMetaClientCapabilities, "invalid",
                         "\"" + std::string(kMetaClientCapabilities) + "\" must be an object");
  }
  context.era = Era::kStateless;
  context.protocol_version = std::string(AsView(*version));
  context.client_capabilities_json = ToJson(*caps);
  if (const rapidjson::Value* info = FindMember(*meta, kMetaClientInfo)) {
    if (!info->IsObject()) {
      return EnvelopeError(request, kMetaClientInfo, "invalid",
                           "\"" + std::string(kMetaClientInfo) + "\" must be an object");
    }
    ReadClientInfo(*info, context.client_name, context.client_version);
  }
  context.client_log_level = -1;
  if (const rapidjson::Value* level = FindMember(*meta, kMetaLogLevel)) {
    std::optional<int32_t> parsed;
    if (level->IsString()) parsed = ParseLogLevel(AsView(*level));
    if (!parsed) {
      return EnvelopeError(request, kMetaLogLevel, "invalid",
                           "\"" + std::string(kMetaLogLevel) +
                               "\" must be one of debug, info, notice, warning, error, "
                               "critical, alert, emergency");
    }
    context.client_log_level = *parsed;
  }
  return std::nullopt;
}

std::optional<Reply> Engine::CheckVersion(const Request& request, std::string_view version) const {
  if (IsStatelessVersion(version)) return std::nullopt;
  std::string data = R"({"supported":[)";
  for (size_t i = 0; i < kStatelessVersions.size(); ++i) {
    if (i > 0) data += ',';
    data += QuoteJson(kStatelessVersions[i]);
  }
  data += R"(],"requested":)" + QuoteJson(version) + "}";
  return Reply{ErrorResponse(request.id_json,
                             RpcError{rpc::kUnsupportedProtocolVersion,
                                      "Unsupported protocol version: " + std::string(version) +
                                          " (this server speaks 2026-07-28 per request, and "
                                          "2024-11-05 to 2025-11-25 through initialize)",
                                      data}),
               400};
}

std::optional<Reply> Engine::CheckMethod(const Request& request) const {
  const std::string_view m = request.method;
  Caching caching;
  // subscriptions/listen is answered by the transports, which own streams.
  if (m == "server/discover" || m == "tools/list" || m == "tools/call" ||
      m == "subscriptions/listen" ||
      FeatureMethod(m, &caching) != nullptr) {
    return std::nullopt;
  }
  return Reply{ErrorResponse(request.id_json,
                             RpcError{rpc::kMethodNotFound,
                                      "Method not found: " + std::string(m) +
                                          " (not part of protocol version " +
                                          std::string(kStatelessVersions.front()) + ")",
                                      {}}),
               404};
}

Reply Engine::HandleStateless(const Request& request, RequestContext& context) {
  const std::string_view m = request.method;
  if (m == "tools/call") return Answer(&Engine::CallTool, request, context, Caching::kNone);
  if (m == "tools/list") return Answer(&Engine::ListTools, request, context, Caching::kPublic);
  Caching caching;
  if (Method method = FeatureMethod(m, &caching)) return Answer(method, request, context, caching);
  if (m == "server/discover") return Answer(&Engine::Discover, request, context, Caching::kPublic);
  return *CheckMethod(request);
}

// --- Both eras ------------------------------------------------------------------

bool Engine::MayNotify(const Request& request, const RequestContext& context) const {
  const std::string_view m = request.method;
  // A legacy client that can answer requests may be asked for input by any
  // handler that can ask (not by a tool that does not exist).
  if (context.session != nullptr && context.session->answers_requests &&
      (m == "prompts/get" || m == "resources/read" ||
       (m == "tools/call" && request.tool != nullptr))) {
    return true;
  }
  if (m != "tools/call") return false;
  return context.client_log_level >= 0 || !ProgressToken(request).empty();
}

Reply Engine::Answer(Method method, const Request& request, RequestContext& context,
                     Caching caching) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "jsonrpc", "2.0");
  w.Key("id");
  WriteRaw(w, request.id_json);
  w.Key("result");
  w.StartObject();
  if (std::optional<RpcError> refused = ChargeMessage(context)) {
    return Reply{ErrorResponse(request.id_json, *refused), refused->http_status};
  }
  if (std::optional<RpcError> error = (this->*method)(request, context, w)) {
    return Reply{ErrorResponse(request.id_json, *error), error->http_status};
  }
  if (context.input_required) {
    // Neither the question nor the answers to it may be cached.
    WriteKeyString(w, "resultType", "input_required");
  } else if (context.era == Era::kStateless) {
    WriteKeyString(w, "resultType", "complete");
    if (caching == Caching::kPublic) {
      w.Key("ttlMs");
      w.Int64(options_.list_ttl_ms);
      // A list an access token's scopes filtered is this client's alone.
      WriteKeyString(w, "cacheScope", context.grant == nullptr ? "public" : "private");
    } else if (caching == Caching::kPrivate) {
      // A tenant's own data (its stores' resources) may change at any time.
      w.Key("ttlMs");
      w.Int64(0);
      WriteKeyString(w, "cacheScope", "private");
    }
  }
  if (context.era == Era::kStateless) {
    w.Key("_meta");
    w.StartObject();
    w.Key(kMetaServerInfo.data(), static_cast<rapidjson::SizeType>(kMetaServerInfo.size()));
    WriteRaw(w, server_info_json_);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return Reply{std::string(buffer.GetString(), buffer.GetSize()), 200};
}

std::optional<RpcError> Engine::Ping(const Request&, RequestContext&, JsonWriter&) {
  return std::nullopt;
}

std::optional<RpcError> Engine::Subscribe(const Request& request, RequestContext& context,
                                          JsonWriter&) {
  const rapidjson::Value* uri = request.params == nullptr ? nullptr : FindMember(*request.params, "uri");
  if (uri == nullptr || !uri->IsString()) {
    return InvalidParams("resources/subscribe needs \"uri\", the resource's URI (a string)");
  }
  if (uri->GetStringLength() > options_.max_uri_bytes) {
    return InvalidParams("\"uri\" is " + std::to_string(uri->GetStringLength()) +
                         " bytes long; this server takes URIs of at most " +
                         std::to_string(options_.max_uri_bytes) +
                         " bytes ([protocol] max_uri_bytes)");
  }
  if (Features()->Resolve(AsView(*uri)).resource == nullptr) {
    return RpcError{rpc::kResourceNotFound,
                    "Resource not found: " + std::string(AsView(*uri)) +
                        " (no resource or template of this server matches it)",
                    R"({"uri":)" + QuoteJson(AsView(*uri)) + "}"};
  }
  if (!context.session->subscriptions.Add(AsView(*uri), options_.max_subscriptions_per_session)) {
    const std::string max = std::to_string(options_.max_subscriptions_per_session);
    return RpcError{rpc::kLimitReached,
                    "This session holds " + max +
                        " resource subscriptions, the most it may ([protocol] "
                        "max_subscriptions_per_session); unsubscribe from one first",
                    R"({"limit":"protocol.max_subscriptions_per_session","max":)" + max + "}"};
  }
  return std::nullopt;
}

std::optional<RpcError> Engine::Unsubscribe(const Request& request, RequestContext& context,
                                            JsonWriter&) {
  const rapidjson::Value* uri = request.params == nullptr ? nullptr : FindMember(*request.params, "uri");
  if (uri == nullptr || !uri->IsString()) {
    return InvalidParams("resources/unsubscribe needs \"uri\", the URI it subscribed to");
  }
  context.session->subscriptions.Remove(AsView(*uri));
  return std::nullopt;
}

std::optional<RpcError> Engine::SetLevel(const Request& request, RequestContext& context,
                                         JsonWriter&) {
  const rapidjson::Value* level =
      request.params == nullptr ? nullptr : FindMember(*request.params, "level");
  std::optional<int32_t> parsed;
  if (level != nullptr && level->IsString()) parsed = ParseLogLevel(AsView(*level));
  if (!parsed) {
    return InvalidParams(
        "\"level\" must be one of debug, info, notice, warning, error, critical, alert, "
        "emergency");
  }
  context.session->log_level.store(*parsed);
  return std::nullopt;
}

std::optional<RpcError> Engine::Discover(const Request&, RequestContext&, JsonWriter& w) {
  w.Key("supportedVersions");
  w.StartArray();
  for (std::string_view v : kStatelessVersions) WriteString(w, v);
  w.EndArray();
  WriteCapabilities(w);
  if (!identity_.instructions.empty()) WriteKeyString(w, "instructions", identity_.instructions);
  return std::nullopt;
}

std::optional<RpcError> Engine::ListTools(const Request& request, RequestContext& context,
                                          JsonWriter& w) {
  std::shared_ptr<const ToolCatalog> catalog = tools_.Snapshot();
  size_t start = 0;
  const rapidjson::Value* cursor =
      request.params == nullptr ? nullptr : FindMember(*request.params, "cursor");
  if (cursor != nullptr) {
    std::optional<std::string> decoded;
    if (cursor->IsString()) decoded = Base64UrlDecode(AsView(*cursor));
    if (!decoded || decoded->compare(0, kCursorPrefix.size(), kCursorPrefix) != 0) {
      return InvalidParams("\"cursor\" is not a cursor this server issued");
    }
    start = catalog->IndexAfter(std::string_view(*decoded).substr(kCursorPrefix.size()));
  }
  const auto& tools = catalog->tools();
  w.Key("tools");
  w.StartArray();
  // A page is page_size tools the request may see; the cursor names the
  // last one, so pages stay stable whatever the grant leaves out.
  int listed = 0;
  const ToolRecord* last = nullptr;
  size_t i = start;
  for (; i < tools.size() && listed < options_.page_size; ++i) {
    if (!Granted(context, *tools[i])) continue;
    WriteRaw(w, tools[i]->listing_json);
    last = tools[i].get();
    ++listed;
  }
  w.EndArray();
  while (i < tools.size() && !Granted(context, *tools[i])) ++i;
  if (i < tools.size() && last != nullptr) {
    WriteKeyString(w, "nextCursor", Base64UrlEncode(std::string(kCursorPrefix) + last->name));
  }
  return std::nullopt;
}

std::optional<RpcError> Engine::CallTool(const Request& request, RequestContext& context,
                                         JsonWriter& w) {
  const rapidjson::Value* name =
      request.params == nullptr ? nullptr : FindMember(*request.params, "name");
  if (name == nullptr || !name->IsString()) {
    return InvalidParams("tools/call needs \"name\", the tool's name (a string)");
  }
  const ToolRecord* tool = request.tool;
  if (tool == nullptr) {
    return InvalidParams("unknown tool \"" + std::string(AsView(*name)) +
                         "\"; tools/list shows the tools this server offers");
  }
  if (!Granted(context, *tool)) return OutsideGrant(*tool);
  if (!tool->required_capabilities.empty()) {
    std::string missing = MissingCapabilities(*tool, context.client_capabilities_json);
    if (!missing.empty()) {
      std::string message = "tool " + tool->name + " needs client capabilities the client did "
                            "not declare: " + missing;
      if (context.era == Era::kStateless) {
        return RpcError{rpc::kMissingClientCapability, "Missing required client capability: " + message,
                        R"({"requiredCapabilities":)" + missing + "}", 400};
      }
      // The legacy era has no error for this: tell the model in the result.
      w.Key("content");
      w.StartArray();
      WriteRaw(w, TextBlock("This client cannot use " + message + "."));
      w.EndArray();
      w.Key("isError");
      w.Bool(true);
      return std::nullopt;
    }
  }
  static const rapidjson::Value kNoArguments(rapidjson::kObjectType);
  const rapidjson::Value* args = FindMember(*request.params, "arguments");
  if (args == nullptr) args = &kNoArguments;
  if (!args->IsObject()) return InvalidParams("\"arguments\" must be an object");

  if (std::optional<std::string> problem = tool->input_schema->Validate(*args)) {
    // Input validation failures are tool results, so the model can correct
    // itself (MCP 2025-11-25, SEP-1303).
    w.Key("content");
    w.StartArray();
    WriteRaw(w, TextBlock("Invalid arguments for tool " + tool->name + ": " + *problem +
                          ". Correct the arguments and call the tool again."));
    w.EndArray();
    w.Key("isError");
    w.Bool(true);
    return std::nullopt;
  }
  if (std::optional<RpcError> refused = ChargeTenant(*tool, context)) return refused;
  const int64_t started_us = UnixMicros();
  const std::string args_json = args->MemberCount() == 0 ? std::string("{}") : ToJson(*args);
  Invocation invocation{*tool, HandlerKind::kTool, tool->name, args_json, ProgressToken(request),
                        SecretValuesIn(*args)};
  Asked asked = RunAsking(invocation, request, context, w);
  if (asked.error) return asked.error;
  if (!context.input_required) asked.call->WriteToolResult(asked.status, w);
  Audit(*asked.call, *args, started_us);
  return std::nullopt;
}

std::optional<RpcError> Engine::ChargeMessage(const RequestContext& context) {
  // Without a tenant (tenants mode "none", or an initialize, which the
  // session caps bound) every client would share one bucket, and one could
  // starve the rest.
  if (services_ == nullptr || !services_->tenant_rate_limit.enabled || context.tenant == nullptr) {
    return std::nullopt;
  }
  std::optional<RateLimiter::Decision> decision =
      services_->rate_limiter->TryAcquire(kMessageBucket, TenantKey(context.tenant), 1);
  if (!decision || decision->allowed) return std::nullopt;
  if (services_->metrics != nullptr) services_->metrics->rate_limited.With({"messages"}).Inc();
  return RateLimited("its message allowance ([rate_limit] messages_per_minute)",
                     decision->retry_after_ms);
}

std::optional<RpcError> Engine::ChargeTenant(const ToolRecord& tool,
                                             const RequestContext& context) {
  if (services_ == nullptr || !services_->tenant_rate_limit.enabled) return std::nullopt;
  const double cost = tool.cost_class == ODMCP_COST_WRITE ? services_->tenant_rate_limit.write_cost : 1;
  const std::string key = TenantKey(context.tenant);
  std::optional<RateLimiter::Decision> decision =
      services_->rate_limiter->TryAcquire(kTenantBucket, key, cost);
  if (!decision || decision->allowed) return std::nullopt;
  if (services_->metrics != nullptr) services_->metrics->rate_limited.With({"tool_calls"}).Inc();
  return RateLimited("its tool-call allowance", decision->retry_after_ms);
}

void Engine::Audit(const ToolCall& call, const rapidjson::Value& args, int64_t started_us) const {
  const int64_t duration_us = UnixMicros() - started_us;
  if (HostLog().Enabled(ODMCP_LOG_INFO)) {
    HostLog().Info("tool call", {{"tool", call.tool().name},
                                 {"plugin", call.tool().plugin->name},
                                 {"outcome", call.outcome()},
                                 {"duration_us", duration_us},
                                 {"tenant_id", call.tenant() == nullptr ? 0 : call.tenant()->id},
                                 {"correlation_id", call.context().correlation_id},
                                 {"trace_id", call.context().trace.trace_id}});
  }
  if (services_ != nullptr && services_->metrics != nullptr) {
    HostMetrics& metrics = *services_->metrics;
    const std::string& plugin = call.tool().plugin->name;
    metrics.tool_calls.With({plugin, call.tool().name, call.outcome()}).Inc();
    metrics.tool_seconds.With({plugin, call.tool().name})
        .Observe(static_cast<double>(duration_us) / 1e6);
    if (metrics.tenant_tool_calls != nullptr) {
      const int64_t tenant = call.tenant() == nullptr ? 0 : call.tenant()->id;
      metrics.tenant_tool_calls->With({std::to_string(tenant), call.outcome()}).Inc();
    }
  }
  if (services_ == nullptr || services_->audit == nullptr) return;
  AuditRecord record;
  record.time_ms = started_us / 1000;
  record.tenant_id = call.tenant() == nullptr ? 0 : call.tenant()->id;
  record.tool = call.tool().name;
  record.store = call.audit_store();
  record.outcome = call.outcome();
  record.duration_us = duration_us;
  record.correlation_id = call.context().correlation_id;
  record.arguments_json = RedactJson(args);
  services_->audit->Record(std::move(record));
}

}  // namespace odmcp
