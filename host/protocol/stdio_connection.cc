#include "host/protocol/stdio_connection.h"

#include "host/protocol/jsonrpc.h"
#include "host/protocol/listen.h"
#include "host/services/log.h"

namespace odmcp {
namespace {

// Writes a request's notifications straight to the output, ahead of its
// reply (which the same worker writes afterwards).
class LineChannel final : public RequestChannel {
 public:
  explicit LineChannel(LineOutput& output) : output_(output) {}
  bool Send(std::string_view message_json) override {
    output_.WriteLine(message_json);
    return true;
  }

 private:
  LineOutput& output_;
};

std::string Error(std::string_view id_json, int code, std::string message) {
  return ErrorResponse(id_json, RpcError{code, std::move(message), {}});
}

}  // namespace

StdioConnection::StdioConnection(Dispatcher& dispatcher, LineOutput& output,
                                 std::shared_ptr<ConnectionIdentity> identity)
    : dispatcher_(dispatcher), output_(output), identity_(std::move(identity)) {}

StdioConnection::~StdioConnection() { Close(); }

std::function<void()> StdioConnection::OnLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return {};
  auto message = std::make_shared<Admitted>(dispatcher_.Admit(line, nullptr));
  switch (message->kind) {
    case Admitted::Kind::kRefused:
      output_.WriteLine(message->refusal.body);
      return {};
    case Admitted::Kind::kBatch:
      return [this, message] {
        RequestContext base;
        if (std::shared_ptr<ClientSession> s = session()) BindLegacySession(base, std::move(s));
        if (identity_ != nullptr) {
          base.connection = identity_;
          base.tenant = identity_->tenant();
        }
        Reply reply = dispatcher_.AnswerBatch(*message, base,
                                              [this](const std::string& id) { Cancel(id); });
        if (!reply.body.empty()) output_.WriteLine(reply.body);
      };
    case Admitted::Kind::kResponse:
      if (!client_requests_.Resolve(message->request.id_json, *message->doc)) {
        HostLog().Debug("ignoring a response that answers no request",
                        {{"id", message->request.id_json.substr(0, 100)}});
      }
      return {};
    case Admitted::Kind::kNotification:
      if (!message->cancels.empty()) Cancel(message->cancels);
      return {};
    case Admitted::Kind::kInitialize:
      Initialize(*message);
      return {};
    case Admitted::Kind::kListen:
      Listen(*message);
      return {};
    case Admitted::Kind::kRequest:
      break;
  }
  const std::shared_ptr<ClientSession> s = session();
  const std::string& id = message->request.id_json;
  if (message->era == Era::kStateless && s != nullptr) {
    output_.WriteLine(Error(id, rpc::kMethodNotFound,
                            "Method not found: this connection was initialized with protocol " +
                                s->protocol_version +
                                "; requests carrying a 2026-07-28 _meta are not accepted on it"));
    return {};
  }
  if (message->era == Era::kLegacy && s == nullptr) {
    output_.WriteLine(message->request.method == "ping"
                          ? R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})"
                          : Error(id, rpc::kInvalidRequest,
                                  "Invalid request: send initialize first (or use protocol "
                                  "2026-07-28, which needs no handshake, by adding "
                                  "params._meta)"));
    return {};
  }
  auto cancellation = std::make_shared<Cancellation>();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_[id] = cancellation;
  }
  return [this, message, cancellation] { Run(*message, cancellation); };
}

void StdioConnection::OnOversizedLine(int64_t limit) {
  output_.WriteLine(Error("", rpc::kInvalidRequest,
                          "Invalid request: the message is larger than the " +
                              std::to_string(limit) + "-byte limit (server.max_message_bytes)"));
}

void StdioConnection::Run(Admitted& message, const std::shared_ptr<Cancellation>& cancellation) {
  LineChannel channel(output_);
  RequestContext& context = message.context;
  if (message.era == Era::kLegacy) {
    BindLegacySession(context, session());
    context.client_requests = &client_requests_;
  }
  context.set_channel(&channel);
  context.cancellation = cancellation;
  if (identity_ != nullptr) {
    context.connection = identity_;
    context.tenant = identity_->tenant();
  }
  Reply reply = dispatcher_.Answer(message);
  bool cancelled;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_.erase(message.request.id_json);
    cancelled = cancellation->cancelled();
  }
  // A cancelled request gets no reply (MCP cancellation).
  if (!cancelled) output_.WriteLine(reply.body);
}

void StdioConnection::Initialize(Admitted& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (session_ != nullptr) {
    output_.WriteLine(Error(message.request.id_json, rpc::kInvalidRequest,
                            "Invalid request: this connection is already initialized"));
    return;
  }
  auto session = std::make_shared<ClientSession>();
  Reply reply = dispatcher_.engine().Initialize(message.request, session);
  output_.WriteLine(reply.body);
  if (!session->protocol_version.empty()) {
    session_ = std::move(session);
    session_listener_ = std::make_unique<HubListener>(
        dispatcher_.engine().notifications(),
        [this](const Change& change) { DeliverToSession(change); });
  }
}

void StdioConnection::Cancel(const std::string& id_json) {
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

void StdioConnection::Listen(Admitted& message) {
  if (session() != nullptr) {
    output_.WriteLine(Error(message.request.id_json, rpc::kMethodNotFound,
                            "Method not found: this connection was initialized with a 2025-era "
                            "protocol; subscriptions/listen is part of 2026-07-28"));
    return;
  }
  const std::string id = message.request.id_json;
  output_.WriteLine(ListenAcknowledgement(message.filter, id));
  auto listener = std::make_unique<HubListener>(
      dispatcher_.engine().notifications(),
      [this, filter = message.filter, id](const Change& change) {
        if (filter.Wants(change)) output_.WriteLine(ChangeNotification(change, id));
      });
  std::lock_guard<std::mutex> lock(mutex_);
  // A listen that reuses the id of an open one replaces it; the old
  // listener is destroyed after the lock is released.
  listens_[id].swap(listener);
}

void StdioConnection::Close() {
  client_requests_.Close();
  // Destroyed after the lock is released: a listener being called may be
  // waiting for the lock, and removing it waits for that call.
  std::unique_ptr<HubListener> session_listener;
  std::map<std::string, std::unique_ptr<HubListener>> listens;
  std::lock_guard<std::mutex> lock(mutex_);
  session_listener = std::move(session_listener_);
  listens.swap(listens_);
}

void StdioConnection::DeliverToSession(const Change& change) {
  std::shared_ptr<ClientSession> s = session();
  if (s == nullptr) return;
  if (change.kind == ChangeKind::kResourceUpdated && !s->subscriptions.Contains(change.uri)) return;
  output_.WriteLine(ChangeNotification(change));
}

std::shared_ptr<ClientSession> StdioConnection::session() {
  std::lock_guard<std::mutex> lock(mutex_);
  return session_;
}

}  // namespace odmcp
