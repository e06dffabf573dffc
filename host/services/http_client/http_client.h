// HttpClient: the host's outbound HTTP client, behind odmcp_http_api.
//
//   HttpClient client(options);
//   HttpRequest request;
//   request.method = "GET";
//   request.url = "https://app.orderdesk.me/api/v2/orders/123";
//   request.headers = {{"ORDERDESK-STORE-ID", id}, {"ORDERDESK-API-KEY", key}};
//   request.coalesce_scope = tenant + "/" + credential;
//   request.deadline_unix_ms = call_deadline;
//   HttpOutcome outcome = client.Fetch(request);
//
// What it does for every request:
//  - TLS through OpenSSL, always verifying the server's certificate chain
//    and host name (against options.ca_file, or the system trust store).
//  - Keep-alive: idle connections are pooled per origin and reused, one
//    request at a time each.
//  - Deadlines: the connect and read timeouts of each attempt are cut to
//    the time left, and no attempt starts or wait ends past the deadline.
//  - Retries with exponential backoff and full jitter: idempotent requests
//    (see below) after network errors and after 429, 502, 503 and 504
//    responses; any request after a 429, which refuses a request without
//    performing it. A Retry-After (seconds or HTTP-date) or
//    X-Retry-After (OrderDesk, seconds) header is a minimum wait; when it
//    is longer than options.max_retry_after_ms or the time left, the
//    response is returned as it is rather than waited out.
//  - Coalescing: identical GETs (same URL, headers in any order, scope and
//    size limit) in flight at the same time share one upstream request.
//  - A response body larger than the limit is not read beyond it.
//
// Writes are never repeated once they may have been performed. A
// request is idempotent if its method is GET, HEAD, PUT, DELETE or OPTIONS,
// or it says so (HttpRequest::idempotent). Any other request (a POST, a
// PATCH) is retried only after failing to connect (TCP or TLS handshake,
// before a byte of it was sent) or after a 429, never after a failure while
// sending or receiving, nor after any other response. Such a request always gets a new
// connection: on a kept-alive one, a server that closed it while idle
// makes the first write fail, and the client could not tell whether the
// request was received. The new connection is pooled afterwards, so
// writes cost a handshake each but reads keep reusing connections.
//
// Thread-safety: Fetch and stats may be called from any number of threads
// at once. The client must outlive every Fetch call. Its first
// construction sets SIGPIPE to be ignored if it was at its default action:
// a write to a connection the server has reset must fail with EPIPE, not
// kill the process.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_HTTP_CLIENT_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_HTTP_CLIENT_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "host/services/http_client/connection_pool.h"
#include "host/services/http_client/http_types.h"
#include "host/services/http_client/request_coalescer.h"
#include "host/services/http_client/url.h"

namespace odmcp {

struct HttpClientOptions {
  int64_t connect_timeout_ms = 5000;  // TCP connect and TLS handshake, per attempt
  int64_t read_timeout_ms = 30000;    // default HttpRequest::timeout_ms
  int max_attempts = 4;               // first try + 3 retries (at least 1)
  // Before retry n (0-based): uniform(0, min(cap, base * 2^n)) ms.
  int64_t backoff_base_ms = 100;
  int64_t backoff_cap_ms = 5000;
  // A server asking for a longer wait gets its response returned instead.
  int64_t max_retry_after_ms = 30000;
  uint64_t max_response_bytes = 16 << 20;  // default HttpRequest::max_response_bytes
  // PEM bundle of the CAs to trust instead of the system store (private
  // CAs, tests); empty = the system trust store.
  std::string ca_file;
  size_t max_idle_connections_per_origin = 16;
  // Connect only to public addresses (no loopback, private, link-local,
  // shared or multicast ones): for URLs a client chose, which must not
  // reach this machine or its network (ConnectTcp).
  bool public_addresses_only = false;
  // An idle connection older than this is closed rather than reused.
  int64_t max_idle_ms = 30000;
};

// Counters since construction. Each is read atomically, not all together.
struct HttpClientStats {
  uint64_t requests = 0;            // Fetch calls
  uint64_t upstream_attempts = 0;   // exchanges started (connect failures included)
  uint64_t retries = 0;             // attempts after the first of a request
  uint64_t coalesced = 0;           // Fetch calls served by another's request
  uint64_t connections_opened = 0;  // TCP connections established
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs `request` (see the top of this file and HttpOutcome for what
  // each status means). Blocks the calling thread until the outcome is
  // known, the deadline passes or request.cancelled() returns true.
  HttpOutcome Fetch(const HttpRequest& request);

  HttpClientStats stats() const;

 private:
  HttpOutcome Execute(const HttpRequest& request, const HttpUrl& url, uint64_t max_response_bytes);

  const HttpClientOptions options_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> upstream_attempts_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> coalesced_{0};
  std::atomic<uint64_t> connections_opened_{0};
  ConnectionPool pool_;
  RequestCoalescer coalescer_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_HTTP_CLIENT_H_
