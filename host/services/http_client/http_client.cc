#include "host/services/http_client/http_client.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <csignal>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "host/common/blocking_region.h"
#include "host/services/http_client/deadline.h"
#include "host/services/http_client/retry_policy.h"
#include "host/services/http_client/upstream_attempt.h"

namespace odmcp {
namespace {

// Longest sleep between two looks at cancelled().
constexpr int64_t kSleepSliceMs = 50;

void IgnoreSigpipeIfDefault() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) std::signal(SIGPIPE, SIG_IGN);
  });
}

bool IsSupportedMethod(const std::string& method) {
  static constexpr std::array<std::string_view, 7> kMethods = {"GET",    "HEAD",  "POST",   "PUT",
                                                               "DELETE", "PATCH", "OPTIONS"};
  return std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
}

// RFC 9110 token characters.
bool IsTokenChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c)) != 0) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Headers that frame the message or manage the connection: the client
// sets them, and a caller's copy could desynchronize the connection.
bool IsReservedHeader(const std::string& name) {
  static constexpr std::array<const char*, 9> kReserved = {
      "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
      "TE",   "Trailer",        "Upgrade",           "Proxy-Connection"};
  return std::any_of(kReserved.begin(), kReserved.end(),
                     [&](const char* reserved) { return strcasecmp(name.c_str(), reserved) == 0; });
}

// Checks what the URL parser does not. Messages name a header, never its
// value (header values carry API keys).
bool ValidateRequest(const HttpRequest& request, HttpUrl* url, std::string* error) {
  if (!IsSupportedMethod(request.method)) {
    *error = "unsupported HTTP method; use GET, HEAD, POST, PUT, DELETE, PATCH or OPTIONS";
    return false;
  }
  if (!ParseHttpUrl(request.url, url, error)) return false;
  for (const HttpHeader& header : request.headers) {
    if (header.name.empty() || !std::all_of(header.name.begin(), header.name.end(), IsTokenChar)) {
      *error = "invalid HTTP header name";
      return false;
    }
    if (IsReservedHeader(header.name)) {
      *error = "header " + header.name + " is set by the HTTP client and may not be given";
      return false;
    }
    if (header.value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      *error = "the value of header " + header.name + " contains a line break or NUL";
      return false;
    }
  }
  return true;
}

void AppendField(std::string* key, std::string_view field) {
  key->append(std::to_string(field.size())).push_back(':');
  key->append(field);
}

// Everything that makes two GETs interchangeable: scope, URL, headers as a
// set (names compared case-insensitively), and the size limit (a response
// allowed to one caller may be too large for another). Fields are length
// prefixed so that no two different requests share a key.
std::string CoalescingKey(const HttpRequest& request, const HttpUrl& url, uint64_t max_response_bytes) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(request.headers.size());
  for (const HttpHeader& header : request.headers) {
    std::string name = header.name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace_back(std::move(name), header.value);
  }
  std::sort(headers.begin(), headers.end());
  std::string key;
  AppendField(&key, request.coalesce_scope);
  AppendField(&key, url.Origin());
  AppendField(&key, url.target);
  AppendField(&key, std::to_string(max_response_bytes));
  for (const auto& [name, value] : headers) {
    AppendField(&key, name);
    AppendField(&key, value);
  }
  return key;
}

bool IsCancelled(const HttpRequest& request) { return request.cancelled && request.cancelled(); }

// Sleeps `ms`, looking at cancelled() at least every kSleepSliceMs.
// Returns false, early, once it returns true.
bool SleepUnlessCancelled(int64_t ms, const HttpRequest& request) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (true) {
    if (IsCancelled(request)) return false;
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= left.zero()) return true;
    // Whole remainder, not rounded to milliseconds: a Retry-After is a
    // minimum, and waking a fraction early would break it.
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        left, std::chrono::milliseconds(kSleepSliceMs)));
  }
}

std::string AfterAttempts(int attempts) {
  return " (after " + std::to_string(attempts) + (attempts == 1 ? " attempt)" : " attempts)");
}

// Why an attempt was not sent, for a pace() that did not answer OK.
std::string UnpaidReason(odmcp_status status) {
  switch (status) {
    case ODMCP_DEADLINE_EXCEEDED:
      return " missed its deadline waiting for its rate limit";
    case ODMCP_CANCELLED:
      return " was cancelled while waiting for its rate limit";
    default:
      return " was refused by its rate limit";
  }
}

HttpOutcome Failure(odmcp_status status, std::string error) {
  HttpOutcome outcome;
  outcome.status = status;
  outcome.error = std::move(error);
  return outcome;
}

HttpOutcome Success(std::shared_ptr<HttpResponse> response, int attempts, int throttled) {
  response->attempts = attempts;
  response->throttled = throttled;
  HttpOutcome outcome;
  outcome.response = std::move(response);
  return outcome;
}

}  // namespace

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)),
      pool_(options_.ca_file, options_.max_idle_connections_per_origin, options_.max_idle_ms,
            &connections_opened_, options_.public_addresses_only) {
  IgnoreSigpipeIfDefault();
}

HttpClient::~HttpClient() = default;

HttpClientStats HttpClient::stats() const {
  HttpClientStats stats;
  stats.requests = requests_.load();
  stats.upstream_attempts = upstream_attempts_.load();
  stats.retries = retries_.load();
  stats.coalesced = coalesced_.load();
  stats.connections_opened = connections_opened_.load();
  return stats;
}

HttpOutcome HttpClient::Fetch(const HttpRequest& request) {
  BlockingRegion waiting_on_upstream;
  requests_.fetch_add(1, std::memory_order_relaxed);
  HttpUrl url;
  std::string error;
  if (!ValidateRequest(request, &url, &error)) return Failure(ODMCP_INVALID_ARGUMENT, error);
  const uint64_t max_response_bytes =
      request.max_response_bytes > 0 ? request.max_response_bytes : options_.max_response_bytes;
  if (request.method != "GET" || !request.coalesce) return Execute(request, url, max_response_bytes);

  const std::string what = "GET request to " + url.Origin();
  HttpOutcome outcome = coalescer_.Run(
      CoalescingKey(request, url, max_response_bytes),
      {request.deadline_unix_ms, &request.cancelled, request.began_steady_ms},
      [&] { return Execute(request, url, max_response_bytes); },
      [&](odmcp_status status) {
        return Failure(status, what + (status == ODMCP_CANCELLED ? " was cancelled" : " missed its deadline") +
                                   " while waiting for an identical request in flight");
      });
  if (outcome.coalesced) coalesced_.fetch_add(1, std::memory_order_relaxed);
  return outcome;
}

HttpOutcome HttpClient::Execute(const HttpRequest& request, const HttpUrl& url, uint64_t max_response_bytes) {
  using Failed = AttemptResult::Failure;
  const bool idempotent = request.idempotent || IsIdempotentMethod(request.method);
  const int max_attempts = std::max(1, options_.max_attempts);
  const int64_t read_timeout_ms = request.timeout_ms > 0 ? request.timeout_ms : options_.read_timeout_ms;
  const std::string origin = url.Origin();
  const std::string what = request.method + " request to " + origin;
  // A non-idempotent request never rides a kept-alive connection (see the
  // header); an idempotent one stops doing so after a kept-alive
  // connection failed under it, as the other idle ones are likely as stale.
  bool reuse = idempotent;
  int attempts = 0;
  int throttled = 0;  // attempts answered 429
  while (true) {
    if (IsCancelled(request)) return Failure(ODMCP_CANCELLED, what + " was cancelled" + AfterAttempts(attempts));
    const int64_t left_ms = MsUntil(request.deadline_unix_ms);
    if (left_ms <= 0) {
      return Failure(ODMCP_DEADLINE_EXCEEDED, what + " missed its deadline" + AfterAttempts(attempts));
    }
    if (request.pace) {
      if (const odmcp_status paid = request.pace(); paid != ODMCP_OK) {
        return Failure(paid, what + UnpaidReason(paid) + AfterAttempts(attempts));
      }
    }
    AttemptSpec spec;
    spec.method = &request.method;
    spec.target = &url.target;
    spec.headers = &request.headers;
    spec.trace_headers = &request.trace_headers;
    spec.body = &request.body;
    spec.connect_timeout_ms = std::max<int64_t>(1, std::min(options_.connect_timeout_ms, left_ms));
    spec.read_timeout_ms = std::max<int64_t>(1, std::min(read_timeout_ms, left_ms));
    spec.max_response_bytes = max_response_bytes;
    spec.deadline_unix_ms = request.deadline_unix_ms;
    spec.cancelled = &request.cancelled;

    std::unique_ptr<Connection> connection = pool_.Acquire(url, reuse);
    ++attempts;
    upstream_attempts_.fetch_add(1, std::memory_order_relaxed);
    AttemptResult result = RunAttempt(*connection, spec);
    pool_.Release(std::move(connection));

    int64_t wait_ms = FullJitterMs(BackoffCeilingMs(attempts - 1, options_.backoff_base_ms, options_.backoff_cap_ms));
    if (result.failure == Failed::kNone) {
      const int status = result.response->status;
      if (status == 429) ++throttled;
      // A 429 refused the request without performing it, so even a write
      // may be sent again; other statuses are retried for reads only.
      const bool retryable = status == 429 || (idempotent && IsRetryableStatus(status));
      if (!retryable || attempts >= max_attempts) {
        return Success(std::move(result.response), attempts, throttled);
      }
      if (const auto retry_after = RetryAfterFromHeaders(result.response->headers, NowUnixMs())) {
        if (*retry_after > options_.max_retry_after_ms)
          return Success(std::move(result.response), attempts, throttled);
        wait_ms = std::max(wait_ms, *retry_after);
      }
      // Waiting past the deadline would only turn an answer into a timeout.
      if (wait_ms >= MsUntil(request.deadline_unix_ms))
        return Success(std::move(result.response), attempts, throttled);
    } else {
      std::string failure;
      bool retryable = false;
      switch (result.failure) {
        case Failed::kTooLarge:
          return Failure(ODMCP_RESOURCE_EXHAUSTED,
                         "response from " + origin + " exceeds the limit of " + std::to_string(max_response_bytes) +
                             " bytes" + AfterAttempts(attempts));
        case Failed::kCancelled:
          return Failure(ODMCP_CANCELLED, what + " was cancelled" + AfterAttempts(attempts));
        case Failed::kDeadline:
          return Failure(ODMCP_DEADLINE_EXCEEDED, what + " missed its deadline" + AfterAttempts(attempts));
        case Failed::kTlsVerification:
        case Failed::kTrustStore:
          // Repeating cannot change the certificate or the trust store.
          failure = "connection to " + origin + " failed: " + result.reason;
          break;
        case Failed::kConnect:
        case Failed::kTlsHandshake:
          // Nothing was sent: safe to repeat whatever the method.
          failure = "connection to " + origin + " failed: " + result.reason;
          retryable = true;
          break;
        case Failed::kExchange:
          failure = what + " failed: " + result.reason;
          retryable = idempotent;
          if (!idempotent) failure += "; not retried, as the server may have received it";
          if (idempotent && !result.opened_connection) {
            // A kept-alive connection the server closed while it was idle:
            // not a sign of trouble, so retry at once on a new one.
            wait_ms = 0;
            reuse = false;
          }
          break;
        case Failed::kNone:
          break;
      }
      if (!retryable || attempts >= max_attempts) {
        return Failure(ODMCP_UNAVAILABLE, failure + AfterAttempts(attempts));
      }
      if (wait_ms >= MsUntil(request.deadline_unix_ms)) {
        return Failure(ODMCP_UNAVAILABLE, failure + AfterAttempts(attempts) + "; no time left to retry");
      }
    }
    if (!SleepUnlessCancelled(wait_ms, request)) {
      return Failure(ODMCP_CANCELLED, what + " was cancelled" + AfterAttempts(attempts));
    }
    retries_.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace odmcp
