#include "host/auth/master_key_auth.h"

#include "host/common/clock.h"
#include "host/services/log.h"
#include "host/services/tenants/tenant_store.h"

namespace odmcp {
namespace {

constexpr int64_t kWindowMs = 60 * 1000;
// Beyond this many tracked addresses, expired windows are swept first.
constexpr size_t kSweepAbove = 10000;

}  // namespace

AuthResult MasterKeyAuthenticator::Authenticate(std::optional<std::string_view> authorization,
                                                std::optional<std::string> query_token,
                                                const std::string& address) {
  const int64_t now = UnixMillis();
  std::string key;
  bool offered = false;
  if (authorization && authorization->size() > 7 &&
      (authorization->substr(0, 7) == "Bearer " || authorization->substr(0, 7) == "bearer ")) {
    key = std::string(authorization->substr(7));
    offered = true;
  } else if (options_.allow_token_query && query_token) {
    key = std::move(*query_token);
    offered = true;
  }
  if (offered) {
    // The key is looked at first: one that verifies is never refused for
    // the wrong keys others sent from the same address (a proxy, a NAT).
    AuthOutcome outcome = tenants_.Authenticate(key);
    if (outcome.status == AuthStatus::kOk) return AuthResult{outcome.tenant, std::nullopt, nullptr};
    if (outcome.status == AuthStatus::kBusy) {
      HostLog().Warning("authentication deferred", {{"reason", outcome.error}});
      return AuthResult{
          nullptr,
          AuthRefusal{503, "Service Unavailable: " + outcome.error, {{"Retry-After", "1"}}},
          nullptr};
    }
    if (outcome.status == AuthStatus::kError) {
      HostLog().Error("authentication failed on a database error", {{"error", outcome.error}});
      return AuthResult{
          nullptr,
          AuthRefusal{
              503, "Service Unavailable: the server cannot check credentials right now", {}},
          nullptr};
    }
    if (int64_t wait_s = BlockedFor(address, now); wait_s > 0) {
      RecordFailure(address, now);
      return AuthResult{nullptr,
                        AuthRefusal{429,
                                    "Too Many Requests: too many failed authentications "
                                    "from this address; try again in " +
                                        std::to_string(wait_s) + " s",
                                    {{"Retry-After", std::to_string(wait_s)}}},
                        nullptr};
    }
    RecordFailure(address, now);
    if (uint64_t suppressed = 0; failure_log_.Admit(SteadyMillis(), &suppressed)) {
      HostLog().Warning("authentication failed",
                        {{"address", address}, {"suppressed_before", std::to_string(suppressed)}});
    }
  }
  return AuthResult{
      nullptr,
      AuthRefusal{
          401,
          std::string("Unauthorized: send your tenant master key as \"Authorization: "
                      "Bearer <key>\"") +
              (options_.allow_token_query ? " or as ?token=<key>" : ""),
          {{"WWW-Authenticate", offered ? R"(Bearer realm="orderdesk-mcp", error="invalid_token")"
                                        : R"(Bearer realm="orderdesk-mcp")"}}},
      nullptr};
}

uint64_t MasterKeyAuthenticator::key_derivations() const { return tenants_.key_derivations(); }

int64_t MasterKeyAuthenticator::BlockedFor(const std::string& address, int64_t now_ms) {
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

void MasterKeyAuthenticator::RecordFailure(const std::string& address, int64_t now_ms) {
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
