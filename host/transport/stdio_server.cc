#include "host/transport/stdio_server.h"

#include <poll.h>
#include <rapidjson/error/en.h>
#include <unistd.h>

#include <cerrno>

#include "host/common/json.h"
#include "host/common/random.h"
#include "host/protocol/jsonrpc.h"
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
      // The host sends no requests to stdio clients yet; nothing to match.
      HostLog().Debug("ignoring a response from the client", {{"id", m.id_json}});
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
    if (!session->protocol_version.empty()) session_ = std::move(session);
    writer_.Write(reply.body);
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
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = in_flight_.find(ToJson(*id));
  if (it != in_flight_.end()) it->second->Cancel();
}

}  // namespace odmcp
