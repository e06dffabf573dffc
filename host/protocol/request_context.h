// The context of one MCP request: who is asking, in which era, and how to
// reach them before the reply (progress, client logs).
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

#include "host/protocol/versions.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

class ClientRequests;

// Messages that belong to one in-flight request and precede its reply,
// implemented by each transport (a line on stdout, an event on the
// request's SSE stream).
class RequestChannel {
 public:
  virtual ~RequestChannel() = default;
  // Sends one serialized JSON-RPC message. Thread-safe. Returns false if it
  // could not be delivered (the client left, or this request cannot stream).
  virtual bool Send(std::string_view message_json) = 0;
};

// A channel for requests whose reply cannot be preceded by anything.
class NoChannel final : public RequestChannel {
 public:
  bool Send(std::string_view) override { return false; }
};

// Set by a transport when the client cancels a request; read by the call.
class Cancellation {
 public:
  void Cancel() { cancelled_.store(true, std::memory_order_release); }
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> cancelled_{false};
};

// The key/value pairs a client session keeps for plugins
// (ODMCP_SCOPE_SESSION); gone when the session ends.
class SessionValues {
 public:
  std::optional<std::string> Get(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& key, std::string value) {
    std::lock_guard lock(mutex_);
    values_[key] = std::move(value);
  }
  bool Erase(const std::string& key) {
    std::lock_guard lock(mutex_);
    return values_.erase(key) > 0;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> values_;
};

// Who a stdio connection is: set at start from ODMCP_MASTER_KEY, or later
// by a tool through odmcp_session_api::use_master_key; read by each of the
// connection's requests.
class ConnectionIdentity {
 public:
  std::shared_ptr<const Tenant> tenant() const {
    std::lock_guard lock(mutex_);
    return tenant_;
  }
  void set_tenant(std::shared_ptr<const Tenant> tenant) {
    std::lock_guard lock(mutex_);
    tenant_ = std::move(tenant);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Tenant> tenant_;
};

// The resource URIs a legacy session subscribed to (resources/subscribe).
class ResourceSubscriptions {
 public:
  void Add(std::string_view uri) {
    std::lock_guard lock(mutex_);
    uris_.emplace(uri);
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

struct RequestContext {
  Era era = Era::kLegacy;
  std::string protocol_version;
  std::shared_ptr<ClientSession> session;  // legacy era only
  std::string client_name;
  std::string client_version;
  // The client's declared capabilities: per request in the stateless era,
  // from initialize in the legacy era.
  std::string client_capabilities_json = "{}";
  int32_t client_log_level = -1;  // -1: the client gets no notifications/message
  std::string correlation_id;
  RequestChannel* channel = nullptr;  // never null while a request runs
  std::shared_ptr<Cancellation> cancellation;
  // The authenticated tenant, or null (no tenants, or not yet on stdio).
  std::shared_ptr<const Tenant> tenant;
  // stdio only: the connection's identity, which a tool may set.
  std::shared_ptr<ConnectionIdentity> connection;
  // Legacy era: where the client's answers to requests the host sends it
  // through `channel` arrive; null if this request's transport cannot
  // route them.
  ClientRequests* client_requests = nullptr;
  // Set by the Engine when the result asks the client for input (2026 era).
  bool input_required = false;
};

// Fills `context` for a request of an initialized legacy session.
inline void BindLegacySession(RequestContext& context, std::shared_ptr<ClientSession> session) {
  context.era = Era::kLegacy;
  context.protocol_version = session->protocol_version;
  context.client_name = session->client_name;
  context.client_version = session->client_version;
  context.client_capabilities_json = session->capabilities_json;
  context.client_log_level = session->log_level.load();
  context.session = std::move(session);
}

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_REQUEST_CONTEXT_H_
