// The Engine's side of asking the client for input (plugin.h "Asking the
// client for input"): one handler model, served in the way each era allows.
#include "host/common/clock.h"
#include "host/protocol/client_requests.h"
#include "host/protocol/engine.h"
#include "host/plugins/tool_record.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

// Rounds of input one request may take before the host gives up (the
// TypeScript SDK's legacy shim allows 8 as well).
constexpr int kMaxRounds = 8;

void WriteInputRequests(JsonWriter& w, const std::vector<InputRequest>& requests) {
  w.Key("inputRequests");
  w.StartObject();
  for (const InputRequest& r : requests) {
    w.Key(r.key.data(), static_cast<rapidjson::SizeType>(r.key.size()));
    w.StartObject();
    WriteKeyString(w, "method", r.method);
    w.Key("params");
    WriteRaw(w, r.params_json);
    w.EndObject();
  }
  w.EndObject();
}

// Asks a legacy-era client for what `call` requested, over the request's
// channel. Returns the next round's input, or nullopt after recording on
// `call` why there is none (and the status to report in `*status`).
std::optional<InputRound> AskClient(ToolCall& call, const RequestContext& context,
                                    odmcp_status* status) {
  if (context.client_requests == nullptr) {
    call.AbandonInput("this request needs input from the client (" +
                      call.input_requests().front().method +
                      "), which this connection cannot carry: over HTTP, send the request "
                      "in a session with Accept: text/event-stream");
    *status = ODMCP_FAILED_PRECONDITION;
    return std::nullopt;
  }
  std::vector<ClientRequests::Outgoing> outgoing;
  for (const InputRequest& r : call.input_requests()) {
    outgoing.push_back(ClientRequests::Outgoing{r.method, r.params_json});
  }
  std::vector<ClientRequests::Answer> answers = context.client_requests->Ask(
      *context.channel, outgoing, context.cancellation.get(), call.deadline_unix_ms());
  InputRound next;
  next.state = call.next_state();
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].ok) {
      call.AbandonInput("the client did not answer " + outgoing[i].method + ": " +
                        answers[i].json);
      *status = call.Cancelled() ? ODMCP_CANCELLED : ODMCP_UNAVAILABLE;
      return std::nullopt;
    }
    next.responses.emplace(call.input_requests()[i].key, std::move(answers[i].json));
  }
  return next;
}

}  // namespace

std::optional<RpcError> Engine::ReadInputRound(const Request& request, const StateBinding& binding,
                                               InputRound* round) const {
  const rapidjson::Value* state = FindMember(*request.params, "requestState");
  const rapidjson::Value* responses = FindMember(*request.params, "inputResponses");
  if (state != nullptr && !state->IsString()) {
    return RpcError{rpc::kInvalidParams,
                    "Invalid params: \"requestState\" must be the string of the input_required "
                    "result it answers, unchanged",
                    R"({"reason":"malformed_request_state"})"};
  }
  // Answers without a state are accepted: they are the client's own input,
  // like arguments; only a state can carry what the server decided.
  RequestStateCodec::Opened opened;
  if (state != nullptr) opened = state_codec_.Open(AsView(*state), binding, UnixMillis());
  if (opened.problem) {
    const std::string_view reason = StateProblemReason(*opened.problem);
    return RpcError{rpc::kInvalidParams,
                    "Invalid params: \"requestState\" is not one this server issued for this "
                    "request, or it has expired (" + std::string(reason) +
                        "); send the request again without inputResponses and requestState",
                    R"({"reason":)" + QuoteJson(reason) + "}"};
  }
  if (responses != nullptr && !responses->IsObject()) {
    return RpcError{rpc::kInvalidParams,
                    "Invalid params: \"inputResponses\" must be an object of the answers, by "
                    "the keys of inputRequests",
                    {}};
  }
  if (responses != nullptr) {
    // An answer that is not an object is no answer: the handler asks again.
    for (const auto& member : responses->GetObject()) {
      if (member.value.IsObject()) round->responses.emplace(AsView(member.name), ToJson(member.value));
    }
  }
  round->state = std::move(opened.state);
  return std::nullopt;
}

Engine::Asked Engine::RunAsking(const Invocation& invocation, const Request& request,
                               RequestContext& context, JsonWriter& w) {
  const StateBinding binding{TenantKey(context.tenant), request.method, invocation.target,
                             invocation.args_json};
  Asked asked;
  InputRound input;
  if (context.era == Era::kStateless && request.params != nullptr) {
    asked.error = ReadInputRound(request, binding, &input);
    if (asked.error) return asked;
  }
  const int64_t deadline = UnixMillis() + options_.call_timeout_ms;
  for (int round = 1;; ++round) {
    std::shared_ptr<const Tenant> tenant = asked.call ? asked.call->tenant() : context.tenant;
    asked.call = std::make_unique<ToolCall>(invocation.handler, context,
                                            invocation.progress_token_json, deadline);
    ToolCall& call = *asked.call;
    call.set_tenant(std::move(tenant));
    for (const std::string& secret : invocation.secrets) call.AddSecret(secret);
    call.set_input(std::move(input));
    asked.status = call.RunHandler(invocation.kind, invocation.args_json);
    if (asked.status != ODMCP_OK || !call.input_required()) return asked;
    if (context.era == Era::kStateless) {
      WriteInputRequests(w, call.input_requests());
      WriteKeyString(w, "requestState", state_codec_.Seal(binding, call.next_state(), UnixMillis()));
      context.input_required = true;
      return asked;
    }
    if (round == kMaxRounds) {
      call.AbandonInput("the handler asked for input " + std::to_string(kMaxRounds) +
                        " times without finishing");
      asked.status = ODMCP_ABORTED;
      return asked;
    }
    std::optional<InputRound> next = AskClient(call, context, &asked.status);
    if (!next) return asked;
    input = std::move(*next);
  }
}

}  // namespace odmcp
