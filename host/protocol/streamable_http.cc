#include "host/protocol/streamable_http.h"

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "host/auth/request_authenticator.h"
#include "host/auth/server/authorization_server.h"
#include "host/common/http_text.h"
#include "host/common/json.h"
#include "host/common/url_form.h"
#include "host/crypto/secure_bytes.h"
#include "host/plugins/tool_record.h"
#include "host/protocol/client_address.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/listen.h"
#include "host/services/health/readiness.h"
#include "host/services/log.h"
#include "host/services/metrics/host_metrics.h"
#include "host/services/metrics/registry.h"
#include "host/services/notification_hub.h"

namespace odmcp {
namespace {

constexpr const char* kJsonContentType = "application/json; charset=utf-8";
constexpr const char* kSessionHeader = "Mcp-Session-Id";
constexpr const char* kKeepAliveComment = ": keepalive\n\n";
// Sessions that must have ended since the last trim before the sweeper
// returns freed heap to the system: trimming walks every arena, so it is
// kept for when there is much to give back.
constexpr uint64_t kSessionsEndedPerTrim = 256;
// How much of a client-supplied value a log line or error message repeats.
constexpr size_t kQuotedValueLimit = 100;

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Shortened(std::string_view value) {
  if (value.size() <= kQuotedValueLimit) return std::string(value);
  return std::string(value.substr(0, kQuotedValueLimit)) + "...";
}

// What the access log says of an admitted message.
void NoteMessage(const Admitted& message, AccessNote* note) {
  note->rpc_method = message.kind == Admitted::Kind::kBatch ? "(batch)" : message.request.method;
  if (message.request.tool != nullptr) note->tool = message.request.tool->name;
  note->correlation_id = message.context.correlation_id;
  note->trace_id = message.context.trace.trace_id;
}

bool IsReadinessPath(std::string_view path) { return path == "/health/ready" || path == "/health"; }

HttpAnswer Json(int status, std::string body) {
  HttpAnswer response;
  response.status = status;
  response.content_type = kJsonContentType;
  response.body = std::move(body);
  return response;
}

HttpAnswer JsonError(int status, std::string_view id_json, int code, std::string message) {
  return Json(status, ErrorResponse(id_json, RpcError{code, std::move(message), {}}));
}

// `answer` with Retry-After: a refusal of a limit that frees up by itself.
HttpAnswer RetryLater(HttpAnswer answer, int seconds) {
  answer.headers.emplace_back("Retry-After", std::to_string(seconds));
  return answer;
}

struct Accepts {
  bool json = false;
  bool sse = false;
};

Accepts ParseAccept(const HttpRequestHead& head) {
  std::optional<std::string_view> header = head.header("Accept");
  if (!header) return Accepts{true, true};
  Accepts accepts;
  std::string_view rest = *header;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    std::string type = Lowercase(TrimOws(item.substr(0, item.find(';'))));
    if (type == "application/json" || type == "application/*") accepts.json = true;
    if (type == "text/event-stream" || type == "text/*") accepts.sse = true;
    if (type == "*/*") accepts = Accepts{true, true};
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return accepts;
}

// Writes a request's messages as SSE events on its stream. A stream the
// client closed cancels the request: that is how a 2026-era client cancels
// over HTTP, and a legacy client that left wants nothing.
class SseChannel final : public RequestChannel {
 public:
  SseChannel(std::shared_ptr<ResponseStream> stream, Cancellation& cancellation)
      : stream_(std::move(stream)), cancellation_(cancellation) {}
  bool Send(std::string_view message_json) override {
    if (stream_->Write(SseEvent(message_json))) return true;
    cancellation_.Cancel();
    return false;
  }

 private:
  std::shared_ptr<ResponseStream> stream_;
  Cancellation& cancellation_;
};

// Request headers a browser-based client may send (CORS preflight).
bool AllowedRequestHeader(std::string_view name) {
  static constexpr std::string_view kAllowed[] = {
      "accept",         "authorization", "content-type", "last-event-id",
      "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name"};
  const std::string lower = Lowercase(TrimOws(name));
  if (lower.rfind("mcp-param-", 0) == 0) return true;
  return std::find(std::begin(kAllowed), std::end(kAllowed), lower) != std::end(kAllowed);
}

}  // namespace

// One request to the MCP endpoint: every answer to it carries the CORS
// headers its Origin earned.
struct StreamableHttp::Endpoint {
  std::shared_ptr<HttpExchange> exchange;
  std::vector<std::pair<std::string, std::string>> cors;
  std::shared_ptr<const Tenant> tenant;
  std::shared_ptr<const ToolGrant> grant;  // null: every tool
  AccessNote note;  // for the request's access-log line, given with the answer

  const HttpRequestHead& head() const { return exchange->head(); }

  void Respond(HttpAnswer response) {
    response.headers.insert(response.headers.end(), cors.begin(), cors.end());
    exchange->Note(std::move(note));
    exchange->Respond(std::move(response));
  }
  void RespondError(int status, std::string_view id_json, int code, std::string message) {
    Respond(JsonError(status, id_json, code, std::move(message)));
  }
  std::shared_ptr<ResponseStream> OpenSse(std::chrono::seconds keepalive) {
    StreamOptions options;
    options.headers = cors;
    options.headers.emplace_back("Cache-Control", "no-cache");
    options.headers.emplace_back("X-Accel-Buffering", "no");
    options.idle_bytes = kKeepAliveComment;
    options.idle_interval = keepalive;
    exchange->Note(std::move(note));
    return exchange->Stream(200, std::move(options));
  }
};

// A subscriptions/listen stream: what it listens with, and its place among
// the streams, both released when it ends.
struct StreamableHttp::OpenListen {
  std::shared_ptr<ResponseStream> stream;
  std::string id_json;
  StreamLimits::Slot slot;
  std::unique_ptr<HubListener> listener;
};

StreamableHttp::StreamableHttp(Dispatcher& dispatcher, StreamableHttpOptions options,
                               RequestAuthenticator* auth, HttpOperations operations,
                               AuthorizationServer* authorization_server)
    : dispatcher_(dispatcher),
      options_(std::move(options)),
      auth_(auth),
      authorization_server_(authorization_server),
      operations_(std::move(operations)),
      policy_(options_.allowed_hosts, options_.allowed_origins),
      sessions_(options_.session_idle_timeout, options_.max_sessions_per_tenant,
                options_.replay_events),
      streams_(
          std::make_shared<StreamLimits>(options_.max_streams, options_.max_streams_per_tenant)) {
  if (operations_.registry != nullptr) RegisterGauges();
  sweeper_ = std::thread([this] { Sweep(); });
}

StreamableHttp::~StreamableHttp() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  sweeper_.join();
}

HttpAnswer StreamableHttp::Refuse(TransportRefusal why) {
  switch (why) {
    case TransportRefusal::kMalformed:
      return JsonError(400, "", rpc::kInvalidRequest,
                       "Bad Request: this is not an HTTP/1.1 request the server can read");
    case TransportRefusal::kHeadersTooLarge:
      return JsonError(431, "", rpc::kInvalidRequest,
                       "Request Header Fields Too Large: a request's head may have at most " +
                           std::to_string(options_.max_header_bytes) +
                           " bytes (http.max_header_bytes)");
    case TransportRefusal::kBodyTooLarge:
      return JsonError(413, "", rpc::kInvalidRequest,
                       "Payload Too Large: a message may have at most " +
                           std::to_string(options_.max_message_bytes) +
                           " bytes (server.max_message_bytes)");
    case TransportRefusal::kTooManyConnections:
      return RetryLater(JsonError(503, "", rpc::kInvalidRequest,
                                  "Service Unavailable: the server has as many connections open "
                                  "as it accepts (http.max_connections); try again shortly"),
                        1);
    case TransportRefusal::kTooManyFromAddress:
      return RetryLater(
          JsonError(429, "", rpc::kInvalidRequest,
                    "Too Many Requests: this address has as many connections open as one "
                    "address may (http.max_connections_per_address); reuse them, or close some"),
          1);
    case TransportRefusal::kUnanswered:
      break;
  }
  return JsonError(500, "", rpc::kInternalError, "Internal error: the request was not answered");
}

std::optional<HttpAnswer> StreamableHttp::Screen(const HttpRequestHead& head, AccessNote& note) {
  note.client = ClientOf(head);
  if (std::optional<std::string> refused =
          policy_.Check(head.header("Host").value_or(""), head.header("Origin").value_or(""))) {
    if (uint64_t suppressed = 0; refusal_log_.Admit(SteadyMillis(), &suppressed)) {
      HostLog().Warning("request refused", {{"reason", Shortened(*refused)},
                                            {"path", Shortened(head.path())},
                                            {"suppressed_before", std::to_string(suppressed)}});
    }
    return JsonError(403, "", rpc::kInvalidRequest, "Forbidden: " + *refused);
  }
  const std::string_view path = head.path();
  const std::string_view method = head.method;
  if (path == options_.path) {
    if (method == "OPTIONS") return Preflight(head);
    if (method == "POST" || method == "GET" || method == "DELETE") return std::nullopt;
    HttpAnswer response = JsonError(405, "", rpc::kInvalidRequest,
                                      "Method Not Allowed: the MCP endpoint takes POST, GET and "
                                      "DELETE");
    response.headers.emplace_back("Allow", "GET, POST, DELETE, OPTIONS");
    return response;
  }
  if (std::find(options_.resource_metadata_paths.begin(), options_.resource_metadata_paths.end(),
                path) != options_.resource_metadata_paths.end()) {
    return ResourceMetadata(head);
  }
  // Its endpoints read the database: Handle() runs them on a worker.
  if (authorization_server_ != nullptr && AuthorizationServer::Serves(path)) return std::nullopt;
  if (path == "/health/live" || IsReadinessPath(path) || path == "/metrics") {
    if (method != "GET") {
      HttpAnswer response =
          JsonError(405, "", rpc::kInvalidRequest, "Method Not Allowed: " + std::string(path) +
                                                       " takes GET");
      response.headers.emplace_back("Allow", "GET");
      return response;
    }
    if (path == "/health/live") return Json(200, R"({"status":"live"})");
    if (IsReadinessPath(path)) return std::nullopt;  // Handle() runs the checks
    return Metrics(head);
  }
  return JsonError(404, "", rpc::kInvalidRequest,
                   "Not Found: " + Shortened(path) + " is not served; the MCP endpoint is " +
                       options_.path);
}

std::optional<HttpAnswer> StreamableHttp::Preflight(const HttpRequestHead& head) const {
  HttpAnswer response;
  response.status = 204;
  std::optional<std::string_view> origin = head.header("Origin");
  if (!origin) {
    response.headers.emplace_back("Allow", "GET, POST, DELETE, OPTIONS");
    return response;
  }
  const std::string method(TrimOws(head.header("Access-Control-Request-Method").value_or("")));
  if (method != "GET" && method != "POST" && method != "DELETE") {
    return JsonError(403, "", rpc::kInvalidRequest,
                     "Forbidden: the MCP endpoint takes GET, POST and DELETE, not \"" +
                         Shortened(method) + "\"");
  }
  const std::string_view requested = head.header("Access-Control-Request-Headers").value_or("");
  std::string_view rest = requested;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view name = TrimOws(rest.substr(0, comma));
    if (!name.empty() && !AllowedRequestHeader(name)) {
      return JsonError(403, "", rpc::kInvalidRequest,
                       "Forbidden: the MCP endpoint does not take the header \"" +
                           Shortened(name) + "\"");
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  response.headers.emplace_back("Access-Control-Allow-Origin", std::string(*origin));
  response.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, DELETE");
  if (!requested.empty()) {
    response.headers.emplace_back("Access-Control-Allow-Headers", std::string(TrimOws(requested)));
  }
  response.headers.emplace_back("Access-Control-Max-Age", "7200");
  response.headers.emplace_back(
      "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return response;
}

void StreamableHttp::Completed(const HttpRequestRecord& record) {
  if (operations_.metrics != nullptr) {
    operations_.metrics->http_requests.With({std::to_string(record.status)}).Inc();
    operations_.metrics->http_seconds.With({}).ObserveDuration(record.duration);
  }
  if (!HostLog().Enabled(ODMCP_LOG_INFO)) return;
  static const AccessNote kNothingNoted;
  const AccessNote& note = record.note != nullptr ? *record.note : kNothingNoted;
  HostLog().Info("http request", {{"method", Shortened(record.method)},
                                  {"path", Shortened(record.path)},
                                  {"status", int64_t{record.status}},
                                  {"duration_us", static_cast<int64_t>(record.duration.count())},
                                  {"bytes_in", static_cast<int64_t>(record.bytes_in)},
                                  {"bytes_out", static_cast<int64_t>(record.bytes_out)},
                                  {"client", note.client.empty() ? record.peer : note.client},
                                  {"tenant_id", note.tenant_id},
                                  {"rpc_method", Shortened(note.rpc_method)},
                                  {"tool", note.tool},
                                  {"correlation_id", note.correlation_id},
                                  {"trace_id", note.trace_id},
                                  {"auth", note.auth},
                                  {"scopes", note.scopes},
                                  {"completed", record.completed}});
}

std::string StreamableHttp::ClientOf(const HttpRequestHead& head) const {
  return ClientAddress(options_.trusted_proxies, head.peer_address, options_.forwarded_header,
                       options_.trusted_proxies.empty()
                           ? std::vector<std::string_view>{}
                           : head.header_lines(ForwardedHeaderName(options_.forwarded_header)));
}

HttpAnswer StreamableHttp::Ready() const {
  if (operations_.readiness == nullptr) return Json(200, R"({"status":"ready","checks":{}})");
  ReadinessReport report = operations_.readiness->Evaluate();
  HttpAnswer response = Json(report.ready ? 200 : 503, report.ToJson());
  // A probe must see the state now, not a cache's.
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

HttpAnswer StreamableHttp::ResourceMetadata(const HttpRequestHead& head) const {
  if (head.method == "OPTIONS") return *Preflight(head);
  if (head.method != "GET") {
    HttpAnswer response = JsonError(405, "", rpc::kInvalidRequest,
                                    "Method Not Allowed: the resource metadata takes GET");
    response.headers.emplace_back("Allow", "GET, OPTIONS");
    return response;
  }
  HttpAnswer response = Json(200, options_.resource_metadata_json);
  // Public metadata: any web page may read it (RFC 9728 section 3).
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return response;
}

void StreamableHttp::Authorization(Endpoint& request) {
  const HttpRequestHead& head = request.head();
  OAuthRequest oauth;
  oauth.method = head.method;
  oauth.path = head.path();
  oauth.query = head.query();
  oauth.body = request.exchange->body();
  oauth.content_type = head.header("Content-Type").value_or("");
  oauth.authorization = head.header("Authorization").value_or("");
  oauth.client_address = request.note.client;
  OAuthResponse answer = authorization_server_->Handle(oauth);
  request.note.tenant_id = answer.tenant_id;
  HttpAnswer response;
  response.status = answer.status;
  response.headers = std::move(answer.headers);
  response.content_type = std::move(answer.content_type);
  response.body = std::move(answer.body);
  request.Respond(std::move(response));
}

HttpAnswer StreamableHttp::Metrics(const HttpRequestHead& head) const {
  if (operations_.registry == nullptr) {
    return JsonError(404, "", rpc::kInvalidRequest,
                     "Not Found: metrics are off ([metrics] enabled = false)");
  }
  if (!operations_.metrics_token.empty()) {
    const std::string_view given = head.header("Authorization").value_or("");
    constexpr std::string_view kBearer = "Bearer ";
    const bool bearer = given.size() > kBearer.size() &&
                        EqualsIgnoringCase(given.substr(0, kBearer.size()), kBearer);
    if (!bearer || !crypto::ConstantTimeEquals(TrimOws(given.substr(kBearer.size())),
                                               operations_.metrics_token)) {
      HttpAnswer response = JsonError(401, "", rpc::kInvalidRequest,
                                      "Unauthorized: /metrics needs the token of [metrics] "
                                      "token_env as \"Authorization: Bearer <token>\"");
      response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"metrics\"");
      return response;
    }
  }
  HttpAnswer response;
  response.content_type = std::string(metrics::MetricsRegistry::kContentType);
  response.body = operations_.registry->Render();
  return response;
}

void StreamableHttp::RegisterGauges() {
  metrics::MetricsRegistry& registry = *operations_.registry;
  registry.AddCallbackGauge("odmcp_http_sessions", "Legacy-era HTTP sessions open.",
                            [this] { return static_cast<double>(sessions_.size()); });
  registry.AddCallbackCounter("odmcp_http_sessions_ended_total",
                              "Legacy-era HTTP sessions ended (idle expiry, the per-tenant cap, "
                              "DELETE).",
                              [this] { return static_cast<double>(sessions_.ended()); });
  registry.AddCallbackGauge("odmcp_http_streams",
                            "Long-lived event streams open (legacy GET streams and "
                            "subscriptions/listen).",
                            [streams = streams_] { return static_cast<double>(streams->open()); });
  if (auth_ != nullptr) {
    registry.AddCallbackCounter("odmcp_key_derivations_total",
                                "Master keys verified with scrypt (a remembered key, or one whose "
                                "check another request ran, needs none).",
                                [this] { return static_cast<double>(auth_->key_derivations()); });
  }
}

void StreamableHttp::Handle(std::shared_ptr<HttpExchange> exchange) {
  Endpoint request{std::move(exchange), {}, nullptr, nullptr, {}};
  const HttpRequestHead& head = request.head();
  const std::string client = ClientOf(head);
  request.note.client = client;
  if (IsReadinessPath(head.path())) return request.Respond(Ready());
  if (authorization_server_ != nullptr && AuthorizationServer::Serves(head.path())) {
    return Authorization(request);
  }
  if (std::optional<std::string_view> origin = head.header("Origin")) {
    // Screen() let this Origin through: a browser-based client may read
    // the answer, including the headers it needs.
    request.cors = {{"Access-Control-Allow-Origin", std::string(*origin)},
                    {"Access-Control-Expose-Headers",
                     "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate, Retry-After"},
                    {"Vary", "Origin"}};
  }
  if (auth_ != nullptr) {
    std::optional<std::string> token;
    if (auth_->allow_token_query()) token = UrlFormValue(head.query(), "token");
    AuthResult auth = auth_->Authenticate(head.header("Authorization"), std::move(token), client);
    if (auth.refusal) {
      if (operations_.metrics != nullptr) {
        operations_.metrics->auth_failures
            .With({auth.refusal->status == 401 ? "unauthenticated" : "refused"})
            .Inc();
      }
      HttpAnswer response = JsonError(auth.refusal->status, "", rpc::kInvalidRequest,
                                        std::move(auth.refusal->message));
      response.headers = std::move(auth.refusal->headers);
      return request.Respond(std::move(response));
    }
    request.tenant = std::move(auth.tenant);
    request.grant = std::move(auth.grant);
    if (request.tenant != nullptr) {
      request.note.tenant_id = request.tenant->id;
      // Only access tokens carry a grant.
      request.note.auth = request.grant != nullptr ? "access_token" : "master_key";
      if (request.grant != nullptr) request.note.scopes = request.grant->ToolScopes();
    }
  }
  if (head.method == "POST") return Post(request);
  if (head.method == "GET") return OpenSessionStream(request);
  EndSession(request);
}

void StreamableHttp::Post(Endpoint& request) {
  const HttpRequestHead& head = request.head();
  if (Lowercase(head.header("Content-Type").value_or("")).compare(0, 16, "application/json") != 0) {
    return request.RespondError(415, "", rpc::kInvalidRequest,
                         "Unsupported Media Type: POST one JSON-RPC message with Content-Type: "
                         "application/json");
  }
  const Accepts accepts = ParseAccept(head);
  if (!accepts.json && !accepts.sse) {
    return request.RespondError(406, "", rpc::kInvalidRequest,
                         "Not Acceptable: the client must accept application/json and "
                         "text/event-stream");
  }
  Admitted message = dispatcher_.Admit(request.exchange->body(), head.headers);
  NoteMessage(message, &request.note);
  switch (message.kind) {
    case Admitted::Kind::kRefused:
      return request.Respond(Json(message.refusal.http_status, std::move(message.refusal.body)));
    case Admitted::Kind::kBatch: {
      std::shared_ptr<HttpSession> session = RequireSession(request, "");
      if (session == nullptr) return;
      RequestContext base;
      BindLegacySession(base, session->client());
      base.tenant = request.tenant;
      base.grant = request.grant;
      Reply reply = dispatcher_.AnswerBatch(message, base, [&session](const std::string& id) {
        session->Cancel(id);
      });
      if (reply.body.empty()) return request.Respond(HttpAnswer{202, {}, {}, {}});
      return request.Respond(Json(reply.http_status, std::move(reply.body)));
    }
    case Admitted::Kind::kResponse: {
      std::shared_ptr<HttpSession> session = RequireSession(request, message.request.id_json);
      if (session == nullptr) return;
      if (!session->client_requests().Resolve(message.request.id_json, *message.doc)) {
        HostLog().Debug("ignoring a response that answers no request",
                        {{"id", Shortened(message.request.id_json)}});
      }
      return request.Respond(HttpAnswer{202, {}, {}, {}});
    }
    case Admitted::Kind::kNotification:
      // The stateless era has no client notifications over HTTP: accepted, dropped.
      if (message.era == Era::kLegacy) {
        std::shared_ptr<HttpSession> session = RequireSession(request, "");
        if (session == nullptr) return;
        if (!message.cancels.empty()) session->Cancel(message.cancels);
      }
      return request.Respond(HttpAnswer{202, {}, {}, {}});
    case Admitted::Kind::kInitialize:
      return Initialize(request, message);
    case Admitted::Kind::kListen:
      if (!accepts.sse) {
        return request.RespondError(406, message.request.id_json, rpc::kInvalidRequest,
                             "Not Acceptable: subscriptions/listen answers with an event stream; "
                             "send Accept: text/event-stream");
      }
      return Listen(request, message);
    case Admitted::Kind::kRequest:
      break;
  }
  std::shared_ptr<HttpSession> session;
  if (message.era == Era::kLegacy) {
    session = RequireSession(request, message.request.id_json);
    if (session == nullptr) return;
    BindLegacySession(message.context, session->client());
    message.context.client_requests = &session->client_requests();
  }
  message.context.tenant = request.tenant;
  message.context.grant = request.grant;
  if (const ToolRecord* tool = message.request.tool; tool && !Granted(message.context, *tool)) {
    // Refused before any stream opens, with the challenge a client steps
    // up its authorization from (MCP authorization, "Scope Challenge
    // Handling").
    HttpAnswer response = Json(403, ErrorResponse(message.request.id_json, OutsideGrant(*tool)));
    response.headers.emplace_back("WWW-Authenticate",
                                  auth_->ScopeChallenge(ToolGrant::NeededScope(tool->read_only)));
    return request.Respond(std::move(response));
  }
  message.context.cancellation = std::make_shared<Cancellation>();
  if (session != nullptr) session->Track(message.request.id_json, message.context.cancellation);
  Answer(request, message, accepts.sse && dispatcher_.MayNotify(message), session);
}

void StreamableHttp::Initialize(Endpoint& request, Admitted& message) {
  if (std::optional<std::string_view> id = request.head().header(kSessionHeader);
      id && sessions_.Find(*id) != nullptr) {
    return request.RespondError(400, message.request.id_json, rpc::kInvalidRequest,
                         "Invalid request: this session is already initialized; send initialize "
                         "without Mcp-Session-Id to start another");
  }
  auto client = std::make_shared<ClientSession>();
  Reply reply = dispatcher_.engine().Initialize(message.request, client);
  HttpAnswer response = Json(reply.http_status, std::move(reply.body));
  if (!client->protocol_version.empty()) {
    std::shared_ptr<HttpSession> session = sessions_.Create(TenantKey(request.tenant), client);
    session->ListenForChanges(dispatcher_.engine().notifications());
    response.headers.emplace_back(kSessionHeader, session->id());
  }
  request.Respond(std::move(response));
}

void StreamableHttp::Answer(Endpoint& request, Admitted& message, bool stream,
                            const std::shared_ptr<HttpSession>& session) {
  std::shared_ptr<Cancellation> cancellation = message.context.cancellation;
  request.exchange->OnClientGone([cancellation] { cancellation->Cancel(); });
  if (!stream) {
    NoChannel channel;
    message.context.set_channel(&channel);
    Reply reply = dispatcher_.Answer(message);
    if (session != nullptr) session->Untrack(message.request.id_json);
    return request.Respond(Json(reply.http_status, std::move(reply.body)));
  }
  std::shared_ptr<ResponseStream> sse = request.OpenSse(options_.sse_keepalive);
  SseChannel channel(sse, *cancellation);
  message.context.set_channel(&channel);
  Reply reply = dispatcher_.Answer(message);
  if (session != nullptr) session->Untrack(message.request.id_json);
  // A request the client cancelled gets no reply (MCP cancellation).
  if (!cancellation->cancelled()) sse->Write(SseEvent(reply.body));
  sse->End();
}

std::optional<StreamLimits::Slot> StreamableHttp::TakeStreamSlot(Endpoint& request) {
  StreamLimits::Slot slot;
  switch (streams_->Acquire(TenantKey(request.tenant), &slot)) {
    case StreamLimits::Verdict::kOpen:
      return slot;
    case StreamLimits::Verdict::kTenantFull:
      request.Respond(RetryLater(
          JsonError(429, "", rpc::kInvalidRequest,
                    "Too Many Requests: this tenant has " +
                        std::to_string(streams_->max_per_tenant()) +
                        " event streams open, the most one tenant may "
                        "(http.max_streams_per_tenant); close one first"),
          5));
      return std::nullopt;
    case StreamLimits::Verdict::kServerFull:
      break;
  }
  request.Respond(RetryLater(
      JsonError(503, "", rpc::kInvalidRequest,
                "Service Unavailable: the server has " + std::to_string(streams_->max_total()) +
                    " event streams open, the most it serves (http.max_streams); try again later"),
      5));
  return std::nullopt;
}

void StreamableHttp::Listen(Endpoint& request, Admitted& message) {
  std::optional<StreamLimits::Slot> slot = TakeStreamSlot(request);
  if (!slot) return;
  auto listen = std::make_shared<OpenListen>();
  listen->stream = request.OpenSse(options_.sse_keepalive);
  listen->id_json = message.request.id_json;
  listen->slot = std::move(*slot);
  listen->stream->Write(SseEvent(ListenAcknowledgement(message.filter, listen->id_json)));
  listen->listener = std::make_unique<HubListener>(
      dispatcher_.engine().notifications(),
      [stream = listen->stream, filter = message.filter, id = listen->id_json](const Change& change) {
        if (filter.Wants(change)) stream->Write(SseEvent(ChangeNotification(change, id)));
      });
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return listen->stream->End();
    listens_.emplace(listen.get(), listen);
  }
  // The stream ends when the client closes it (the only way a client ends
  // a listen over HTTP) or, gracefully, when the server stops.
  request.exchange->OnClientGone([this, key = listen.get()] {
    std::shared_ptr<OpenListen> ended;
    std::lock_guard lock(mutex_);
    if (auto it = listens_.find(key); it != listens_.end()) {
      ended = std::move(it->second);
      listens_.erase(it);
    }
  });
}

void StreamableHttp::OpenSessionStream(Endpoint& request) {
  std::shared_ptr<HttpSession> session = RequireSession(request, "");
  if (session == nullptr) return;
  if (!ParseAccept(request.head()).sse) {
    return request.RespondError(406, "", rpc::kInvalidRequest,
                         "Not Acceptable: GET opens an event stream; send Accept: "
                         "text/event-stream");
  }
  std::optional<uint64_t> last_event_id;
  if (std::optional<std::string_view> header = request.head().header("Last-Event-ID")) {
    std::string_view text = TrimOws(*header);
    uint64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return request.RespondError(400, "", rpc::kInvalidRequest,
                           "Bad Request: Last-Event-ID \"" + Shortened(text) +
                               "\" is not an event id of this server (a decimal number)");
    }
    last_event_id = id;
  }
  switch (session->CheckAttach(last_event_id)) {
    case HttpSession::Attach::kAttached:
      break;
    case HttpSession::Attach::kBusy:
      return request.RespondError(409, "", rpc::kInvalidRequest,
                           "Conflict: this session already has an open event stream");
    case HttpSession::Attach::kUnknownEvent:
      return request.RespondError(400, "", rpc::kInvalidRequest,
                           "Bad Request: Last-Event-ID " + std::to_string(*last_event_id) +
                               " names no event this session sent");
    case HttpSession::Attach::kEnded:
      return request.RespondError(404, "", rpc::kInvalidRequest,
                           "Session not found: it expired or was deleted; send initialize "
                           "without Mcp-Session-Id to start a new one");
  }
  std::optional<StreamLimits::Slot> slot = TakeStreamSlot(request);
  if (!slot) return;
  std::shared_ptr<ResponseStream> sse = request.OpenSse(options_.sse_keepalive);
  if (session->AttachStream(sse, last_event_id) != HttpSession::Attach::kAttached) {
    return sse->End();  // another stream won the race, or the session ended
  }
  request.exchange->OnClientGone(
      [session, stream = sse.get(), slot = std::move(*slot)] { session->DetachStream(stream); });
}

void StreamableHttp::EndSession(Endpoint& request) {
  std::optional<std::string_view> id = request.head().header(kSessionHeader);
  if (!id) {
    return request.RespondError(400, "", rpc::kInvalidRequest,
                         "Bad Request: DELETE ends a session; send its Mcp-Session-Id header");
  }
  std::shared_ptr<HttpSession> session = sessions_.Find(*id);
  if (session == nullptr || session->tenant() != TenantKey(request.tenant) ||
      !sessions_.Remove(*id)) {
    return request.RespondError(404, "", rpc::kInvalidRequest,
                         "Session not found: it expired or was already deleted");
  }
  request.Respond(HttpAnswer{200, {}, {}, {}});
}

std::shared_ptr<HttpSession> StreamableHttp::RequireSession(Endpoint& request,
                                                            std::string_view id_json) {
  std::optional<std::string_view> id = request.head().header(kSessionHeader);
  if (!id) {
    request.RespondError(400, id_json, rpc::kInvalidRequest,
                  "Bad Request: the Mcp-Session-Id header is required; send initialize first to "
                  "start a session");
    return nullptr;
  }
  std::shared_ptr<HttpSession> session = sessions_.Find(*id);
  if (session != nullptr && session->tenant() != TenantKey(request.tenant)) session = nullptr;
  if (session == nullptr) {
    request.RespondError(404, id_json, rpc::kInvalidRequest,
                  "Session not found: it expired or was deleted; send initialize without "
                  "Mcp-Session-Id to start a new one");
  }
  return session;
}

void StreamableHttp::EndStreams() {
  std::map<const OpenListen*, std::shared_ptr<OpenListen>> listens;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    listens.swap(listens_);
  }
  stop_.notify_all();
  for (auto& [key, listen] : listens) {
    listen->listener.reset();
    const std::string done = R"({"jsonrpc":"2.0","id":)" + listen->id_json +
                             R"(,"result":{"resultType":"complete","_meta":{)"
                             R"("io.modelcontextprotocol/subscriptionId":)" +
                             listen->id_json + "}}}";
    listen->stream->Write(SseEvent(done));
    listen->stream->End();
  }
  sessions_.EndStreams();
}

void StreamableHttp::Sweep() {
  auto period = std::max<std::chrono::seconds>(
      std::chrono::seconds(1),
      std::min<std::chrono::seconds>(options_.session_idle_timeout / 4, std::chrono::seconds(30)));
  uint64_t ended_at_trim = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_.wait_for(lock, period, [this] { return stopping_; })) {
    lock.unlock();
    if (size_t expired = sessions_.ExpireIdle(); expired > 0) {
      HostLog().Debug("idle sessions ended", {{"count", std::to_string(expired)}});
    }
    // glibc keeps freed memory in its arenas, so a burst of abandoned
    // sessions would otherwise hold the process's RSS at its peak.
    if (uint64_t ended = sessions_.ended(); ended - ended_at_trim >= kSessionsEndedPerTrim) {
#ifdef __GLIBC__
      malloc_trim(0);
#endif
      ended_at_trim = ended;
    }
    lock.lock();
  }
}

}  // namespace odmcp
