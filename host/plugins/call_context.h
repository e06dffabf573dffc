// What a plugin's call sees of the request it serves, whatever carried it
// and in whichever protocol era: who asks, what the client declared, how to
// reach the client before the reply, and whether the call was cancelled.
// The protocol layer builds it (RequestContext derives from it); the ABI's
// call functions (tool_call.h) read it.
#ifndef ODMCP_HOST_PLUGINS_CALL_CONTEXT_H_
#define ODMCP_HOST_PLUGINS_CALL_CONTEXT_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/trace_context.h"
#include "host/plugins/connection_identity.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

// The two protocol eras: the stateful one of initialize and sessions
// (2024-11-05 to 2025-11-25), and the stateless 2026-07-28.
enum class Era { kLegacy, kStateless };

inline std::string_view EraName(Era era) { return era == Era::kLegacy ? "legacy" : "stateless"; }

// Set when the client cancels a request (or leaves); read by its call.
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

// Where a call's notifications to its client go (progress, log messages),
// worded and carried by the protocol layer.
class CallNotifier {
 public:
  virtual ~CallNotifier() = default;
  // Sends notification `method` with `params_json` (a JSON object).
  // Thread-safe. False if it could not be delivered.
  virtual bool Notify(std::string_view method, std::string_view params_json) = 0;
};

struct CallContext {
  // The client's X-Request-ID (header or _meta), or one the host made.
  std::string correlation_id;
  // The client's traceparent (header or _meta), or a trace the host began;
  // upstream requests carry it on (trace_context.h).
  Traceparent trace;
  Era era = Era::kLegacy;
  std::string protocol_version;
  std::string client_name;
  std::string client_version;
  // The client's declared capabilities: per request in the stateless era,
  // from initialize in the legacy era.
  std::string client_capabilities_json = "{}";
  int32_t client_log_level = -1;  // -1: the client gets no notifications/message
  // The authenticated tenant, or null (no tenants, or not yet on stdio).
  std::shared_ptr<const Tenant> tenant;
  // stdio only: the connection's identity, which a tool may set.
  std::shared_ptr<ConnectionIdentity> connection;
  // The session's values; null for a request without a session.
  SessionValues* session_values = nullptr;
  std::shared_ptr<Cancellation> cancellation;
  CallNotifier* notifier = nullptr;  // never null while a call runs
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_CALL_CONTEXT_H_
