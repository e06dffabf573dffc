// The context of one MCP request: what its call sees (CallContext: who is
// asking, in which era, how to reach them before the reply), and what only
// the protocol layer uses (the legacy session, the channel that carries
// requests to the client and routes their answers back).
#ifndef ODMCP_HOST_PROTOCOL_REQUEST_CONTEXT_H_
#define ODMCP_HOST_PROTOCOL_REQUEST_CONTEXT_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "host/auth/tool_grant.h"
#include "host/plugins/call_context.h"
#include "host/protocol/jsonrpc.h"
#include "host/protocol/versions.h"

namespace odmcp {

class ClientRequests;

// Messages that belong to one in-flight request and precede its reply,
// implemented by each transport binding (a line on stdout, an event on the
// request's SSE stream). It carries the call's notifications too.
class RequestChannel : public CallNotifier {
 public:
  // Sends one serialized JSON-RPC message. Thread-safe. Returns false if it
  // could not be delivered (the client left, or this request cannot stream).
  virtual bool Send(std::string_view message_json) = 0;
  bool Notify(std::string_view method, std::string_view params_json) final {
    return Send(Notification(method, params_json));
  }
};

// A channel for requests whose reply cannot be preceded by anything.
class NoChannel final : public RequestChannel {
 public:
  bool Send(std::string_view) override { return false; }
};

// The resource URIs a legacy session subscribed to (resources/subscribe).
class ResourceSubscriptions {
 public:
  // False, adding nothing, if `uri` is new and `max` are held already.
  bool Add(std::string_view uri, size_t max) {
    std::lock_guard lock(mutex_);
    if (uris_.size() >= max && uris_.find(uri) == uris_.end()) return false;
    uris_.emplace(uri);
    return true;
  }
  void Remove(std::string_view uri) {
    std::lock_guard lock(mutex_);
    if (auto it = uris_.find(uri); it != uris_.end()) uris_.erase(it);
  }
  bool Contains(std::string_view uri) const {
    std::lock_guard lock(mutex_);
    return uris_.find(uri) != uris_.end();
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string, std::less<>> uris_;
};

// A legacy-era client, from its initialize request until its session ends:
// one per Mcp-Session-Id on HTTP, one per stdio connection.
//
// Thread safety: fields are written once by Engine::Initialize, before the
// session is shared; log_level may change at any time.
struct ClientSession {
  std::string protocol_version;
  std::string client_name;
  std::string client_version;
  std::string capabilities_json = "{}";
  // It declared a capability the host may ask it to use (elicitation,
  // sampling, roots), so a call may need to send it requests.
  bool answers_requests = false;
  // The minimum level of notifications/message the client asked for
  // (logging/setLevel), or -1 until it asks.
  std::atomic<int32_t> log_level{-1};
  SessionValues values;
  ResourceSubscriptions subscriptions;
};

struct RequestContext : CallContext {
  std::shared_ptr<ClientSession> session;  // legacy era only
  RequestChannel* channel = nullptr;       // never null while a request runs
  // Legacy era: where the client's answers to requests the host sends it
  // through `channel` arrive; null if this request's transport cannot
  // route them.
  ClientRequests* client_requests = nullptr;
  // Set by the Engine when the result asks the client for input (2026 era).
  bool input_required = false;
  // The tools an access token's scopes allow; null for every tool (a
  // master key, stdio, a host without tenants).
  std::shared_ptr<const ToolGrant> grant;

  // Messages before the reply, the call's notifications among them, go
  // through `c`.
  void set_channel(RequestChannel* c) {
    channel = c;
    notifier = c;
  }
};

// Fills `context` for a request of an initialized legacy session.
inline void BindLegacySession(RequestContext& context, std::shared_ptr<ClientSession> session) {
  context.era = Era::kLegacy;
  context.protocol_version = session->protocol_version;
  context.client_name = session->client_name;
  context.client_version = session->client_version;
  context.client_capabilities_json = session->capabilities_json;
  context.client_log_level = session->log_level.load();
  context.session_values = &session->values;
  context.session = std::move(session);
}

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_REQUEST_CONTEXT_H_
