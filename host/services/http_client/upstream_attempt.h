// One upstream attempt: a single HTTP exchange on one connection, with its
// timeouts and size limit, classified by what failed and whether the
// server may have received the request. Retrying is the caller's business
// (http_client.cc).
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_UPSTREAM_ATTEMPT_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_UPSTREAM_ATTEMPT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "host/services/http_client/connection_pool.h"
#include "host/services/http_client/http_types.h"

namespace odmcp {

struct AttemptSpec {
  const std::string* method = nullptr;
  const std::string* target = nullptr;  // path and query
  const std::vector<HttpHeader>* headers = nullptr;
  const std::vector<HttpHeader>* trace_headers = nullptr;  // may be null
  const std::string* body = nullptr;
  int64_t connect_timeout_ms = 0;  // TCP connect and TLS handshake, > 0
  int64_t read_timeout_ms = 0;     // any single wait to send or receive, > 0
  uint64_t max_response_bytes = 0;
  int64_t deadline_unix_ms = 0;                      // 0 = none
  const std::function<bool()>* cancelled = nullptr;  // may point to an empty function
};

struct AttemptResult {
  enum class Failure {
    kNone,             // `response` is set
    kConnect,          // no TCP connection: nothing was sent
    kTlsHandshake,     // the TLS handshake failed: nothing was sent
    kTlsVerification,  // the server's certificate was refused: nothing was sent
    kTrustStore,       // the CA bundle could not be loaded: nothing was sent
    kExchange,         // sending or receiving failed: the server may have the request
    kTooLarge,         // the body exceeded max_response_bytes
    kCancelled,        // spec.cancelled() returned true while the body arrived
    kDeadline,         // the deadline passed during the attempt
  };
  Failure failure = Failure::kNone;
  // What failed, in a few lower-case words ("connection refused"); no
  // origin, header value or body.
  std::string reason;
  // Whether this attempt opened a TCP connection (rather than only
  // reusing a kept-alive one).
  bool opened_connection = false;
  std::shared_ptr<HttpResponse> response;
};

// Runs one exchange on `connection`. Blocks the calling thread for at most
// about connect_timeout_ms plus the read timeout per wait, and never
// receives a body past the deadline. Leaves the connection open only if it
// can carry another request.
AttemptResult RunAttempt(Connection& connection, const AttemptSpec& spec);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_UPSTREAM_ATTEMPT_H_
