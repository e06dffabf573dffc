// Copyright 2026 The orderdesk-mcp Authors.
//
// OrderDesk's response envelope (reference section 2):
//   {"status":"success"|"error", "message":..., "execution_time":"0.0012 seconds", <payload>}
// Order GETs carry "message":"Execution took 0.0012 seconds" instead of an
// execution_time key, as the documented examples show.
//
// Thread-safety: an EnvelopeBuilder belongs to one request.

#ifndef ODMCP_SANDBOX_ENVELOPE_H_
#define ODMCP_SANDBOX_ENVELOPE_H_

#include <chrono>
#include <string>
#include <string_view>

#include "rapidjson/stringbuffer.h"
#include "sandbox/api_status.h"
#include "sandbox/json_output.h"

namespace odmcp::sandbox {

using RequestClock = std::chrono::steady_clock;

// A finished reply: HTTP status and JSON body.
struct ApiReply {
  int http_status = 200;
  std::string body;
};

// "0.0012 seconds": the time since `started`.
std::string ExecutionTime(RequestClock::time_point started);

// Writes a success envelope; the caller adds payload keys between Begin*
// and Finish.
class EnvelopeBuilder {
 public:
  explicit EnvelopeBuilder(RequestClock::time_point started);

  // {"status":"success","message":<message>,"execution_time":...
  // An empty message omits the key (GET /store, list replies).
  JsonWriter& Begin(std::string_view message);
  // {"status":"success","message":"Execution took ... seconds"
  JsonWriter& BeginWithTimingMessage();

  ApiReply Finish();

 private:
  RequestClock::time_point started_;
  rapidjson::StringBuffer buffer_;
  JsonWriter writer_;
};

// {"status":"success","message":<message>,"execution_time":...}
ApiReply MessageReply(std::string_view message, RequestClock::time_point started);

// {"status":"error","message":<message>,"execution_time":...} with the
// status's HTTP code.
ApiReply ErrorReply(const ApiStatus& status, RequestClock::time_point started);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_ENVELOPE_H_
