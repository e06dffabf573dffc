// Reading OrderDesk's replies: the envelope and the failures.
//
// OrderDesk wraps every reply in {"status": "success"|"error", "message": ...,
// <payload>}, and it can report an error with HTTP 200, so a reply is
// successful only if its HTTP status is 2xx AND its status is not "error".
// Failures become messages the model can act on; OrderDesk's own message is
// quoted where it helps (a validation message names the field at fault),
// shortened and with the request's secret removed.
#ifndef ODMCP_PLUGINS_COMMON_REPLY_H_
#define ODMCP_PLUGINS_COMMON_REPLY_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "plugins/common/status.h"

namespace odmcp::orderdesk {

// What an error message needs to know about the request.
struct ReplyContext {
  // How messages name the store: "Main Shop (1001)" or "1001".
  std::string store;
  // What was asked for, for "not found": "order 200001". Empty: the path.
  std::string subject;
  // True when the caller supplied the credentials (registration), false when
  // they came from the vault: a rejection then asks for other credentials
  // rather than a re-registration.
  bool credentials_given = false;
  // Removed from any upstream text quoted in a message (the API key while
  // registering); empty for none.
  std::string_view secret;
};

// The parts of an HTTP response that envelope parsing needs.
struct HttpReply {
  int32_t status_code = 0;
  std::string body;
  // X-Retry-After (or Retry-After) when present, else empty.
  std::string retry_after;
};

// On success parses reply.body into *envelope (a JSON object) and returns
// OK. Otherwise returns the failure, with codes:
//   FAILED_PRECONDITION  stored credentials rejected (401/403, or OrderDesk's
//                        "Invalid Store ID or API Key"): re-register
//   INVALID_ARGUMENT     given credentials rejected, or another 4xx
//                        (validation): OrderDesk's message says what
//   NOT_FOUND            404, or an error whose message says "not found"
//   RESOURCE_EXHAUSTED   429: the message gives the wait
//   UNAVAILABLE          5xx, an unexpected status, or a body that is not a
//                        JSON object
Status ParseReply(const HttpReply& reply, const ReplyContext& context,
                  rapidjson::Document* envelope);

// The failure for a transport status of odmcp_http_api::fetch (not OK):
// UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED and RESOURCE_EXHAUSTED keep their
// code; UNIMPLEMENTED says the host cannot reach OrderDesk; anything else
// (a request the host found malformed) is INTERNAL.
Status TransportFailure(odmcp_status transport, const ReplyContext& context);

// OrderDesk's text quoted safely: at most 300 bytes (cut at a UTF-8
// boundary), control characters as spaces, every occurrence of secret (if
// not empty) replaced by "[redacted]".
std::string SanitizeUpstreamText(std::string_view text, std::string_view secret);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_REPLY_H_
