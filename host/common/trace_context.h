// Tracing identifiers that cross the host: the W3C Trace Context
// `traceparent` (https://www.w3.org/TR/trace-context/) a client sends, kept
// for its request and passed on to every upstream request the request
// makes, and an incoming X-Request-ID, kept as the request's correlation id.
//
//   std::optional<Traceparent> incoming = ParseTraceparent(header);
//   Traceparent trace = incoming ? *incoming : NewTrace();
//   upstream.headers.push_back({"traceparent", trace.Child()});
#ifndef ODMCP_HOST_COMMON_TRACE_CONTEXT_H_
#define ODMCP_HOST_COMMON_TRACE_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace odmcp {

struct Traceparent {
  std::string trace_id;  // 32 lowercase hex digits, not all zero
  std::string span_id;   // 16 lowercase hex digits, not all zero: the sender's span
  uint8_t flags = 0;     // bit 0: sampled

  // The traceparent of a request this host sends within this trace: the
  // same trace id and flags, and a new span id of its own.
  std::string Child() const;
  // "00-<trace_id>-<span_id>-<flags>".
  std::string ToHeader() const;
};

// A version-00 traceparent as the specification defines it (and a later
// version's first four fields, as it asks), or nullopt: a header that does
// not parse is ignored and a new trace started, never an error.
std::optional<Traceparent> ParseTraceparent(std::string_view header);

// The start of a trace, for a request that came without one: unique in
// the process and across processes with overwhelming probability (a
// random per-process half and a counter).
Traceparent NewTrace();

// `value` as a correlation id, if it is one a log line can carry as it is:
// 1 to 128 characters of letters, digits and - _ . : / + =. Anything else
// is ignored, and the host makes its own.
std::optional<std::string> AcceptRequestId(std::string_view value);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_TRACE_CONTEXT_H_
