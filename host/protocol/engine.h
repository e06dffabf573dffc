// Engine: the MCP methods of both protocol eras, independent of transport.
//
// The Dispatcher (dispatcher.h) parses and checks each message, picks the
// era, and hands requests here; the Engine answers with the serialized
// JSON-RPC reply and the HTTP status Streamable HTTP sends it with (stdio
// ignores it).
//
//   legacy era     initialize, ping, logging/setLevel
//   stateless era  server/discover
//   both           tools/list, tools/call, resources/list,
//                  resources/templates/list, resources/read, prompts/list,
//                  prompts/get, completion/complete (engine_features.cc)
//
// Thread safety: every method may run concurrently with any other.
#ifndef ODMCP_HOST_PROTOCOL_ENGINE_H_
#define ODMCP_HOST_PROTOCOL_ENGINE_H_

#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/json.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/request_context.h"
#include "host/protocol/request_state.h"
#include "host/plugins/tool_call.h"

namespace odmcp {

class NotificationHub;
class ToolRegistry;
class ToolCatalog;
class FeatureCatalog;
struct ResourceRecord;
struct ToolRecord;
struct HostServices;

struct ServerIdentity {
  std::string name = "orderdesk-mcp";
  std::string version;
  std::string instructions;  // empty: none
};

struct EngineOptions {
  int page_size = 100;
  int64_t list_ttl_ms = 60000;
  int64_t call_timeout_ms = 300000;
  // Signs requestState (at least RequestStateCodec::kMinKeyBytes bytes);
  // empty: a random key of this process, so states do not outlive it.
  std::string request_state_key;
  int64_t request_state_ttl_ms = 600000;
  size_t max_batch_length = 100;
  size_t max_subscriptions_per_session = 1000;
  size_t max_uri_bytes = 2048;
};

// A request as the Engine sees it. Views point into the parsed message.
struct Request {
  Request() = default;
  Request(std::string_view method_name, std::string id, const rapidjson::Value* params_object)
      : method(method_name), id_json(std::move(id)), params(params_object) {}

  std::string_view method;
  std::string id_json;
  const rapidjson::Value* params = nullptr;  // an object, or nullptr
  // tools/call: the tool it names, looked up once (Dispatcher::Admit) in
  // this snapshot of the offered tools; null if none by that name is offered.
  std::shared_ptr<const ToolCatalog> catalog;
  const ToolRecord* tool = nullptr;
};

struct Reply {
  std::string body;
  int http_status = 200;
};

// Whether `context`'s grant lets it see and call `tool` (tools/list leaves
// out the tools it may not call).
bool Granted(const RequestContext& context, const ToolRecord& tool);
// The refusal of a tools/call outside the request's grant: HTTP 403, with
// the scope that would allow it in data.requiredScope, for the HTTP binding
// to name in its WWW-Authenticate challenge too.
RpcError OutsideGrant(const ToolRecord& tool);

class Engine {
 public:
  // `services` (may be null: no rate limit, no audit) charges each tool call
  // to its tenant's bucket and records it in the audit log.
  Engine(const ToolRegistry& tools, ServerIdentity identity, EngineOptions options,
         HostServices* services = nullptr);

  const EngineOptions& options() const { return options_; }

  // True if the request claims the stateless era: its params._meta names a
  // protocol version. (A claim of an unsupported version is still a claim,
  // answered with -32022.)
  static bool ClaimsStatelessEra(const Request& request);

  // --- Legacy era ------------------------------------------------------------

  // Answers initialize: negotiates the version and records the client in
  // `session`, which must not be in use by other requests yet.
  Reply Initialize(const Request& request, std::shared_ptr<ClientSession> session);
  // Answers a request of an initialized legacy session.
  Reply HandleLegacy(const Request& request, RequestContext& context);

  // --- Stateless era ---------------------------------------------------------

  // Reads the request's _meta (protocol version, client capabilities, client
  // info, log level) into `context`, or returns the -32602 reply (HTTP 400).
  std::optional<Reply> ReadEnvelope(const Request& request, RequestContext& context) const;
  // The -32022 reply (HTTP 400) unless `version` is one this host speaks.
  std::optional<Reply> CheckVersion(const Request& request, std::string_view version) const;
  // The -32601 reply (HTTP 404) unless the stateless era has `method`.
  std::optional<Reply> CheckMethod(const Request& request) const;
  // Answers a request that passed ReadEnvelope, CheckVersion and
  // CheckMethod (other than subscriptions/listen, which its transport
  // binding serves).
  Reply HandleStateless(const Request& request, RequestContext& context);

  // --- Both ------------------------------------------------------------------

  // Whether answering `request` may send messages before the reply (progress,
  // client logs), so a transport that can stream should.
  bool MayNotify(const Request& request, const RequestContext& context) const;

  std::shared_ptr<const ToolCatalog> Tools() const;
  // The changes connected clients are told about, or null (no services).
  NotificationHub* notifications() const;

 private:
  using Method = std::optional<RpcError> (Engine::*)(const Request&, RequestContext&,
                                                     JsonWriter&);
  // How a stateless-era result may be cached: not at all, by anyone (lists
  // that are the same for every client), or by this client only.
  enum class Caching { kNone, kPublic, kPrivate };
  Reply Answer(Method method, const Request& request, RequestContext& context, Caching caching);
  // The method of either era that lists, reads or completes resources and
  // prompts, or nullptr.
  static Method FeatureMethod(std::string_view method, Caching* caching);

  std::optional<RpcError> InitializeResult(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> Ping(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> Subscribe(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> Unsubscribe(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> SetLevel(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> Discover(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> ListTools(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> CallTool(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> ListResources(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> ListResourceTemplates(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> ReadResource(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> ListPrompts(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> GetPrompt(const Request&, RequestContext&, JsonWriter&);
  std::optional<RpcError> Complete(const Request&, RequestContext&, JsonWriter&);
  // The resources and prompts offered now (empty without a registry).
  std::shared_ptr<const FeatureCatalog> Features() const;
  // Runs `handler` as `kind` for `request` until it answers without asking
  // for input (engine_input.cc). In the legacy era the host asks the client
  // itself, over the request's channel; in the stateless era the request
  // may carry the answers to an earlier round, and a handler that asks
  // again ends the request with an input_required result, written to `w`
  // (context.input_required is then set). `target` names what the handler
  // serves (a tool or prompt name, a URI).
  struct Invocation {
    const ToolRecord& handler;
    HandlerKind kind;
    std::string_view target;
    std::string_view args_json;
    std::string progress_token_json;     // empty: no progress
    std::vector<std::string> secrets;    // scrubbed from what the call returns
  };
  struct Asked {
    std::optional<RpcError> error;  // the request is refused (a bad state)
    std::unique_ptr<ToolCall> call;  // otherwise: the last round's call
    odmcp_status status = ODMCP_OK;  // and what its handler returned
  };
  Asked RunAsking(const Invocation& invocation, const Request& request, RequestContext& context,
                  JsonWriter& w);
  // The answers and state a stateless-era request carries, checked.
  std::optional<RpcError> ReadInputRound(const Request& request, const StateBinding& binding,
                                         InputRound* round) const;
  // Takes a token of the tenant's message bucket for any request of a
  // tenant, and of its tool-call bucket for a handler that runs a plugin;
  // the -32005 refusal if the bucket is empty.
  std::optional<RpcError> ChargeMessage(const RequestContext& context);
  std::optional<RpcError> ChargeTenant(const ToolRecord& tool, const RequestContext& context);
  void Audit(const ToolCall& call, const rapidjson::Value& args, int64_t started_us) const;
  void WriteCapabilities(JsonWriter& w) const;

  const ToolRegistry& tools_;
  HostServices* const services_;
  const ServerIdentity identity_;
  const EngineOptions options_;
  std::string server_info_json_;  // {"name","version"}
  const RequestStateCodec state_codec_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_ENGINE_H_
