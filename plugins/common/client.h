// OrderDeskClient: requests to OrderDesk API v2 through the host's services.
//
// Every attempt sent to OrderDesk, retries included, is paid for with a
// token of its store's "@orderdesk" rate-limit bucket, which every OrderDesk
// plugin shares (by default 18 tokens, 3 per second: just inside
// OrderDesk's own limit, so a burst waits here instead of failing there).
// The host takes the token when it sends the attempt (ABI 1.4 pacing), so
// calls that share an identical GET in flight pay once between them, even
// when OrderDesk answers it with 429 and it is retried. Requests go out
// through the host's HTTP client, which retries idempotent requests and
// honours X-Retry-After. Credentials are named, not held: a request names
// the store's vault entry and the host adds its secret headers. Only the
// verification during registration, before anything is stored, sends a key
// itself.
//
// Thread-safe: a client is immutable after construction.
#ifndef ODMCP_PLUGINS_COMMON_CLIENT_H_
#define ODMCP_PLUGINS_COMMON_CLIENT_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugins/common/status.h"
#include "plugins/common/url.h"

namespace odmcp::orderdesk {

// Shared ('@') by the stores, orders and products plugins: OrderDesk limits
// a store, whichever plugin calls it.
inline constexpr std::string_view kRateLimitBucket = "@orderdesk";

// A store's bucket: the settings upstream_burst and upstream_per_second
// (settings.h), so that an upstream other than OrderDesk, such as the sandbox
// run without its limit for benchmarks, is not paced as OrderDesk. The host
// refuses a shared bucket declared twice with different numbers, and keeps
// it across reloads, so the three plugins must be given the same values, and
// changing them takes a restart.
struct UpstreamLimit {
  // Two below OrderDesk's 20. Its bucket starts refilling only when the first
  // request of a burst arrives, and requests arrive with varying latency, so
  // pacing at exactly its limit meets a 429 whenever a later request travels
  // faster than the first; the two tokens in hand absorb up to 2/3 s of that.
  int64_t burst = 18;
  int64_t per_second = 3;
};

struct Request {
  std::string method = "GET";
  std::string path;  // from the API root, already encoded: "/orders/123"
  std::vector<QueryParam> query;
  std::string body;     // JSON, or empty for none
  std::string subject;  // what "not found" would name: "order 123"; empty: the path
  // Never share the reply of an identical GET already in flight (the host
  // coalesces those): set for a re-read that must see the store as it is
  // now, such as the one just before a full-replacement PUT.
  bool fresh = false;
};

// The store a request is for, and how it authenticates.
struct StoreAccess {
  std::string store_id;
  std::string label;  // how messages name the store: "Main Shop (1001)"
  // Empty: the host adds the credentials of the store's vault entry. Set only
  // to verify a key before it is stored (registration); never logged, and
  // removed from any OrderDesk text quoted in an error.
  std::string_view api_key;
};

class OrderDeskClient {
 public:
  // Declares the bucket family with limit's numbers; only inside the
  // plugin's Init(). Sets *declared to whether requests will take tokens. A
  // host without a rate limiter (UNIMPLEMENTED) is not an error: OrderDesk's
  // 429s, which the host retries, then remain the only limit. Any other
  // failure is returned; INVALID_ARGUMENT, as limit's numbers are positive,
  // means the bucket was declared with different ones, by another OrderDesk
  // plugin or before a reload.
  static Status DeclareRateLimit(const Host& host, const UpstreamLimit& limit, bool* declared);

  // base_url must satisfy IsValidBaseUrl; rate_limit is the limit declared,
  // or empty if DeclareRateLimit reported none.
  OrderDeskClient(std::string base_url, std::optional<UpstreamLimit> rate_limit)
      : base_url_(std::move(base_url)), rate_limit_(rate_limit) {}

  // Sends request for access's store and, on success, sets *envelope to the
  // reply's JSON object. Failures are those of ParseReply and
  // TransportFailure (reply.h); DEADLINE_EXCEEDED names the store's pace
  // when requests wait for rate-limit tokens.
  Status Send(Call& call, const StoreAccess& access, const Request& request,
              rapidjson::Document* envelope) const;

 private:
  std::string base_url_;
  std::optional<UpstreamLimit> rate_limit_;
};

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_CLIENT_H_
