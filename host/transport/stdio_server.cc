#include "host/transport/stdio_server.h"

#include <poll.h>
#include <rapidjson/error/en.h>
#include <unistd.h>

#include <cerrno>

#include "host/common/json.h"
#include "host/common/random.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/listen.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

// Writes a request's notifications straight to the output, ahead of its
// reply (which the same worker writes afterwards).
class StdioChannel final : public RequestChannel {
 public:
  explicit StdioChannel(LineWriter& writer) : writer_(writer) {}
  bool Send(std::string_view message_json) override {
    writer_.Write(message_json);
    return true;
  }

 private:
  LineWriter& writer_;
};

std::string Error(std::string_view id_json, int code, std::string message) {
  return ErrorResponse(id_json, RpcError{code, std::move(message), {}});
}

}  // namespace

StdioServer::StdioServer(Engine& engine, int input_fd, int output_fd, StdioOptions options)
    : engine_(engine),
      input_fd_(input_fd),
      options_(options),
      writer_(output_fd),
      pool_(1, static_cast<size_t>(options.workers)) {
  if (::pipe(wake_pipe_) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
}

StdioServer::~StdioServer() {
  for (int fd : wake_pipe_) {
    if (fd >= 0) ::close(fd);
  }
}

void StdioServer::Stop() {
  if (wake_pipe_[1] >= 0) {
    char byte = 0;
    [[maybe_unused]] ssize_t n = ::write(wake_pipe_[1], &byte, 1);
  }
}

void StdioServer::Run() {
  std::string line;
  bool oversized = false;
  char buffer[64 * 1024];
  for (;;) {
    pollfd fds[2] = {{input_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    int ready = ::poll(fds, wake_pipe_[0] >= 0 ? 2 : 1, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || (fds[1].revents & POLLIN)) break;
    ssize_t n = ::read(input_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      char c = buffer[i];
      if (c == '\n') {
        if (oversized) {
          writer_.Write(Error("", rpc::kInvalidRequest,
                              "Invalid request: the message is larger than the " +
                                  std::to_string(options_.max_message_bytes) +
                                  "-byte limit (server.max_message_bytes)"));
          oversized = false;
        } else {
          HandleLine(std::move(line));
        }
        line.clear();
      } else if (!oversized) {
        line.push_back(c);
        if (static_cast<int64_t>(line.size()) > options_.max_message_bytes) {
          oversized = true;
          line.clear();
          line.shrink_to_fit();
        }
      }
    }
  }
  if (!line.empty() && !oversized) HandleLine(std::move(line));
  // Nobody is left to answer the host's requests, or to hear changes.
  client_requests_.Close();
  {
    // Destroyed after the lock is released: a listener being called may be
    // waiting for the lock, and removing it waits for that call.
    std::unique_ptr<HubListener> session_listener;
    std::map<std::string, std::unique_ptr<HubListener>> listens;
    std::lock_guard<std::mutex> lock(mutex_);
    session_listener = std::move(session_listener_);
    listens.swap(listens_);
  }
  pool_.Shutdown();
  writer_.Close();
}

void StdioServer::HandleLine(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find_first_not_of(" \t") == std::string::npos) return;
  auto doc = std::make_shared<rapidjson::Document>();
  doc->Parse(line.data(), line.size());
  if (doc->HasParseError()) {
    writer_.Write(Error("", rpc::kParseError,
                        std::string("Parse error: ") + rapidjson::GetParseError_En(doc->GetParseError()) +
                            " (at byte " + std::to_string(doc->GetErrorOffset()) + ")"));
    return;
  }
  if (doc->IsArray()) {
    pool_.Submit([this, doc] { AnswerBatch(*doc); });
    return;
  }
  // Everything but the work of a request happens here, on the reader thread,
  // in input order: initialize pins the era before the next line is read, a
  // request is in flight before a cancellation that follows it is seen.
  IncomingMessage m = ClassifyMessage(*doc);
  switch (m.kind) {
    case MessageKind::kInvalid:
      writer_.Write(ErrorResponse(m.id_json, m.error));
      return;
    case MessageKind::kResponse:
      if (!client_requests_.Resolve(m.id_json, *doc)) {
        HostLog().Debug("ignoring a response that answers no request", {{"id", m.id_json}});
      }
      return;
    case MessageKind::kNotification:
      Notify(m.method, m.params);
      return;
    case MessageKind::kRequest:
      break;
  }
  Request request{m.method, m.id_json, m.params};
  if (m.method == "initialize" && !Engine::ClaimsStatelessEra(request)) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (session_ != nullptr) {
      writer_.Write(Error(m.id_json, rpc::kInvalidRequest,
                          "Invalid request: this connection is already initialized"));
      return;
    }
    auto session = std::make_shared<ClientSession>();
    Reply reply = engine_.Initialize(request, session);
    writer_.Write(reply.body);
    if (!session->protocol_version.empty()) {
      session_ = std::move(session);
      session_listener_ = std::make_unique<HubListener>(
          engine_.notifications(), [this](const Change& change) { DeliverToSession(change); });
    }
    return;
  }
  if (m.method == kListenMethod && Engine::ClaimsStatelessEra(request)) {
    Listen(request);
    return;
  }
  auto cancellation = std::make_shared<Cancellation>();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_[m.id_json] = cancellation;
  }
  pool_.Submit([this, doc, request, cancellation] {
    std::string reply = AnswerRequest(request, cancellation);
    bool cancelled;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      in_flight_.erase(request.id_json);
      cancelled = cancellation->cancelled();
    }
    // A cancelled request gets no reply (MCP cancellation).
    if (!cancelled) writer_.Write(reply);
  });
}

void StdioServer::AnswerBatch(const rapidjson::Value& batch) {
  std::shared_ptr<ClientSession> s = session();
  if (s == nullptr || s->protocol_version != "2025-03-26") {
    writer_.Write(Error("", rpc::kInvalidRequest,
                        "Invalid request: JSON-RPC batches are accepted only by sessions of "
                        "protocol version 2025-03-26"));
    return;
  }
  std::string replies;
  for (const rapidjson::Value& message : batch.GetArray()) {
    IncomingMessage m = ClassifyMessage(message);
    std::string reply;
    if (m.kind == MessageKind::kInvalid) {
      reply = ErrorResponse(m.id_json, m.error);
    } else if (m.kind == MessageKind::kNotification) {
      Notify(m.method, m.params);
    } else if (m.kind == MessageKind::kRequest && m.method == "initialize") {
      reply = Error(m.id_json, rpc::kInvalidRequest,
                    "Invalid request: initialize cannot be part of a batch");
    } else if (m.kind == MessageKind::kRequest) {
      reply = AnswerRequest(Request{m.method, m.id_json, m.params}, std::make_shared<Cancellation>());
    }
    if (!reply.empty()) replies += (replies.empty() ? "[" : ",") + reply;
  }
  if (!replies.empty()) writer_.Write(replies + "]");
}

std::shared_ptr<ClientSession> StdioServer::session() {
  std::lock_guard<std::mutex> lock(mutex_);
  return session_;
}

std::string StdioServer::AnswerRequest(const Request& request,
                                       std::shared_ptr<Cancellation> cancellation) {
  StdioChannel channel(writer_);
  RequestContext context;
  context.correlation_id = NextCorrelationId();
  context.channel = &channel;
  context.cancellation = std::move(cancellation);
  if (options_.identity != nullptr) {
    context.connection = options_.identity;
    context.tenant = options_.identity->tenant();
  }
  std::shared_ptr<ClientSession> s = session();
  if (Engine::ClaimsStatelessEra(request)) {
    if (s != nullptr) {
      return Error(request.id_json, rpc::kMethodNotFound,
                   "Method not found: this connection was initialized with protocol " +
                       s->protocol_version +
                       "; requests carrying a 2026-07-28 _meta are not accepted on it");
    }
    if (auto bad = engine_.ReadEnvelope(request, context)) return bad->body;
    if (auto unsupported = engine_.CheckVersion(request, context.protocol_version)) {
      return unsupported->body;
    }
    return engine_.HandleStateless(request, context).body;
  }
  if (s != nullptr) {
    BindLegacySession(context, std::move(s));
    context.client_requests = &client_requests_;
    return engine_.HandleLegacy(request, context).body;
  }
  if (request.method == "ping") return R"({"jsonrpc":"2.0","id":)" + request.id_json + R"(,"result":{}})";
  return Error(request.id_json, rpc::kInvalidRequest,
               "Invalid request: send initialize first (or use protocol 2026-07-28, which needs "
               "no handshake, by adding params._meta)");
}

void StdioServer::Notify(std::string_view method, const rapidjson::Value* params) {
  if (method != "notifications/cancelled" || params == nullptr) return;
  const rapidjson::Value* id = FindMember(*params, "requestId");
  if (id == nullptr || !(id->IsString() || id->IsInt64() || id->IsUint64())) return;
  const std::string id_json = ToJson(*id);
  std::unique_ptr<HubListener> ended;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = in_flight_.find(id_json);
  if (it != in_flight_.end()) it->second->Cancel();
  // Cancelling a listen request ends its stream; its listener goes once
  // the lock is released (a change being delivered may need the lock).
  if (auto listen = listens_.find(id_json); listen != listens_.end()) {
    ended = std::move(listen->second);
    listens_.erase(listen);
  }
}

void StdioServer::Listen(const Request& request) {
  RequestContext context;
  std::string refusal;
  ListenFilter filter;
  if (session() != nullptr) {
    refusal = Error(request.id_json, rpc::kMethodNotFound,
                    "Method not found: this connection was initialized with a 2025-era "
                    "protocol; subscriptions/listen is part of 2026-07-28");
  } else if (auto bad = engine_.ReadEnvelope(request, context)) {
    refusal = bad->body;
  } else if (auto unsupported = engine_.CheckVersion(request, context.protocol_version)) {
    refusal = unsupported->body;
  } else if (std::optional<RpcError> invalid = ReadListenFilter(request, &filter)) {
    refusal = ErrorResponse(request.id_json, *invalid);
  }
  if (!refusal.empty()) {
    writer_.Write(refusal);
    return;
  }
  writer_.Write(ListenAcknowledgement(filter, request.id_json));
  auto listener = std::make_unique<HubListener>(
      engine_.notifications(), [this, filter, id = request.id_json](const Change& change) {
        if (filter.Wants(change)) writer_.Write(ChangeNotification(change, id));
      });
  std::lock_guard<std::mutex> lock(mutex_);
  // A listen that reuses the id of an open one replaces it; the old
  // listener is destroyed after the lock is released.
  listens_[request.id_json].swap(listener);
}

void StdioServer::DeliverToSession(const Change& change) {
  std::shared_ptr<ClientSession> s = session();
  if (s == nullptr) return;
  if (change.kind == ChangeKind::kResourceUpdated && !s->subscriptions.Contains(change.uri)) return;
  writer_.Write(ChangeNotification(change));
}

}  // namespace odmcp
