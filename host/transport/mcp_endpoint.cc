#include "host/transport/mcp_endpoint.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "host/common/json.h"
#include "host/common/random.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/listen.h"
#include "host/protocol/notification_hub.h"
#include "host/protocol/versions.h"
#include "host/services/log.h"
#include "host/transport/http_auth.h"
#include "host/transport/stateless_headers.h"

namespace odmcp {
namespace {

constexpr const char* kSessionHeader = "Mcp-Session-Id";

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJsonContentType);
}

void SendError(httplib::Response& res, int status, std::string_view id_json, int code,
               std::string message) {
  SendJson(res, status, ErrorResponse(id_json, RpcError{code, std::move(message), {}}));
}

void Accepted(httplib::Response& res) { res.status = 202; }

std::optional<std::string> Header(const httplib::Request& http, const char* name) {
  if (!http.has_header(name)) return std::nullopt;
  return http.get_header_value(name);
}

std::string SseEvent(std::string_view json) {
  std::string event = "event: message\ndata: ";
  event.append(json);
  event.append("\n\n");
  return event;
}

// Writes a request's messages as SSE events on its response stream. A
// stream the client closed cancels the request: that is how a 2026-era
// client cancels over HTTP, and a legacy client that left wants nothing.
class SseChannel final : public RequestChannel {
 public:
  SseChannel(httplib::DataSink& sink, Cancellation& cancellation)
      : sink_(sink), cancellation_(cancellation) {}
  bool Send(std::string_view message_json) override {
    std::string event = SseEvent(message_json);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!open_) return false;
    open_ = sink_.write(event.data(), event.size());
    if (!open_) cancellation_.Cancel();
    return open_;
  }

 private:
  httplib::DataSink& sink_;
  Cancellation& cancellation_;
  std::mutex mutex_;
  bool open_ = true;
};

}  // namespace

struct McpEndpoint::Call {
  std::shared_ptr<rapidjson::Document> doc;  // owns what `request` points into
  Request request;
  RequestContext context;
  std::shared_ptr<HttpSession> session;  // legacy era only
};

McpEndpoint::McpEndpoint(Engine& engine, SessionTable& sessions,
                         std::chrono::seconds sse_keepalive, HttpAuthenticator* auth)
    : engine_(engine), sessions_(sessions), sse_keepalive_(sse_keepalive), auth_(auth) {}

bool McpEndpoint::Authorize(const httplib::Request& http, httplib::Response& res,
                            TenantPtr* tenant) {
  if (auth_ == nullptr) return true;
  *tenant = auth_->Authenticate(http, res);
  return *tenant != nullptr;
}

McpEndpoint::Accepts McpEndpoint::ParseAccept(const httplib::Request& http) {
  Accepts accepts;
  if (!http.has_header("Accept")) return Accepts{true, true};
  const std::string header = http.get_header_value("Accept");
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    std::string_view item = std::string_view(header).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string type = Lowercase(Trim(item.substr(0, item.find(';'))));
    if (type == "application/json" || type == "application/*") accepts.json = true;
    if (type == "text/event-stream" || type == "text/*") accepts.sse = true;
    if (type == "*/*") accepts = Accepts{true, true};
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return accepts;
}

void McpEndpoint::Post(const httplib::Request& http, httplib::Response& res) {
  TenantPtr tenant;
  if (!Authorize(http, res, &tenant)) return;
  std::string content_type = Lowercase(http.get_header_value("Content-Type"));
  if (content_type.compare(0, 16, "application/json") != 0) {
    return SendError(res, 415, "", rpc::kInvalidRequest,
                     "Unsupported Media Type: POST one JSON-RPC message with Content-Type: "
                     "application/json");
  }
  Accepts accepts = ParseAccept(http);
  if (!accepts.json && !accepts.sse) {
    return SendError(res, 406, "", rpc::kInvalidRequest,
                     "Not Acceptable: the client must accept application/json and "
                     "text/event-stream");
  }
  auto doc = std::make_shared<rapidjson::Document>();
  doc->Parse(http.body.data(), http.body.size());
  if (doc->HasParseError()) {
    return SendError(res, 400, "", rpc::kParseError,
                     std::string("Parse error: ") + rapidjson::GetParseError_En(doc->GetParseError()) +
                         " (at byte " + std::to_string(doc->GetErrorOffset()) + ")");
  }
  if (doc->IsArray()) return PostBatch(http, res, doc, tenant);

  IncomingMessage m = ClassifyMessage(*doc);
  if (m.kind == MessageKind::kInvalid) return SendJson(res, 400, ErrorResponse(m.id_json, m.error));
  std::optional<std::string> version_header = Header(http, "MCP-Protocol-Version");
  const bool modern_header = version_header && !IsLegacyVersion(Trim(*version_header));
  const bool claims_stateless =
      m.kind != MessageKind::kResponse &&
      Engine::ClaimsStatelessEra(Request{m.method, m.id_json, m.params});
  if (claims_stateless || (modern_header && m.kind != MessageKind::kResponse)) {
    // The stateless era has no client notifications over HTTP: accept, drop.
    if (m.kind == MessageKind::kNotification) return Accepted(res);
    if (!claims_stateless) {
      if (m.method == "initialize") {
        return SendError(res, 400, m.id_json, rpc::kHeaderMismatch,
                         "Header mismatch: the MCP-Protocol-Version header names " +
                             std::string(Trim(*version_header)) +
                             ", which has no initialize; omit the header to initialize a "
                             "2025-era session");
      }
      return SendJson(res, 400,
                      ErrorResponse(m.id_json,
                                    RpcError{rpc::kInvalidParams,
                                             "Invalid params: the MCP-Protocol-Version header "
                                             "names " +
                                                 std::string(Trim(*version_header)) +
                                                 ", which needs params._meta with "
                                                 "io.modelcontextprotocol/protocolVersion",
                                             R"({"envelope":{"key":"_meta","problem":"missing"}})"}));
    }
    return PostStateless(http, res, doc, m, accepts, tenant);
  }
  return PostLegacy(http, res, doc, m, accepts, tenant);
}

std::shared_ptr<HttpSession> McpEndpoint::RequireSession(const httplib::Request& http,
                                                         httplib::Response& res,
                                                         std::string_view id_json,
                                                         const TenantPtr& tenant) {
  std::optional<std::string> id = Header(http, kSessionHeader);
  if (!id) {
    SendError(res, 400, id_json, rpc::kInvalidRequest,
              "Bad Request: the Mcp-Session-Id header is required; send initialize first to "
              "start a session");
    return nullptr;
  }
  std::shared_ptr<HttpSession> session = sessions_.Find(*id);
  if (session != nullptr && session->tenant() != TenantKey(tenant)) session = nullptr;
  if (session == nullptr) {
    SendError(res, 404, id_json, rpc::kInvalidRequest,
              "Session not found: it expired or was deleted; send initialize without "
              "Mcp-Session-Id to start a new one");
  }
  return session;
}

void McpEndpoint::PostLegacy(const httplib::Request& http, httplib::Response& res,
                             std::shared_ptr<rapidjson::Document> doc, const IncomingMessage& m,
                             Accepts accepts, const TenantPtr& tenant) {
  Request request{m.method, m.id_json, m.params};
  if (m.kind == MessageKind::kRequest && m.method == "initialize") {
    if (std::optional<std::string> id = Header(http, kSessionHeader);
        id && sessions_.Find(*id) != nullptr) {
      return SendError(res, 400, m.id_json, rpc::kInvalidRequest,
                       "Invalid request: this session is already initialized; send initialize "
                       "without Mcp-Session-Id to start another");
    }
    auto client = std::make_shared<ClientSession>();
    Reply reply = engine_.Initialize(request, client);
    if (!client->protocol_version.empty()) {
      std::shared_ptr<HttpSession> session = sessions_.Create(TenantKey(tenant), client);
      session->ListenForChanges(engine_.notifications());
      res.set_header(kSessionHeader, session->id());
    }
    return SendJson(res, reply.http_status, reply.body);
  }
  std::shared_ptr<HttpSession> session = RequireSession(http, res, m.id_json, tenant);
  if (session == nullptr) return;
  if (m.kind == MessageKind::kResponse) {
    if (!session->client_requests().Resolve(m.id_json, *doc)) {
      HostLog().Debug("ignoring a response that answers no request", {{"id", m.id_json}});
    }
    return Accepted(res);
  }
  if (m.kind == MessageKind::kNotification) {
    if (m.method == "notifications/cancelled" && m.params != nullptr) {
      const rapidjson::Value* id = FindMember(*m.params, "requestId");
      if (id != nullptr && (id->IsString() || id->IsInt64() || id->IsUint64())) {
        session->Cancel(ToJson(*id));
      }
    }
    return Accepted(res);
  }
  auto call = std::make_shared<Call>();
  call->doc = std::move(doc);
  call->request = request;
  call->session = session;
  BindLegacySession(call->context, session->client());
  call->context.tenant = tenant;
  call->context.correlation_id = NextCorrelationId();
  call->context.cancellation = std::make_shared<Cancellation>();
  call->context.client_requests = &session->client_requests();
  session->Track(request.id_json, call->context.cancellation);
  Respond(res, call, accepts.sse && engine_.MayNotify(request, call->context));
}

void McpEndpoint::PostStateless(const httplib::Request& http, httplib::Response& res,
                                std::shared_ptr<rapidjson::Document> doc,
                                const IncomingMessage& m, Accepts accepts,
                                const TenantPtr& tenant) {
  auto call = std::make_shared<Call>();
  call->request = Request{m.method, m.id_json, m.params};
  call->context.tenant = tenant;
  call->context.correlation_id = NextCorrelationId();
  call->context.cancellation = std::make_shared<Cancellation>();
  const Request& request = call->request;
  HeaderLookup headers = [&http](std::string_view name) -> std::optional<std::string> {
    std::string key(name);
    if (!http.has_header(key)) return std::nullopt;
    return http.get_header_value(key);
  };
  auto mismatch = [&](const std::string& problem) {
    SendError(res, 400, request.id_json, rpc::kHeaderMismatch, "Header mismatch: " + problem);
  };
  if (std::optional<Reply> bad = engine_.ReadEnvelope(request, call->context)) {
    return SendJson(res, bad->http_status, bad->body);
  }
  if (auto problem = CheckVersionAndMethodHeaders(headers, request, call->context.protocol_version)) {
    return mismatch(*problem);
  }
  if (std::optional<Reply> bad = engine_.CheckVersion(request, call->context.protocol_version)) {
    return SendJson(res, bad->http_status, bad->body);
  }
  if (auto problem = CheckNameHeader(headers, request)) return mismatch(*problem);
  if (std::optional<Reply> bad = engine_.CheckMethod(request)) {
    return SendJson(res, bad->http_status, bad->body);
  }
  if (request.method == "tools/call") {
    const rapidjson::Value* name = FindMember(*request.params, "name");
    const rapidjson::Value* args = FindMember(*request.params, "arguments");
    std::shared_ptr<const ToolCatalog> catalog = engine_.Tools();
    const ToolRecord* tool =
        name != nullptr && name->IsString() ? catalog->Find(AsView(*name)) : nullptr;
    static const rapidjson::Value kNoArguments(rapidjson::kObjectType);
    if (tool != nullptr) {
      if (auto problem = CheckParamHeaders(headers, *tool,
                                           args != nullptr && args->IsObject() ? *args
                                                                                : kNoArguments)) {
        return mismatch(*problem);
      }
    }
  }
  if (request.method == kListenMethod) {
    if (!accepts.sse) {
      return SendError(res, 406, request.id_json, rpc::kInvalidRequest,
                       "Not Acceptable: subscriptions/listen answers with an event stream; "
                       "send Accept: text/event-stream");
    }
    return Listen(res, request);
  }
  call->doc = std::move(doc);
  Respond(res, call, accepts.sse && engine_.MayNotify(request, call->context));
}

namespace {

// How often a listen stream with nothing to send looks whether the server
// is stopping.
constexpr std::chrono::milliseconds kListenPoll{500};

// The messages of one listen stream, queued by the hub's publishing thread
// and written by the stream's.
class ListenQueue {
 public:
  void Push(std::string message) {
    {
      std::lock_guard lock(mutex_);
      messages_.push_back(std::move(message));
    }
    ready_.notify_all();
  }
  std::vector<std::string> Wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, timeout, [this] { return !messages_.empty(); });
    std::vector<std::string> out(std::make_move_iterator(messages_.begin()),
                                 std::make_move_iterator(messages_.end()));
    messages_.clear();
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> messages_;
};

}  // namespace

void McpEndpoint::Listen(httplib::Response& res, const Request& request) {
  ListenFilter filter;
  if (std::optional<RpcError> invalid = ReadListenFilter(request, &filter)) {
    return SendJson(res, 200, ErrorResponse(request.id_json, *invalid));
  }
  auto queue = std::make_shared<ListenQueue>();
  queue->Push(ListenAcknowledgement(filter, request.id_json));
  auto listener = std::make_shared<HubListener>(
      engine_.notifications(), [queue, filter, id = request.id_json](const Change& change) {
        if (filter.Wants(change)) queue->Push(ChangeNotification(change, id));
      });
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  auto keepalive = sse_keepalive_;
  auto last_write = std::make_shared<std::chrono::steady_clock::time_point>();
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, queue, keepalive, last_write, id = request.id_json](size_t, httplib::DataSink& sink) {
        // The stream ends when the client closes it (the only way a client
        // ends a listen over HTTP) or, gracefully, when the server stops.
        if (streams_ended_.load()) {
          const std::string done = R"({"jsonrpc":"2.0","id":)" + id +
                                   R"(,"result":{"resultType":"complete","_meta":{)"
                                   R"("io.modelcontextprotocol/subscriptionId":)" + id + "}}}";
          const std::string event = SseEvent(done);
          sink.write(event.data(), event.size());
          sink.done();
          return true;
        }
        std::string out;
        for (const std::string& message : queue->Wait(kListenPoll)) out += SseEvent(message);
        const auto now = std::chrono::steady_clock::now();
        if (out.empty() && now - *last_write >= keepalive) out = ": keepalive\n\n";
        if (out.empty()) return sink.is_writable();
        *last_write = now;
        return sink.write(out.data(), out.size());
      },
      [listener](bool) {});
}

void McpEndpoint::Respond(httplib::Response& res, std::shared_ptr<Call> call, bool stream) {
  auto answer = [this](Call& c) {
    Reply reply = c.context.era == Era::kLegacy ? engine_.HandleLegacy(c.request, c.context)
                                                : engine_.HandleStateless(c.request, c.context);
    if (c.session != nullptr) c.session->Untrack(c.request.id_json);
    return reply;
  };
  if (!stream) {
    NoChannel channel;
    call->context.channel = &channel;
    Reply reply = answer(*call);
    return SendJson(res, reply.http_status, reply.body);
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream", [call, answer](size_t, httplib::DataSink& sink) {
        SseChannel channel(sink, *call->context.cancellation);
        call->context.channel = &channel;
        Reply reply = answer(*call);
        // A request the client cancelled gets no reply (MCP cancellation).
        if (!call->context.cancellation->cancelled()) channel.Send(reply.body);
        sink.done();
        return true;
      });
}

void McpEndpoint::PostBatch(const httplib::Request& http, httplib::Response& res,
                            std::shared_ptr<rapidjson::Document> doc, const TenantPtr& tenant) {
  std::shared_ptr<HttpSession> session = RequireSession(http, res, "", tenant);
  if (session == nullptr) return;
  if (session->client()->protocol_version != "2025-03-26") {
    return SendError(res, 400, "", rpc::kInvalidRequest,
                     "Invalid request: JSON-RPC batches are accepted only by sessions of "
                     "protocol version 2025-03-26");
  }
  std::string replies;
  for (const rapidjson::Value& value : doc->GetArray()) {
    IncomingMessage m = ClassifyMessage(value);
    std::string reply;
    if (m.kind == MessageKind::kInvalid) {
      reply = ErrorResponse(m.id_json, m.error);
    } else if (m.kind == MessageKind::kRequest) {
      RequestContext context;
      BindLegacySession(context, session->client());
      context.tenant = tenant;
      context.correlation_id = NextCorrelationId();
      context.cancellation = std::make_shared<Cancellation>();
      NoChannel channel;
      context.channel = &channel;
      reply = m.method == "initialize"
                  ? ErrorResponse(m.id_json, RpcError{rpc::kInvalidRequest,
                                                      "Invalid request: initialize cannot be "
                                                      "part of a batch",
                                                      {}})
                  : engine_.HandleLegacy(Request{m.method, m.id_json, m.params}, context).body;
    } else if (m.kind == MessageKind::kNotification && m.method == "notifications/cancelled") {
      const rapidjson::Value* id = m.params ? FindMember(*m.params, "requestId") : nullptr;
      if (id != nullptr && (id->IsString() || id->IsInt64() || id->IsUint64())) {
        session->Cancel(ToJson(*id));
      }
    }
    if (!reply.empty()) replies += (replies.empty() ? "[" : ",") + reply;
  }
  if (replies.empty()) return Accepted(res);
  SendJson(res, 200, replies + "]");
}

void McpEndpoint::Get(const httplib::Request& http, httplib::Response& res) {
  TenantPtr tenant;
  if (!Authorize(http, res, &tenant)) return;
  std::shared_ptr<HttpSession> session = RequireSession(http, res, "", tenant);
  if (session == nullptr) return;
  if (!ParseAccept(http).sse) {
    return SendError(res, 406, "", rpc::kInvalidRequest,
                     "Not Acceptable: GET opens an event stream; send Accept: text/event-stream");
  }
  if (!session->AttachStream()) {
    return SendError(res, 409, "", rpc::kInvalidRequest,
                     "Conflict: this session already has an open event stream");
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  auto keepalive = sse_keepalive_;
  res.set_chunked_content_provider(
      "text/event-stream",
      [session, keepalive](size_t, httplib::DataSink& sink) {
        std::optional<std::vector<std::string>> messages = session->Wait(keepalive);
        if (!messages) {
          sink.done();
          return true;
        }
        std::string out;
        for (const std::string& message : *messages) out += SseEvent(message);
        // A comment line keeps proxies from closing an idle stream and
        // shows whether the client is still there.
        if (out.empty()) out = ": keepalive\n\n";
        if (!sink.write(out.data(), out.size())) return false;
        session->Touch();
        return true;
      },
      [session](bool) { session->DetachStream(); });
}

void McpEndpoint::Delete(const httplib::Request& http, httplib::Response& res) {
  TenantPtr tenant;
  if (!Authorize(http, res, &tenant)) return;
  std::optional<std::string> id = Header(http, kSessionHeader);
  if (!id) {
    return SendError(res, 400, "", rpc::kInvalidRequest,
                     "Bad Request: DELETE ends a session; send its Mcp-Session-Id header");
  }
  std::shared_ptr<HttpSession> session = sessions_.Find(*id);
  if (session == nullptr || session->tenant() != TenantKey(tenant) || !sessions_.Remove(*id)) {
    return SendError(res, 404, "", rpc::kInvalidRequest,
                     "Session not found: it expired or was already deleted");
  }
  res.status = 200;
}

}  // namespace odmcp
