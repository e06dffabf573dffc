#include "host/transport/http_auth.h"

#include "host/common/clock.h"
#include "host/protocol/jsonrpc.h"
#include "host/services/log.h"
#include "host/services/tenants/tenant_store.h"
#include "host/transport/mcp_endpoint.h"

namespace odmcp {
namespace {

constexpr int64_t kWindowMs = 60 * 1000;
// Beyond this many tracked addresses, expired windows are swept first.
constexpr size_t kSweepAbove = 10000;

void Refuse(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(ErrorResponse("", RpcError{rpc::kInvalidRequest, message, {}}),
                  kJsonContentType);
}

}  // namespace

std::shared_ptr<const Tenant> HttpAuthenticator::Authenticate(const httplib::Request& req,
                                                              httplib::Response& res) {
  const int64_t now = UnixMillis();
  if (int64_t wait_s = BlockedFor(req.remote_addr, now); wait_s > 0) {
    res.set_header("Retry-After", std::to_string(wait_s));
    Refuse(res, 429,
           "Too Many Requests: too many failed authentications from this address; try again in " +
               std::to_string(wait_s) + " s");
    return nullptr;
  }
  std::string key;
  bool offered = false;
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.size() > 7 && (authorization.compare(0, 7, "Bearer ") == 0 ||
                                   authorization.compare(0, 7, "bearer ") == 0)) {
    key = authorization.substr(7);
    offered = true;
  } else if (options_.allow_token_query && req.has_param("token")) {
    key = req.get_param_value("token");
    offered = true;
  }
  if (offered) {
    AuthOutcome outcome = tenants_.Authenticate(key);
    if (outcome.status == AuthStatus::kOk) return outcome.tenant;
    if (outcome.status == AuthStatus::kError) {
      HostLog().Error("authentication failed on a database error", {{"error", outcome.error}});
      Refuse(res, 503, "Service Unavailable: the server cannot check credentials right now");
      return nullptr;
    }
    RecordFailure(req.remote_addr, now);
    HostLog().Warning("authentication failed", {{"address", req.remote_addr}});
  }
  res.set_header("WWW-Authenticate",
                 offered ? R"(Bearer realm="orderdesk-mcp", error="invalid_token")"
                         : R"(Bearer realm="orderdesk-mcp")");
  Refuse(res, 401,
         std::string("Unauthorized: send your tenant master key as \"Authorization: Bearer <key>\"") +
             (options_.allow_token_query ? " or as ?token=<key>" : ""));
  return nullptr;
}

int64_t HttpAuthenticator::BlockedFor(const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(address);
  if (it == failures_.end()) return 0;
  const int64_t window_end = it->second.window_start_ms + kWindowMs;
  if (now_ms >= window_end) {
    failures_.erase(it);
    return 0;
  }
  if (it->second.count < options_.failures_per_minute) return 0;
  return (window_end - now_ms + 999) / 1000;
}

void HttpAuthenticator::RecordFailure(const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (failures_.size() > kSweepAbove) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      it = now_ms >= it->second.window_start_ms + kWindowMs ? failures_.erase(it) : std::next(it);
    }
  }
  Failures& f = failures_[address];
  if (f.count == 0 || now_ms >= f.window_start_ms + kWindowMs) f = {now_ms, 0};
  ++f.count;
}

}  // namespace odmcp
