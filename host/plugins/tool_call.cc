#include "host/plugins/tool_call.h"

#include <cmath>
#include <exception>
#include <mutex>
#include <optional>

#include "host/common/clock.h"
#include "host/common/log_level.h"
#include "host/common/status_names.h"
#include "host/plugins/abi_struct.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_record.h"
#include "host/plugins/tool_record.h"
#include "host/plugins/content_block.h"
#include "host/services/log.h"
#include "host/services/redaction.h"
#include "host/services/tenants/tenant_store.h"
#include "host/services/tenants/tenant_values.h"

namespace odmcp {
namespace {

// Numbers that are whole are written as integers (progress 50, not 50.0).
void WriteNumber(JsonWriter& w, double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 9.0e15) {
    w.Int64(static_cast<int64_t>(v));
  } else {
    w.Double(v);
  }
}

}  // namespace

ToolCall::ToolCall(const ToolRecord& tool, const CallContext& context,
                   std::string progress_token_json, int64_t deadline_unix_ms)
    : tool_(tool),
      context_(context),
      progress_token_json_(std::move(progress_token_json)),
      deadline_unix_ms_(deadline_unix_ms),
      began_steady_ms_(SteadyMillis()),
      tenant_(context.tenant) {
  tool_.plugin->calls.Enter();
}

ToolCall::~ToolCall() { tool_.plugin->calls.Leave(); }

void ToolCall::AddSecret(std::string_view secret) {
  // Short values (a store id beside an API key) are identifiers, not
  // secrets; scrubbing them would mangle ordinary output.
  if (secret.size() < SecretRegistry::kMinLength) return;
  secrets_.emplace_back(secret);
}

odmcp_status ToolCall::RunHandler(HandlerKind kind, std::string_view args_json) {
  kind_ = kind;
  odmcp_status status = InvokeSerialized(args_json);
  if (status != ODMCP_OK) input_requests_.clear();
  outcome_ = status != ODMCP_OK ? std::string(StatusName(status))
             : input_required() ? "input_required"
                                : "ok";
  if (!secrets_.empty()) {
    for (std::string& item : answer_) item = ScrubText(item, secrets_);
    error_message_ = ScrubText(error_message_, secrets_);
  }
  return status;
}

odmcp_status ToolCall::InvokeSerialized(std::string_view args_json) {
  // A serial plugin or tool never runs two calls at once (plugin.h T3).
  std::unique_lock<std::mutex> plugin_lock(tool_.plugin->serial, std::defer_lock);
  std::unique_lock<std::mutex> tool_lock(tool_.serial, std::defer_lock);
  if (tool_.plugin->info.flags & ODMCP_PLUGIN_SERIAL) plugin_lock.lock();
  if (tool_.flags & ODMCP_TOOL_SERIAL) tool_lock.lock();
  return Invoke(args_json);
}

odmcp_status ToolCall::Invoke(std::string_view args_json) {
  // The handler is C: nothing may unwind into it, but a C++ plugin that
  // breaks the rule must not take the host down with it.
  try {
    return tool_.handler(tool_.state, &handle_, Str(args_json));
  } catch (const std::exception& e) {
    HostLog().Error("tool handler threw across the ABI",
                    {{"tool", tool_.name}, {"error", e.what()},
                     {"correlation_id", context_.correlation_id}});
  } catch (...) {
    HostLog().Error("tool handler threw across the ABI",
                    {{"tool", tool_.name}, {"correlation_id", context_.correlation_id}});
  }
  return ODMCP_INTERNAL;
}

void ToolCall::AbandonInput(std::string message) {
  input_requests_.clear();
  content_.clear();
  structured_.clear();
  answer_.clear();
  error_message_ = secrets_.empty() ? std::move(message) : ScrubText(message, secrets_);
}

void ToolCall::WriteToolResult(odmcp_status status, JsonWriter& result) {
  if (status == ODMCP_OK && !is_error_ && tool_.output_schema) {
    std::optional<std::string> problem;
    problem = structured_.empty()
                  ? "it declares an output schema but returned no structured content"
                  : structured_problem_;
    if (problem) {
      HostLog().Error("tool result does not match its output schema",
                      {{"tool", tool_.name}, {"plugin", tool_.plugin->name},
                       {"problem", *problem}, {"correlation_id", context_.correlation_id}});
      status = ODMCP_INTERNAL;
    }
  }
  if (status == ODMCP_INTERNAL) {
    content_ = {TextBlock("Internal error in tool " + tool_.name +
                          ". The operator can find the details in the host log under "
                          "correlation id " +
                          context_.correlation_id + ".")};
    structured_.clear();
    is_error_ = true;
  } else if (status != ODMCP_OK) {
    std::string detail = error_message_.empty() ? "the tool failed without a message" : error_message_;
    content_ = {TextBlock(std::string(StatusName(status)) + ": " + detail)};
    structured_.clear();
    is_error_ = true;
  } else if (content_.empty() && !structured_.empty()) {
    // The spec asks tools that return structured content to also return it
    // as text, for clients that do not read structuredContent.
    content_.push_back(TextBlock(structured_));
  }

  if (status == ODMCP_OK) {
    outcome_ = is_error_ ? "tool_error" : "ok";
  } else {
    outcome_ = std::string(StatusName(status));
  }
  if (!secrets_.empty()) {
    for (std::string& block : content_) block = ScrubText(block, secrets_);
    if (!structured_.empty()) structured_ = ScrubText(structured_, secrets_);
  }

  result.Key("content");
  result.StartArray();
  for (const std::string& block : content_) WriteRaw(result, block);
  result.EndArray();
  if (!structured_.empty()) {
    result.Key("structuredContent");
    WriteRaw(result, structured_);
  }
  if (is_error_) {
    result.Key("isError");
    result.Bool(true);
  }
}

odmcp_status ToolCall::AddText(std::string_view text) {
  content_.push_back(TextBlock(text));
  return ODMCP_OK;
}

odmcp_status ToolCall::AddContent(std::string_view content_json) {
  JsonDocument doc;
  std::optional<std::string> problem = ParseJson(content_json, doc)
                                           ? std::optional<std::string>("it is not valid JSON")
                                           : CheckContentBlock(doc);
  if (problem) {
    HostLog().Error("plugin added an invalid content block",
                    {{"tool", tool_.name}, {"problem", *problem},
                     {"correlation_id", context_.correlation_id}});
    return ODMCP_INVALID_ARGUMENT;
  }
  content_.push_back(ToJson(doc));
  return ODMCP_OK;
}

odmcp_status ToolCall::SetStructured(std::string_view json) {
  JsonDocument doc;
  if (ParseJson(json, doc)) return ODMCP_INVALID_ARGUMENT;
  // Checked here, while parsed: the result is not parsed again. JSON without
  // any whitespace is compact already; other text is written anew (no line
  // breaks, which SSE and stdio framing forbid, and no padding).
  structured_problem_ = tool_.output_schema
                            ? tool_.output_schema->Validate(doc, "the structured content")
                            : std::nullopt;
  structured_ = json.find_first_of(" \t\r\n") == std::string_view::npos ? std::string(json)
                                                                          : ToJson(doc);
  return ODMCP_OK;
}

odmcp_status ToolCall::SetError(std::string_view message) {
  is_error_ = true;
  error_message_ = std::string(message);
  content_.push_back(TextBlock(message));
  return ODMCP_OK;
}

odmcp_status ToolCall::Progress(double progress, double total, std::string_view message) {
  if (!std::isfinite(progress) || progress <= last_progress_) return ODMCP_INVALID_ARGUMENT;
  last_progress_ = progress;
  if (progress_token_json_.empty()) return ODMCP_OK;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("progressToken");
  WriteRaw(w, progress_token_json_);
  w.Key("progress");
  WriteNumber(w, progress);
  if (total >= 0 && std::isfinite(total)) {
    w.Key("total");
    WriteNumber(w, total);
  }
  if (!message.empty()) WriteKeyString(w, "message", message);
  w.EndObject();
  context_.notifier->Notify("notifications/progress",
                            std::string_view(buffer.GetString(), buffer.GetSize()));
  return ODMCP_OK;
}

bool ToolCall::Cancelled() const {
  if (context_.cancellation && context_.cancellation->cancelled()) return true;
  return deadline_unix_ms_ > 0 && UnixMillis() >= deadline_unix_ms_;
}

odmcp_status ToolCall::ClientLog(int32_t level, std::string_view logger,
                                 std::string_view data_json) {
  if (level < ODMCP_LOG_DEBUG || level > ODMCP_LOG_EMERGENCY) return ODMCP_INVALID_ARGUMENT;
  JsonDocument data;
  if (ParseJson(data_json, data)) return ODMCP_INVALID_ARGUMENT;
  if (context_.client_log_level < 0 || level < context_.client_log_level) return ODMCP_OK;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "level", LogLevelName(level));
  if (!logger.empty()) WriteKeyString(w, "logger", logger);
  w.Key("data");
  data.Accept(w);
  w.EndObject();
  context_.notifier->Notify("notifications/message",
                            std::string_view(buffer.GetString(), buffer.GetSize()));
  return ODMCP_OK;
}

std::string ToolCall::Describe() const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "correlation_id", context_.correlation_id);
  WriteKeyString(w, "era", EraName(context_.era));
  WriteKeyString(w, "protocol_version", context_.protocol_version);
  if (!context_.client_name.empty()) {
    w.Key("client");
    w.StartObject();
    WriteKeyString(w, "name", context_.client_name);
    WriteKeyString(w, "version", context_.client_version);
    w.EndObject();
  }
  if (tenant_ != nullptr) {
    w.Key("tenant");
    w.StartObject();
    w.Key("id");
    w.Int64(tenant_->id);
    WriteKeyString(w, "name", tenant_->name);
    w.EndObject();
  }
  w.Key("has_session");
  w.Bool(context_.session_values != nullptr);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

odmcp_status ToolCall::SessionGet(int32_t scope, std::string_view key, std::string* value) {
  HostServices& services = *tool_.plugin->services;
  if (scope == ODMCP_SCOPE_SESSION) {
    if (context_.session_values == nullptr) return ODMCP_FAILED_PRECONDITION;
    std::optional<std::string> found = context_.session_values->Get(std::string(key));
    if (!found) return ODMCP_NOT_FOUND;
    *value = std::move(*found);
    return ODMCP_OK;
  }
  if (scope != ODMCP_SCOPE_TENANT) return ODMCP_INVALID_ARGUMENT;
  if (services.tenant_values == nullptr) return ODMCP_UNIMPLEMENTED;
  if (tenant_ == nullptr) return ODMCP_UNAUTHENTICATED;
  StatusOr<std::optional<std::string>> found = services.tenant_values->Get(tenant_->id, key);
  if (!found.ok()) {
    HostLog().Error("reading a tenant value failed",
                    {{"error", found.error()}, {"correlation_id", context_.correlation_id}});
    return ODMCP_UNAVAILABLE;
  }
  if (!found.value()) return ODMCP_NOT_FOUND;
  *value = std::move(*found.value());
  return ODMCP_OK;
}

odmcp_status ToolCall::SessionPut(int32_t scope, std::string_view key, std::string_view value) {
  if (key.empty() || key.size() > TenantValues::kMaxKeyBytes ||
      value.size() > TenantValues::kMaxValueBytes) {
    return ODMCP_INVALID_ARGUMENT;
  }
  HostServices& services = *tool_.plugin->services;
  if (scope == ODMCP_SCOPE_SESSION) {
    if (context_.session_values == nullptr) return ODMCP_FAILED_PRECONDITION;
    context_.session_values->Put(std::string(key), std::string(value));
    return ODMCP_OK;
  }
  if (scope != ODMCP_SCOPE_TENANT) return ODMCP_INVALID_ARGUMENT;
  if (services.tenant_values == nullptr) return ODMCP_UNIMPLEMENTED;
  if (tenant_ == nullptr) return ODMCP_UNAUTHENTICATED;
  StatusOr<bool> put = services.tenant_values->Put(tenant_->id, key, value);
  if (!put.ok()) {
    HostLog().Error("writing a tenant value failed",
                    {{"error", put.error()}, {"correlation_id", context_.correlation_id}});
    return ODMCP_UNAVAILABLE;
  }
  return ODMCP_OK;
}

odmcp_status ToolCall::SessionErase(int32_t scope, std::string_view key) {
  HostServices& services = *tool_.plugin->services;
  if (scope == ODMCP_SCOPE_SESSION) {
    if (context_.session_values == nullptr) return ODMCP_FAILED_PRECONDITION;
    return context_.session_values->Erase(std::string(key)) ? ODMCP_OK : ODMCP_NOT_FOUND;
  }
  if (scope != ODMCP_SCOPE_TENANT) return ODMCP_INVALID_ARGUMENT;
  if (services.tenant_values == nullptr) return ODMCP_UNIMPLEMENTED;
  if (tenant_ == nullptr) return ODMCP_UNAUTHENTICATED;
  StatusOr<bool> erased = services.tenant_values->Erase(tenant_->id, key);
  if (!erased.ok()) {
    HostLog().Error("erasing a tenant value failed",
                    {{"error", erased.error()}, {"correlation_id", context_.correlation_id}});
    return ODMCP_UNAVAILABLE;
  }
  return erased.value() ? ODMCP_OK : ODMCP_NOT_FOUND;
}

odmcp_status ToolCall::UseMasterKey(std::string_view master_key) {
  AddSecret(master_key);
  HostServices& services = *tool_.plugin->services;
  if (services.tenants == nullptr) return ODMCP_UNIMPLEMENTED;
  // Only stdio connections have an identity to set; HTTP requests each
  // carry their own key.
  if (context_.connection == nullptr) return ODMCP_FAILED_PRECONDITION;
  AuthOutcome auth = services.tenants->Authenticate(master_key);
  if (auth.status == AuthStatus::kError || auth.status == AuthStatus::kBusy) {
    HostLog().Error("authenticating a master key failed",
                    {{"error", auth.error}, {"correlation_id", context_.correlation_id}});
    return ODMCP_UNAVAILABLE;
  }
  if (auth.status != AuthStatus::kOk) return ODMCP_UNAUTHENTICATED;
  context_.connection->Authenticated(auth.tenant, master_key, *services.tenants);
  tenant_ = auth.tenant;
  HostLog().Info("stdio connection authenticated",
                 {{"tenant", tenant_->name}, {"correlation_id", context_.correlation_id}});
  return ODMCP_OK;
}

odmcp_status ToolCall::Answer(HandlerKind kind, const char* writer, std::string item) {
  if (kind_ != kind) {
    HostLog().Error("plugin used a writer that does not belong to this handler",
                    {{"handler", tool_.name}, {"writer", writer},
                     {"correlation_id", context_.correlation_id}});
    return ODMCP_FAILED_PRECONDITION;
  }
  answer_.push_back(std::move(item));
  return ODMCP_OK;
}

namespace {

// The JSON object in `json`, or the reason it is not one.
std::optional<std::string> ParseObject(std::string_view json, rapidjson::Document* doc) {
  if (ParseJson(json, *doc)) return std::string("it is not valid JSON");
  if (!doc->IsObject()) return std::string("it is not a JSON object");
  return std::nullopt;
}

bool IsStringMember(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = FindMember(object, key);
  return v != nullptr && v->IsString();
}

}  // namespace

odmcp_status ToolCall::AddResourceContents(std::string_view contents_json) {
  JsonDocument doc;
  std::optional<std::string> problem = ParseObject(contents_json, &doc);
  if (!problem && !IsStringMember(doc, "uri")) problem = "it needs a string \"uri\"";
  if (!problem && IsStringMember(doc, "text") == IsStringMember(doc, "blob")) {
    problem = "it needs exactly one of a string \"text\" or \"blob\" (base64)";
  }
  if (problem) {
    HostLog().Error("plugin added invalid resource contents",
                    {{"handler", tool_.name}, {"problem", *problem}});
    return ODMCP_INVALID_ARGUMENT;
  }
  return Answer(HandlerKind::kRead, "add_resource_contents", ToJson(doc));
}

odmcp_status ToolCall::AddListedResource(std::string_view resource_json) {
  JsonDocument doc;
  std::optional<std::string> problem = ParseObject(resource_json, &doc);
  if (!problem && !(IsStringMember(doc, "uri") && IsStringMember(doc, "name"))) {
    problem = "it needs a string \"uri\" and a string \"name\"";
  }
  if (problem) {
    HostLog().Error("plugin listed an invalid resource",
                    {{"handler", tool_.name}, {"problem", *problem}});
    return ODMCP_INVALID_ARGUMENT;
  }
  return Answer(HandlerKind::kList, "add_listed_resource", ToJson(doc));
}

odmcp_status ToolCall::AddPromptMessage(std::string_view role, std::string_view content_json) {
  JsonDocument content;
  std::optional<std::string> problem = ParseJson(content_json, content)
                                           ? std::optional<std::string>("it is not valid JSON")
                                           : CheckContentBlock(content);
  if (!problem && role != "user" && role != "assistant") {
    problem = "the role must be \"user\" or \"assistant\"";
  }
  if (problem) {
    HostLog().Error("plugin added an invalid prompt message",
                    {{"handler", tool_.name}, {"problem", *problem}});
    return ODMCP_INVALID_ARGUMENT;
  }
  return Answer(HandlerKind::kGet, "add_prompt_message",
                R"({"role":)" + QuoteJson(role) + R"(,"content":)" + ToJson(content) + "}");
}

odmcp_status ToolCall::AddCompletion(std::string_view value) {
  return Answer(HandlerKind::kComplete, "add_completion", QuoteJson(value));
}

namespace {

// The client capability a request for input needs, or empty for a method
// that cannot be asked.
std::string_view CapabilityFor(std::string_view method) {
  if (method == "elicitation/create") return "elicitation";
  if (method == "sampling/createMessage") return "sampling";
  if (method == "roots/list") return "roots";
  return {};
}

}  // namespace

odmcp_status ToolCall::RequestInput(std::string_view key, std::string_view method,
                                    std::string_view params_json) {
  const std::string_view capability = CapabilityFor(method);
  std::optional<std::string> problem;
  JsonDocument params;
  if (capability.empty()) {
    problem = "the method must be elicitation/create, sampling/createMessage or roots/list";
  } else if (key.empty() || key.size() > 64) {
    problem = "the key must have 1 to 64 characters";
  } else if (input_requests_.size() >= kMaxInputRequests) {
    return ODMCP_RESOURCE_EXHAUSTED;
  } else {
    for (const InputRequest& r : input_requests_) {
      if (r.key == key) problem = "the key is already used by another request of this call";
    }
    if (!problem) problem = ParseObject(params_json, &params);
  }
  if (problem) {
    HostLog().Error("plugin made an invalid request for input",
                    {{"handler", tool_.name}, {"problem", *problem}});
    return ODMCP_INVALID_ARGUMENT;
  }
  JsonDocument declared;
  ParseJson(context_.client_capabilities_json, declared);
  const rapidjson::Value* has = declared.IsObject() ? FindMember(declared, capability) : nullptr;
  if (has == nullptr || !has->IsObject()) return ODMCP_FAILED_PRECONDITION;
  input_requests_.push_back(InputRequest{std::string(key), std::string(method), ToJson(params)});
  return ODMCP_OK;
}

odmcp_status ToolCall::InputResponse(std::string_view key, std::string* answer) const {
  auto it = input_.responses.find(key);
  if (it == input_.responses.end()) return ODMCP_NOT_FOUND;
  *answer = it->second;
  return ODMCP_OK;
}

odmcp_status ToolCall::SetRequestState(std::string_view state) {
  if (state.size() > kMaxStateBytes) return ODMCP_OUT_OF_RANGE;
  next_state_ = std::string(state);
  return ODMCP_OK;
}

odmcp_status ToolCall::RequestState(std::string* state) const {
  if (!input_.state) return ODMCP_NOT_FOUND;
  *state = *input_.state;
  return ODMCP_OK;
}

namespace {

odmcp_status CallAddText(odmcp_call* c, odmcp_str text) {
  return ToolCall::From(c)->AddText(View(text));
}
odmcp_status CallAddContent(odmcp_call* c, odmcp_str json) {
  return ToolCall::From(c)->AddContent(View(json));
}
odmcp_status CallSetStructured(odmcp_call* c, odmcp_str json) {
  return ToolCall::From(c)->SetStructured(View(json));
}
odmcp_status CallSetError(odmcp_call* c, odmcp_str message) {
  return ToolCall::From(c)->SetError(View(message));
}
odmcp_status CallProgress(odmcp_call* c, double progress, double total, odmcp_str message) {
  return ToolCall::From(c)->Progress(progress, total, View(message));
}
int32_t CallIsCancelled(odmcp_call* c) { return ToolCall::From(c)->Cancelled() ? 1 : 0; }
int64_t CallDeadline(odmcp_call* c) { return ToolCall::From(c)->deadline_unix_ms(); }
odmcp_status CallClientLog(odmcp_call* c, int32_t level, odmcp_str logger, odmcp_str data) {
  return ToolCall::From(c)->ClientLog(level, View(logger), View(data));
}

odmcp_status SessionDescribe(odmcp_call* c, odmcp_sink_fn sink, void* sink_ctx) {
  std::string json = ToolCall::From(c)->Describe();
  sink(sink_ctx, json.data(), json.size());
  return ODMCP_OK;
}
odmcp_status SessionGet(odmcp_call* c, int32_t scope, odmcp_str key, odmcp_sink_fn sink,
                        void* sink_ctx) {
  std::string value;
  odmcp_status status = ToolCall::From(c)->SessionGet(scope, View(key), &value);
  if (status == ODMCP_OK) sink(sink_ctx, value.data(), value.size());
  return status;
}
odmcp_status SessionPut(odmcp_call* c, int32_t scope, odmcp_str key, odmcp_str value) {
  return ToolCall::From(c)->SessionPut(scope, View(key), View(value));
}
odmcp_status SessionErase(odmcp_call* c, int32_t scope, odmcp_str key) {
  return ToolCall::From(c)->SessionErase(scope, View(key));
}
odmcp_status SessionUseMasterKey(odmcp_call* c, odmcp_str master_key) {
  return ToolCall::From(c)->UseMasterKey(View(master_key));
}
odmcp_status CallAuditStore(odmcp_call* c, odmcp_str store) {
  ToolCall::From(c)->set_audit_store(View(store));
  return ODMCP_OK;
}
odmcp_status CallAddResourceContents(odmcp_call* c, odmcp_str json) {
  return ToolCall::From(c)->AddResourceContents(View(json));
}
odmcp_status CallAddListedResource(odmcp_call* c, odmcp_str json) {
  return ToolCall::From(c)->AddListedResource(View(json));
}
odmcp_status CallAddPromptMessage(odmcp_call* c, odmcp_str role, odmcp_str content) {
  return ToolCall::From(c)->AddPromptMessage(View(role), View(content));
}
odmcp_status CallAddCompletion(odmcp_call* c, odmcp_str value) {
  return ToolCall::From(c)->AddCompletion(View(value));
}

odmcp_status CallRequestInput(odmcp_call* c, odmcp_str key, odmcp_str method, odmcp_str params) {
  return ToolCall::From(c)->RequestInput(View(key), View(method), View(params));
}
odmcp_status CallInputResponse(odmcp_call* c, odmcp_str key, odmcp_sink_fn sink, void* sink_ctx) {
  std::string answer;
  odmcp_status status = ToolCall::From(c)->InputResponse(View(key), &answer);
  if (status == ODMCP_OK) sink(sink_ctx, answer.data(), answer.size());
  return status;
}
odmcp_status CallSetRequestState(odmcp_call* c, odmcp_str state) {
  return ToolCall::From(c)->SetRequestState(View(state));
}
odmcp_status CallRequestState(odmcp_call* c, odmcp_sink_fn sink, void* sink_ctx) {
  std::string state;
  odmcp_status status = ToolCall::From(c)->RequestState(&state);
  if (status == ODMCP_OK) sink(sink_ctx, state.data(), state.size());
  return status;
}

}  // namespace

const odmcp_call_api* CallApiTable() {
  static const odmcp_call_api table = {
      sizeof(odmcp_call_api), &CallAddText,     &CallAddContent, &CallSetStructured,
      &CallSetError,          &CallProgress,    &CallIsCancelled, &CallDeadline,
      &CallClientLog,         &CallAuditStore,  &CallAddResourceContents,
      &CallAddListedResource, &CallAddPromptMessage, &CallAddCompletion,
      &CallRequestInput,      &CallInputResponse,    &CallSetRequestState,
      &CallRequestState,
  };
  return &table;
}

const odmcp_session_api* SessionApiTable() {
  static const odmcp_session_api table = {
      sizeof(odmcp_session_api), &SessionDescribe, &SessionGet,
      &SessionPut,               &SessionErase,    &SessionUseMasterKey,
  };
  return &table;
}

}  // namespace odmcp
