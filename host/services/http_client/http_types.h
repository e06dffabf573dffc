// The values HttpClient takes and returns: a request, a response, and the
// outcome of a fetch. Plain data: safe to copy, move and share read-only
// between threads.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_HTTP_TYPES_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_HTTP_TYPES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "odmcp/plugin.h"

namespace odmcp {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  // GET, HEAD, POST, PUT, DELETE, PATCH or OPTIONS (upper case).
  std::string method;
  // Absolute http:// or https:// URL with optional port, path and query.
  // The path and query are sent as given (already percent-encoded), except
  // that spaces and non-ASCII bytes are percent-encoded; a fragment is
  // dropped. User information ("user:pass@") is refused: credentials
  // belong in headers, which never appear in error messages.
  std::string url;
  // Sent in this order. Framing and hop-by-hop headers (Host,
  // Content-Length, Transfer-Encoding, Connection, Keep-Alive, TE, Trailer,
  // Upgrade, Proxy-Connection) are refused: the client owns them.
  std::vector<HttpHeader> headers;
  // Sent after `headers`, but not part of what makes two GETs identical:
  // the request's trace (traceparent, X-Request-ID), which differs for
  // every caller. A coalesced request carries its first caller's.
  std::vector<HttpHeader> trace_headers;
  std::string body;
  // Whether the request may be repeated. GET, HEAD, PUT, DELETE and OPTIONS
  // are idempotent by definition; true opts any other method in
  // (ODMCP_HTTP_IDEMPOTENT).
  bool idempotent = false;
  // GETs only: identical GETs in flight at the same time share one upstream
  // request, sent with the first caller's timeout_ms; each caller still
  // waits only as long as its own deadline and cancelled() allow. false
  // opts out (ODMCP_HTTP_NO_COALESCE).
  bool coalesce = true;
  // Identical GETs coalesce only within one scope. The host passes the
  // tenant and credential name, so no caller ever receives a response
  // fetched on behalf of another tenant or credential.
  std::string coalesce_scope;
  // When the caller's operation began, in SteadyMillis(); unset if unknown.
  // A GET sent (for another caller) at or after that moment, finished less
  // than a second ago, answers this one as freshly as its own would: it is
  // shared, as an identical GET in flight is (RequestCoalescer).
  std::optional<int64_t> began_steady_ms;
  // Wall-clock deadline in Unix milliseconds, 0 for none. No attempt,
  // timeout or wait extends past it.
  int64_t deadline_unix_ms = 0;
  // Longest wait for the server at any point of one attempt (connect
  // excepted); 0 = HttpClientOptions::read_timeout_ms.
  int64_t timeout_ms = 0;
  // Largest response body accepted; 0 = HttpClientOptions::max_response_bytes.
  uint64_t max_response_bytes = 0;
  // Returns true once the caller no longer wants the outcome. May be empty.
  // Called from the fetching thread between attempts, during waits (at
  // least every 50 ms) and while a body arrives; an attempt waiting for the
  // server's first byte is not interrupted (its timeout bounds it).
  std::function<bool()> cancelled;
  // Pays for one attempt, waiting as long as it must (a rate limit's
  // token), before each attempt is sent, retries included; may be empty. A
  // GET that joins an identical one in flight sends nothing and does not
  // call it. A status other than OK ends the fetch with that status.
  std::function<odmcp_status()> pace;
};

struct HttpResponse {
  int status = 0;
  // As received; names keep the server's spelling.
  std::vector<HttpHeader> headers;
  // Decoded (gzip, deflate and br content encodings are undone).
  std::string body;
  // Upstream attempts made to obtain this response (1 = no retry).
  int attempts = 0;
  // Of those, the ones answered 429 (Too Many Requests), this one included.
  int throttled = 0;
};

struct HttpOutcome {
  // ODMCP_OK: `response` is set, whatever its HTTP status (4xx and 5xx
  // included: an HTTP error is a response, not a transport failure).
  // Otherwise `response` is null and the status says what failed:
  //   ODMCP_INVALID_ARGUMENT    the request is malformed (nothing was sent)
  //   ODMCP_UNAVAILABLE         connecting, TLS or the exchange failed, and
  //                             retrying was not allowed or did not help
  //   ODMCP_DEADLINE_EXCEEDED   the request's deadline passed
  //   ODMCP_CANCELLED           request.cancelled() returned true
  //   ODMCP_RESOURCE_EXHAUSTED  the response body exceeded the size limit
  odmcp_status status = ODMCP_OK;
  // When status is not OK: what failed, naming the origin
  // (scheme://host:port) and the number of attempts. Never contains header
  // values, the request body, or the URL's path and query.
  std::string error;
  // Shared by every caller of a coalesced request; never modified.
  std::shared_ptr<const HttpResponse> response;
  // True when this caller waited for another caller's identical GET
  // instead of sending its own.
  bool coalesced = false;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_HTTP_TYPES_H_
