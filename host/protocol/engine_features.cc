// The Engine's resources, resource templates, prompts and completions, in
// both eras. Their handlers run as tool handlers do (ToolCall::RunHandler),
// and each request that runs plugin code is charged to the tenant's bucket.
#include <algorithm>

#include "host/common/clock.h"
#include "host/common/status_names.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/protocol/engine.h"
#include "host/plugins/tool_call.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

// The most completion values a result carries (the spec's limit).
constexpr size_t kMaxCompletions = 100;

RpcError InvalidParams(std::string message) {
  return RpcError{rpc::kInvalidParams, "Invalid params: " + std::move(message), {}};
}

const rapidjson::Value* Param(const Request& request, std::string_view key) {
  return request.params == nullptr ? nullptr : FindMember(*request.params, key);
}

std::optional<std::string_view> StringParam(const Request& request, std::string_view key) {
  const rapidjson::Value* value = Param(request, key);
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return AsView(*value);
}

RpcError ResourceNotFound(const RequestContext& context, std::string_view uri,
                          std::string_view detail) {
  std::string message = "Resource not found: " + std::string(uri);
  if (!detail.empty()) message += " (" + std::string(detail) + ")";
  const std::string data = R"({"uri":)" + QuoteJson(uri) + "}";
  const int code = context.era == Era::kStateless ? rpc::kInvalidParams : rpc::kResourceNotFound;
  return RpcError{code, message, data};
}

// The JSON-RPC error for a handler that did not succeed.
RpcError HandlerFailure(const ToolCall& call, odmcp_status status) {
  const std::string& detail = call.error_message();
  if (status == ODMCP_INVALID_ARGUMENT) {
    return InvalidParams(detail.empty() ? "the plugin rejected the arguments" : detail);
  }
  if (status == ODMCP_INTERNAL) {
    return RpcError{rpc::kInternalError,
                    "Internal error in " + call.tool().name +
                        "; the operator can find the details in the host log under correlation "
                        "id " + call.context().correlation_id,
                    {}};
  }
  return RpcError{rpc::kInternalError,
                  std::string(StatusName(status)) + ": " +
                      (detail.empty() ? "the handler failed without a message" : detail),
                  {}};
}

}  // namespace

Engine::Method Engine::FeatureMethod(std::string_view method, Caching* caching) {
  struct Entry {
    std::string_view name;
    Method method;
    Caching caching;
  };
  static const Entry kMethods[] = {
      {"resources/list", &Engine::ListResources, Caching::kPrivate},
      {"resources/templates/list", &Engine::ListResourceTemplates, Caching::kPublic},
      {"resources/read", &Engine::ReadResource, Caching::kPrivate},
      {"prompts/list", &Engine::ListPrompts, Caching::kPublic},
      {"prompts/get", &Engine::GetPrompt, Caching::kNone},
      {"completion/complete", &Engine::Complete, Caching::kNone},
  };
  for (const Entry& entry : kMethods) {
    if (entry.name == method) {
      *caching = entry.caching;
      return entry.method;
    }
  }
  return nullptr;
}

std::shared_ptr<const FeatureCatalog> Engine::Features() const {
  if (services_ != nullptr && services_->features != nullptr) return services_->features->Snapshot();
  static const auto kNone = std::make_shared<const FeatureCatalog>(
      std::vector<std::shared_ptr<const ResourceRecord>>{},
      std::vector<std::shared_ptr<const PromptRecord>>{});
  return kNone;
}

std::optional<RpcError> Engine::ListResources(const Request&, RequestContext& context,
                                              JsonWriter& w) {
  std::shared_ptr<const FeatureCatalog> features = Features();
  std::vector<std::string> listed;
  for (const auto& resource : features->resources()) {
    if (!resource->uri_template) {
      listed.push_back(resource->listing_json);
      continue;
    }
    if (resource->list == nullptr) continue;
    if (std::optional<RpcError> refused = ChargeTenant(*resource->list, context)) return refused;
    ToolCall call(*resource->list, context, "", UnixMillis() + options_.call_timeout_ms);
    odmcp_status status = call.RunHandler(HandlerKind::kList, "{}");
    if (status != ODMCP_OK) {
      // One template's failure (no store reachable, say) must not hide the
      // other resources; the operator sees why in the log.
      HostLog().Warning("listing a resource template failed",
                        {{"resource", resource->name},
                         {"status", std::string(StatusName(status))},
                         {"error", call.error_message()},
                         {"correlation_id", context.correlation_id}});
      continue;
    }
    listed.insert(listed.end(), call.answer().begin(), call.answer().end());
  }
  w.Key("resources");
  w.StartArray();
  for (const std::string& item : listed) WriteRaw(w, item);
  w.EndArray();
  return std::nullopt;
}

std::optional<RpcError> Engine::ListResourceTemplates(const Request&, RequestContext&,
                                                      JsonWriter& w) {
  std::shared_ptr<const FeatureCatalog> features = Features();
  w.Key("resourceTemplates");
  w.StartArray();
  for (const auto& resource : features->resources()) {
    if (resource->uri_template) WriteRaw(w, resource->listing_json);
  }
  w.EndArray();
  return std::nullopt;
}

std::optional<RpcError> Engine::ReadResource(const Request& request, RequestContext& context,
                                             JsonWriter& w) {
  std::optional<std::string_view> uri = StringParam(request, "uri");
  if (!uri) return InvalidParams("resources/read needs \"uri\", the resource's URI (a string)");
  std::shared_ptr<const FeatureCatalog> features = Features();
  ResourceMatch match = features->Resolve(*uri);
  if (match.resource == nullptr) {
    return ResourceNotFound(context, *uri, "no resource or template of this server matches it");
  }
  if (std::optional<RpcError> refused = ChargeTenant(*match.resource->read, context)) {
    return refused;
  }
  rapidjson::StringBuffer buffer;
  JsonWriter args(buffer);
  args.StartObject();
  WriteKeyString(args, "uri", *uri);
  args.Key("variables");
  args.StartObject();
  for (const auto& [name, value] : match.variables) WriteKeyString(args, name, value);
  args.EndObject();
  args.EndObject();
  Invocation invocation{*match.resource->read, HandlerKind::kRead, *uri,
                        std::string_view(buffer.GetString(), buffer.GetSize()), {}, {}};
  Asked asked = RunAsking(invocation, request, context, w);
  if (asked.error || context.input_required) return asked.error;
  const ToolCall& call = *asked.call;
  const odmcp_status status = asked.status;
  if (status == ODMCP_NOT_FOUND) return ResourceNotFound(context, *uri, call.error_message());
  if (status != ODMCP_OK) return HandlerFailure(call, status);
  if (call.answer().empty()) return ResourceNotFound(context, *uri, "the resource has no contents");
  w.Key("contents");
  w.StartArray();
  for (const std::string& item : call.answer()) WriteRaw(w, item);
  w.EndArray();
  return std::nullopt;
}

std::optional<RpcError> Engine::ListPrompts(const Request&, RequestContext&, JsonWriter& w) {
  std::shared_ptr<const FeatureCatalog> features = Features();
  w.Key("prompts");
  w.StartArray();
  for (const auto& prompt : features->prompts()) WriteRaw(w, prompt->listing_json);
  w.EndArray();
  return std::nullopt;
}

std::optional<RpcError> Engine::GetPrompt(const Request& request, RequestContext& context,
                                          JsonWriter& w) {
  std::optional<std::string_view> name = StringParam(request, "name");
  if (!name) return InvalidParams("prompts/get needs \"name\", the prompt's name (a string)");
  std::shared_ptr<const FeatureCatalog> features = Features();
  const PromptRecord* prompt = features->FindPrompt(*name);
  if (prompt == nullptr) {
    return InvalidParams("unknown prompt \"" + std::string(*name) +
                         "\"; prompts/list shows the prompts this server offers");
  }
  static const rapidjson::Value kNoArguments(rapidjson::kObjectType);
  const rapidjson::Value* arguments = Param(request, "arguments");
  if (arguments == nullptr) arguments = &kNoArguments;
  if (!arguments->IsObject()) return InvalidParams("\"arguments\" must be an object of strings");
  for (const auto& member : arguments->GetObject()) {
    if (!member.value.IsString()) {
      return InvalidParams("argument \"" + std::string(AsView(member.name)) +
                           "\" must be a string (prompt arguments are strings)");
    }
  }
  for (const PromptArgument& argument : prompt->arguments) {
    if (argument.required && FindMember(*arguments, argument.name) == nullptr) {
      return InvalidParams("prompt \"" + prompt->name + "\" needs the argument \"" +
                           argument.name + "\"");
    }
  }
  if (std::optional<RpcError> refused = ChargeTenant(*prompt->get, context)) return refused;
  const std::string args_json = ToJson(*arguments);
  Invocation invocation{*prompt->get, HandlerKind::kGet, prompt->name, args_json, {}, {}};
  Asked asked = RunAsking(invocation, request, context, w);
  if (asked.error || context.input_required) return asked.error;
  const ToolCall& call = *asked.call;
  const odmcp_status status = asked.status;
  if (status != ODMCP_OK) return HandlerFailure(call, status);
  w.Key("messages");
  w.StartArray();
  for (const std::string& item : call.answer()) WriteRaw(w, item);
  w.EndArray();
  return std::nullopt;
}

std::optional<RpcError> Engine::Complete(const Request& request, RequestContext& context,
                                         JsonWriter& w) {
  const rapidjson::Value* ref = Param(request, "ref");
  const rapidjson::Value* argument = Param(request, "argument");
  const rapidjson::Value* type = ref == nullptr ? nullptr : FindMember(*ref, "type");
  if (type == nullptr || !type->IsString()) {
    return InvalidParams("completion/complete needs \"ref\": {\"type\": \"ref/prompt\", \"name\"} "
                         "or {\"type\": \"ref/resource\", \"uri\"}");
  }
  const rapidjson::Value* argument_name = argument == nullptr ? nullptr : FindMember(*argument, "name");
  const rapidjson::Value* argument_value =
      argument == nullptr ? nullptr : FindMember(*argument, "value");
  if (argument_name == nullptr || !argument_name->IsString() || argument_value == nullptr ||
      !argument_value->IsString()) {
    return InvalidParams("completion/complete needs \"argument\": {\"name\", \"value\"}, both strings");
  }
  std::shared_ptr<const FeatureCatalog> features = Features();
  const ToolRecord* handler = nullptr;
  const std::string_view kind = AsView(*type);
  if (kind == "ref/prompt") {
    const rapidjson::Value* name = FindMember(*ref, "name");
    const PromptRecord* prompt =
        name != nullptr && name->IsString() ? features->FindPrompt(AsView(*name)) : nullptr;
    if (prompt == nullptr) return InvalidParams("\"ref\" names no prompt of this server");
    handler = prompt->complete.get();
  } else if (kind == "ref/resource") {
    const rapidjson::Value* uri = FindMember(*ref, "uri");
    const ResourceRecord* resource =
        uri != nullptr && uri->IsString() ? features->FindByKey(AsView(*uri)) : nullptr;
    if (resource == nullptr) {
      return InvalidParams("\"ref\" names no resource or resource template of this server");
    }
    handler = resource->complete.get();
  } else {
    return InvalidParams("\"ref.type\" must be \"ref/prompt\" or \"ref/resource\"");
  }

  std::vector<std::string> values;
  if (handler != nullptr) {
    rapidjson::StringBuffer buffer;
    JsonWriter args(buffer);
    args.StartObject();
    args.Key("argument");
    args.StartObject();
    WriteKeyString(args, "name", AsView(*argument_name));
    WriteKeyString(args, "value", AsView(*argument_value));
    args.EndObject();
    args.Key("context");
    args.StartObject();
    args.Key("arguments");
    const rapidjson::Value* given = Param(request, "context");
    const rapidjson::Value* given_arguments =
        given == nullptr ? nullptr : FindMember(*given, "arguments");
    if (given_arguments != nullptr && given_arguments->IsObject()) {
      given_arguments->Accept(args);
    } else {
      args.StartObject();
      args.EndObject();
    }
    args.EndObject();
    args.EndObject();
    if (std::optional<RpcError> refused = ChargeTenant(*handler, context)) return refused;
    ToolCall call(*handler, context, "", UnixMillis() + options_.call_timeout_ms);
    odmcp_status status =
        call.RunHandler(HandlerKind::kComplete, std::string_view(buffer.GetString(), buffer.GetSize()));
    if (status != ODMCP_OK) return HandlerFailure(call, status);
    values = call.answer();
  }
  w.Key("completion");
  w.StartObject();
  w.Key("values");
  w.StartArray();
  for (size_t i = 0; i < std::min(values.size(), kMaxCompletions); ++i) WriteRaw(w, values[i]);
  w.EndArray();
  w.Key("total");
  w.Uint64(values.size());
  w.Key("hasMore");
  w.Bool(values.size() > kMaxCompletions);
  w.EndObject();
  return std::nullopt;
}

}  // namespace odmcp
