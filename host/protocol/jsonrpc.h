// JSON-RPC 2.0 envelopes: classifying incoming messages and writing
// responses and notifications.
#ifndef ODMCP_HOST_PROTOCOL_JSONRPC_H_
#define ODMCP_HOST_PROTOCOL_JSONRPC_H_

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace odmcp {

namespace rpc {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
// 2026-07-28: HTTP headers missing, malformed, or disagreeing with the body.
inline constexpr int kHeaderMismatch = -32020;
// 2026-07-28: the request needs a client capability it did not declare.
inline constexpr int kMissingClientCapability = -32021;
// 2026-07-28: the request names a protocol version the server does not speak.
inline constexpr int kUnsupportedProtocolVersion = -32022;
// orderdesk-mcp: the tenant's tool-call bucket is empty ([rate_limit]);
// data.retryAfterMs says when the call would be accepted.
inline constexpr int kRateLimited = -32005;
// resources/read of a URI no resource has (legacy era; the 2026 era uses
// kInvalidParams with data {"uri"}).
inline constexpr int kResourceNotFound = -32002;
// orderdesk-mcp: a bound on what one session may hold was reached; the
// message names its [protocol] key, data {"limit", "max"} too.
inline constexpr int kLimitReached = -32006;
}  // namespace rpc

struct RpcError {
  int code = rpc::kInternalError;
  std::string message;
  std::string data_json;  // serialized `data`, or empty for none
  int http_status = 200;  // what Streamable HTTP answers it with
};

enum class MessageKind { kRequest, kNotification, kResponse, kInvalid };

// One message of an incoming JSON-RPC payload. Views point into the parsed
// document, which must outlive this object.
struct IncomingMessage {
  MessageKind kind = MessageKind::kInvalid;
  std::string id_json;                       // serialized id; empty if none
  std::string_view method;                   // requests and notifications
  const rapidjson::Value* params = nullptr;  // an object, or nullptr if absent
  RpcError error;                            // why it is kInvalid
};

// Classifies one JSON value as a request, notification, response, or an
// invalid message (with the error to answer it with: -32600 for a broken
// envelope, -32602 for params that are not an object).
IncomingMessage ClassifyMessage(const rapidjson::Value& value);

// {"jsonrpc":"2.0","id":<id_json>,"error":{...}}; the id is omitted when
// id_json is empty (it could not be read).
std::string ErrorResponse(std::string_view id_json, const RpcError& error);

// Error responses made since the process started, by code: every error
// reply is made by ErrorResponse, so it counts them where they are made.
// Thread-safe.
std::vector<std::pair<int, uint64_t>> ErrorResponseCounts();

// {"jsonrpc":"2.0","method":<method>,"params":<params_json>}
std::string Notification(std::string_view method, std::string_view params_json);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_JSONRPC_H_
