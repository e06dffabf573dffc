// MasterKeyAuthenticator: authentication of HTTP requests by tenant master
// key.
//
// The key comes as "Authorization: Bearer <key>" or, for clients that
// cannot set headers, "?token=<key>" (unless disabled). A missing or wrong
// key is refused with 401 and WWW-Authenticate, and the same message either
// way, so the answer tells nothing about which tenants exist. An address
// that fails more than failures_per_minute times in a minute has each
// further wrong key refused with 429 and Retry-After until the minute is
// over; a key that verifies is accepted whatever its address did, so users
// behind one proxy or NAT cannot lock each other out. Too many keys being
// verified at once (TenantStore, KeyChecks) gets 503 with Retry-After.
//
// Thread safety: Authenticate may be called from any thread.
#ifndef ODMCP_HOST_AUTH_MASTER_KEY_AUTH_H_
#define ODMCP_HOST_AUTH_MASTER_KEY_AUTH_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "host/auth/tool_grant.h"
#include "host/common/clock.h"
#include "host/services/log_throttle.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

class TenantStore;

struct MasterKeyAuthOptions {
  bool allow_token_query = true;
  int failures_per_minute = 10;
};

// Why a request is refused, for the HTTP binding to answer with.
struct AuthRefusal {
  int status = 401;
  std::string message;
  std::vector<std::pair<std::string, std::string>> headers;  // WWW-Authenticate, Retry-After
};

// The request's tenant, or why it has none.
struct AuthResult {
  std::shared_ptr<const Tenant> tenant;
  std::optional<AuthRefusal> refusal;
  // The tools an access token's scopes allow; null for every tool (a
  // master key).
  std::shared_ptr<const ToolGrant> grant;
};

class MasterKeyAuthenticator {
 public:
  MasterKeyAuthenticator(TenantStore& tenants, MasterKeyAuthOptions options)
      : tenants_(tenants), options_(options) {}

  // `authorization`: the Authorization header, if any; `query_token`: the
  // decoded ?token= parameter, if any; `address`: the client's address.
  AuthResult Authenticate(std::optional<std::string_view> authorization,
                          std::optional<std::string> query_token, const std::string& address);

  bool allow_token_query() const { return options_.allow_token_query; }
  // scrypt runs of the tenant store since start, for /metrics.
  uint64_t key_derivations() const;

 private:
  struct Failures {
    int64_t window_start_ms = 0;
    int count = 0;
  };

  // Seconds until `address` may try again, or 0.
  int64_t BlockedFor(const std::string& address, int64_t now_ms);
  void RecordFailure(const std::string& address, int64_t now_ms);

  TenantStore& tenants_;
  const MasterKeyAuthOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
  // Wrong keys: anyone can send them.
  LogThrottle failure_log_{SteadyMillis()};
};

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_MASTER_KEY_AUTH_H_
