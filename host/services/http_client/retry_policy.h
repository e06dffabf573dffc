// When a request may be repeated, and how long to wait before repeating it:
// exponential backoff with full jitter, and the server's own Retry-After.
// Pure functions except FullJitterMs (thread-local randomness); all are
// thread-safe.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_RETRY_POLICY_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_RETRY_POLICY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "host/services/http_client/http_types.h"

namespace odmcp {

// GET, HEAD, PUT, DELETE and OPTIONS: repeating them has the effect of
// sending them once (RFC 9110 section 9.2.2), so they may be retried after
// a failure that may or may not have reached the server.
bool IsIdempotentMethod(std::string_view method);

// 429, 502, 503 and 504: the server (or a gateway in front of it) says the
// request was not processed and may succeed later.
bool IsRetryableStatus(int status);

// The backoff ceiling before retry number `retry` (0 for the first retry):
// min(cap_ms, base_ms * 2^retry), without overflow.
int64_t BackoffCeilingMs(int retry, int64_t base_ms, int64_t cap_ms);

// "Full jitter": uniform in [0, ceiling_ms]. Spreading retries over the
// whole interval keeps clients that failed together from retrying
// together (the thundering herd that a fixed delay recreates).
int64_t FullJitterMs(int64_t ceiling_ms);

// Parses a Retry-After value (RFC 9110 section 10.2.3): delay-seconds, or
// an HTTP-date in any of the three formats a recipient must accept
// (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday,
// 06-Nov-94 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994"). Returns
// the wait in milliseconds from `now_unix_ms` (0 for a date in the past),
// or nullopt when the value is neither.
std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_ms);

// The wait a response asks for: the longest of its Retry-After and
// X-Retry-After (OrderDesk's, in seconds) headers that parse, or nullopt.
std::optional<int64_t> RetryAfterFromHeaders(const std::vector<HttpHeader>& headers, int64_t now_unix_ms);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_RETRY_POLICY_H_
