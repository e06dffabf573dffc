// Authentication of HTTP requests by tenant master key.
//
// The key comes as "Authorization: Bearer <key>" or, for clients that
// cannot set headers, "?token=<key>" (unless disabled). A missing or wrong
// key gets 401 with WWW-Authenticate and the same message either way, so
// the answer tells nothing about which tenants exist. An address that
// fails more than failures_per_minute times in a minute gets 429 with
// Retry-After, before its key is even looked at, until the minute is over.
//
// Thread safety: Authenticate may be called from any thread.
#ifndef ODMCP_HOST_TRANSPORT_HTTP_AUTH_H_
#define ODMCP_HOST_TRANSPORT_HTTP_AUTH_H_

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "host/services/tenants/tenant.h"

namespace odmcp {

class TenantStore;

struct HttpAuthOptions {
  bool allow_token_query = true;
  int failures_per_minute = 10;
};

class HttpAuthenticator {
 public:
  HttpAuthenticator(TenantStore& tenants, HttpAuthOptions options)
      : tenants_(tenants), options_(options) {}

  // The request's tenant, or null after writing the refusal (401, 429, or
  // 503 if the database failed) to `res`.
  std::shared_ptr<const Tenant> Authenticate(const httplib::Request& req, httplib::Response& res);

 private:
  struct Failures {
    int64_t window_start_ms = 0;
    int count = 0;
  };

  // Seconds until `address` may try again, or 0.
  int64_t BlockedFor(const std::string& address, int64_t now_ms);
  void RecordFailure(const std::string& address, int64_t now_ms);

  TenantStore& tenants_;
  const HttpAuthOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_HTTP_AUTH_H_
