#include "host/protocol/dispatcher.h"

#include "host/common/http_text.h"
#include "host/common/json.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/request_trace.h"
#include "host/protocol/stateless_headers.h"

namespace odmcp {
namespace {

void Refuse(Admitted& message, Reply reply) {
  message.kind = Admitted::Kind::kRefused;
  message.refusal = std::move(reply);
}

void RefuseMismatch(Admitted& message, const std::string& problem) {
  Refuse(message, Reply{ErrorResponse(message.request.id_json,
                                      RpcError{rpc::kHeaderMismatch, "Header mismatch: " + problem, {}}),
                        400});
}

// The id a notifications/cancelled names, serialized, or empty.
std::string CancelledRequest(const IncomingMessage& m) {
  if (m.method != "notifications/cancelled" || m.params == nullptr) return {};
  const rapidjson::Value* id = FindMember(*m.params, "requestId");
  if (id == nullptr || !(id->IsString() || id->IsInt64() || id->IsUint64())) return {};
  return ToJson(*id);
}

}  // namespace

Admitted Dispatcher::Admit(std::string_view payload, const HttpHeaders* headers) const {
  Admitted message;
  message.doc = std::make_shared<JsonDocument>();
  if (std::optional<JsonParseError> error = ParseJson(payload, *message.doc)) {
    Refuse(message, Reply{ErrorResponse("", RpcError{rpc::kParseError,
                                                     "Parse error: " + error->message + " (at byte " +
                                                         std::to_string(error->offset) + ")",
                                                     {}}),
                          400});
    return message;
  }
  if (message.doc->IsArray()) {
    const size_t max = engine_.options().max_batch_length;
    if (message.doc->Size() > max) {
      Refuse(message, Reply{ErrorResponse("", RpcError{rpc::kInvalidRequest,
                                                       "Invalid Request: a batch of " +
                                                           std::to_string(message.doc->Size()) +
                                                           " messages; this server takes at most " +
                                                           std::to_string(max) +
                                                           " in one ([protocol] max_batch_length)",
                                                       {}}),
                            400});
      return message;
    }
    message.kind = Admitted::Kind::kBatch;
    StartRequestTrace(headers, nullptr, &message.context);
    return message;
  }
  IncomingMessage m = ClassifyMessage(*message.doc);
  if (m.kind == MessageKind::kInvalid) {
    Refuse(message, Reply{ErrorResponse(m.id_json, m.error), 400});
    return message;
  }
  message.request = Request{m.method, m.id_json, m.params};
  if (m.kind == MessageKind::kResponse) {
    message.kind = Admitted::Kind::kResponse;
    return message;
  }
  StartRequestTrace(headers, m.params, &message.context);
  std::optional<std::string_view> version_header;
  if (headers != nullptr) {
    if (std::optional<std::string_view> v = headers->Find("MCP-Protocol-Version")) {
      version_header = TrimOws(*v);
    }
  }
  const bool modern_header = version_header && !IsLegacyVersion(*version_header);
  const bool claims_stateless = Engine::ClaimsStatelessEra(message.request);
  if (claims_stateless || modern_header) {
    message.era = Era::kStateless;
    if (m.kind == MessageKind::kNotification) {
      message.kind = Admitted::Kind::kNotification;
      message.cancels = CancelledRequest(m);
      return message;
    }
    if (!claims_stateless) {
      if (m.method == "initialize") {
        Refuse(message, Reply{ErrorResponse(m.id_json,
                                            RpcError{rpc::kHeaderMismatch,
                                                     "Header mismatch: the MCP-Protocol-Version "
                                                     "header names " +
                                                         std::string(*version_header) +
                                                         ", which has no initialize; omit the "
                                                         "header to initialize a 2025-era session",
                                                     {}}),
                              400});
      } else {
        Refuse(message,
               Reply{ErrorResponse(m.id_json,
                                   RpcError{rpc::kInvalidParams,
                                            "Invalid params: the MCP-Protocol-Version header "
                                            "names " +
                                                std::string(*version_header) +
                                                ", which needs params._meta with "
                                                "io.modelcontextprotocol/protocolVersion",
                                            R"({"envelope":{"key":"_meta","problem":"missing"}})"}),
                     400});
      }
      return message;
    }
    AdmitStateless(message, headers);
    return message;
  }
  message.era = Era::kLegacy;
  if (m.kind == MessageKind::kNotification) {
    message.kind = Admitted::Kind::kNotification;
    message.cancels = CancelledRequest(m);
  } else if (m.method == "initialize") {
    message.kind = Admitted::Kind::kInitialize;
  } else {
    message.kind = Admitted::Kind::kRequest;
    ResolveTool(message);
  }
  return message;
}

void Dispatcher::AdmitStateless(Admitted& message, const HttpHeaders* headers) const {
  const Request& request = message.request;
  RequestContext& context = message.context;
  if (std::optional<Reply> bad = engine_.ReadEnvelope(request, context)) {
    return Refuse(message, std::move(*bad));
  }
  if (headers != nullptr) {
    if (auto problem = CheckVersionAndMethodHeaders(*headers, request, context.protocol_version)) {
      return RefuseMismatch(message, *problem);
    }
  }
  if (std::optional<Reply> bad = engine_.CheckVersion(request, context.protocol_version)) {
    return Refuse(message, std::move(*bad));
  }
  if (headers != nullptr) {
    if (auto problem = CheckNameHeader(*headers, request)) return RefuseMismatch(message, *problem);
  }
  if (std::optional<Reply> bad = engine_.CheckMethod(request)) {
    return Refuse(message, std::move(*bad));
  }
  if (request.method == kListenMethod) {
    if (std::optional<RpcError> invalid = ReadListenFilter(request, &message.filter)) {
      return Refuse(message, Reply{ErrorResponse(request.id_json, *invalid), 200});
    }
    message.kind = Admitted::Kind::kListen;
    return;
  }
  message.kind = Admitted::Kind::kRequest;
  ResolveTool(message);
  if (headers != nullptr && message.request.tool != nullptr) {
    static const rapidjson::Value kNoArguments(rapidjson::kObjectType);
    const rapidjson::Value* args = FindMember(*request.params, "arguments");
    if (auto problem = CheckParamHeaders(*headers, *message.request.tool,
                                         args != nullptr && args->IsObject() ? *args : kNoArguments)) {
      return RefuseMismatch(message, *problem);
    }
  }
}

void Dispatcher::ResolveTool(Admitted& message) const {
  Request& request = message.request;
  if (request.method != "tools/call" || request.params == nullptr) return;
  const rapidjson::Value* name = FindMember(*request.params, "name");
  if (name == nullptr || !name->IsString()) return;
  request.catalog = engine_.Tools();
  request.tool = request.catalog->Find(AsView(*name));
}

bool Dispatcher::MayNotify(const Admitted& message) const {
  return engine_.MayNotify(message.request, message.context);
}

Reply Dispatcher::Answer(Admitted& message) const {
  if (message.context.era == Era::kLegacy) {
    return engine_.HandleLegacy(message.request, message.context);
  }
  return engine_.HandleStateless(message.request, message.context);
}

Reply Dispatcher::AnswerBatch(
    const Admitted& batch, const RequestContext& base,
    const std::function<void(const std::string& id_json)>& cancel) const {
  if (base.session == nullptr || base.session->protocol_version != "2025-03-26") {
    return Reply{ErrorResponse("", RpcError{rpc::kInvalidRequest,
                                            "Invalid request: JSON-RPC batches are accepted only "
                                            "by sessions of protocol version 2025-03-26",
                                            {}}),
                 400};
  }
  std::string replies;
  for (const rapidjson::Value& value : batch.doc->GetArray()) {
    IncomingMessage m = ClassifyMessage(value);
    std::string reply;
    if (m.kind == MessageKind::kInvalid) {
      reply = ErrorResponse(m.id_json, m.error);
    } else if (m.kind == MessageKind::kNotification) {
      if (std::string id = CancelledRequest(m); !id.empty()) cancel(id);
    } else if (m.kind == MessageKind::kRequest && m.method == "initialize") {
      reply = ErrorResponse(m.id_json, RpcError{rpc::kInvalidRequest,
                                                "Invalid request: initialize cannot be part of a "
                                                "batch",
                                                {}});
    } else if (m.kind == MessageKind::kRequest) {
      Admitted item;
      item.kind = Admitted::Kind::kRequest;
      item.request = Request{m.method, m.id_json, m.params};
      ResolveTool(item);
      item.context = base;
      ContinueBatchTrace(batch.context, m.params, &item.context);
      item.context.cancellation = std::make_shared<Cancellation>();
      NoChannel channel;
      item.context.set_channel(&channel);
      reply = Answer(item).body;
    }
    if (!reply.empty()) replies += (replies.empty() ? "[" : ",") + reply;
  }
  return Reply{replies.empty() ? replies : replies + "]", 200};
}

}  // namespace odmcp
