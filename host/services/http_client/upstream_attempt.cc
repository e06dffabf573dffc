#include "host/services/http_client/upstream_attempt.h"

#include <strings.h>

#include <chrono>

#include "host/services/http_client/deadline.h"

namespace odmcp {
namespace {

using Clock = std::chrono::steady_clock;

time_t Seconds(int64_t ms) { return static_cast<time_t>(ms / 1000); }
time_t Microseconds(int64_t ms) { return static_cast<time_t>((ms % 1000) * 1000); }

// Why the body is no longer wanted, set by the receiver before it stops
// the transfer; cpp-httplib reports every stop as Error::Canceled.
enum class StopReason { kNone, kTooLarge, kCancelled, kDeadline };

bool Identity(const httplib::Response& response) {
  const std::string encoding = response.get_header_value("Content-Encoding");
  return encoding.empty() || strcasecmp(encoding.c_str(), "identity") == 0;
}

// Fills in why an exchange that returned no response failed. `waited` is
// the time the attempt took.
void Classify(httplib::Error error, StopReason stop, const Connection& connection, const AttemptSpec& spec,
              Clock::duration waited, AttemptResult* result) {
  using Failure = AttemptResult::Failure;
  // Past the deadline, whatever broke, the caller's time is what ran out
  // (the timeouts were cut to it).
  const bool past_deadline = MsUntil(spec.deadline_unix_ms) <= 0;
  const auto unless_late = [&](Failure failure) { return past_deadline ? Failure::kDeadline : failure; };
  switch (error) {
    case httplib::Error::Connection:
      result->failure = unless_late(Failure::kConnect);
      result->reason = connection.last_connect_failure();
      return;
    case httplib::Error::SSLConnection:
      result->failure = unless_late(Failure::kTlsHandshake);
      result->reason = "TLS handshake failed";
      return;
    case httplib::Error::SSLServerVerification:
      result->failure = Failure::kTlsVerification;
      result->reason = "server certificate verification failed: " + connection.VerifyResultText();
      return;
    case httplib::Error::SSLLoadingCerts:
      result->failure = Failure::kTrustStore;
      result->reason = "could not load the CA certificates (ca_file)";
      return;
    case httplib::Error::Canceled:
      // Only our callbacks stop a transfer; each said why.
      result->failure = stop == StopReason::kTooLarge    ? Failure::kTooLarge
                        : stop == StopReason::kCancelled ? Failure::kCancelled
                        : stop == StopReason::kDeadline  ? Failure::kDeadline
                                                         : Failure::kExchange;
      result->reason = "stopped while receiving the response";
      return;
    case httplib::Error::Write:
      result->failure = unless_late(Failure::kExchange);
      result->reason = "connection failed while sending the request";
      return;
    case httplib::Error::Read:
      result->failure = unless_late(Failure::kExchange);
      // cpp-httplib reports a read timeout and a closed connection alike;
      // only the time spent tells them apart.
      result->reason = waited >= std::chrono::milliseconds(spec.read_timeout_ms)
                           ? "no response within " + std::to_string(spec.read_timeout_ms) + " ms"
                           : "connection closed before a complete response";
      return;
    case httplib::Error::Compression:
      result->failure = Failure::kExchange;
      result->reason = "could not decode the compressed response";
      return;
    default:
      result->failure = unless_late(Failure::kExchange);
      result->reason = "request failed (" + httplib::to_string(error) + ")";
      return;
  }
}

}  // namespace

AttemptResult RunAttempt(Connection& connection, const AttemptSpec& spec) {
  httplib::ClientImpl& client = connection.client();
  connection.set_connect_timeout_ms(spec.connect_timeout_ms);
  // cpp-httplib bounds the TLS handshake with its connection timeout.
  client.set_connection_timeout(Seconds(spec.connect_timeout_ms), Microseconds(spec.connect_timeout_ms));
  client.set_read_timeout(Seconds(spec.read_timeout_ms), Microseconds(spec.read_timeout_ms));
  client.set_write_timeout(Seconds(spec.read_timeout_ms), Microseconds(spec.read_timeout_ms));

  httplib::Request request;
  request.method = *spec.method;
  request.path = *spec.target;
  for (const HttpHeader& header : *spec.headers) request.headers.emplace(header.name, header.value);
  if (spec.trace_headers != nullptr) {
    for (const HttpHeader& header : *spec.trace_headers) {
      request.headers.emplace(header.name, header.value);
    }
  }
  request.body = *spec.body;

  auto response = std::make_shared<HttpResponse>();
  StopReason stop = StopReason::kNone;
  // Refuses a declared length over the limit before reading any of it. A
  // compressed body's length says nothing about its decoded size, which is
  // what the limit bounds, so only identity bodies are judged here; and
  // the length of a HEAD, 204 or 304 response describes no body at all.
  const bool bodiless_request = *spec.method == "HEAD";
  request.response_handler = [&](const httplib::Response& head) {
    if (!bodiless_request && head.status != 204 && head.status != 304 && Identity(head) &&
        head.has_header("Content-Length") &&
        head.get_header_value<uint64_t>("Content-Length") > spec.max_response_bytes) {
      stop = StopReason::kTooLarge;
      return false;
    }
    return true;
  };
  request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    if (response->body.size() + length > spec.max_response_bytes) {
      stop = StopReason::kTooLarge;
    } else if (*spec.cancelled && (*spec.cancelled)()) {
      stop = StopReason::kCancelled;
    } else if (MsUntil(spec.deadline_unix_ms) <= 0) {
      stop = StopReason::kDeadline;
    } else {
      response->body.append(data, length);
      return true;
    }
    return false;
  };

  const uint64_t connects_before = connection.connects();
  const Clock::time_point started = Clock::now();
  httplib::Response http;
  httplib::Error error = httplib::Error::Success;
  const bool sent = client.send(request, http, error);

  AttemptResult result;
  result.opened_connection = connection.connects() != connects_before;
  if (sent) {
    response->status = http.status;
    response->headers.reserve(http.headers.size());
    for (const auto& [name, value] : http.headers) response->headers.push_back({name, value});
    result.response = std::move(response);
    return result;
  }
  Classify(error, stop, connection, spec, Clock::now() - started, &result);
  return result;
}

}  // namespace odmcp
