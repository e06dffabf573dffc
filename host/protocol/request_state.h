// RequestStateCodec: the requestState of a 2026-era input_required result,
// signed so that the client can carry a handler's state between rounds but
// cannot alter it, keep using it, or use it elsewhere.
//
//   "v1." base64url(JSON {"p": state or null, "exp": unix seconds,
//                         "b": binding tag}) "." base64url(HMAC-SHA256)
//
// The MAC covers everything before the last dot. The binding tag is the
// first 16 bytes of an HMAC, under the same key with its own prefix, of the
// tenant, the method, the target (tool or prompt name, or resource URI) and
// the arguments: a state minted for one of them is refused for any other.
// Signed, not encrypted: the client can read the state (plugin.h says so).
//
// Thread safety: const methods may run concurrently.
#ifndef ODMCP_HOST_PROTOCOL_REQUEST_STATE_H_
#define ODMCP_HOST_PROTOCOL_REQUEST_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace odmcp {

// What a state is bound to.
struct StateBinding {
  std::string tenant;          // "" without tenants
  std::string_view method;     // tools/call, prompts/get or resources/read
  std::string_view target;     // the tool or prompt name, or the resource URI
  std::string_view arguments;  // the request's arguments as JSON ("" for none)
};

enum class StateProblem {
  kMalformed,  // not a state this host writes
  kForged,     // the signature does not match: altered, or another key
  kExpired,
  kForeign,    // minted for another tenant, method, target or arguments
};

// The reason code sent to the client in the error's data, e.g.
// "invalid_request_state" for kForged.
std::string_view StateProblemReason(StateProblem problem);

class RequestStateCodec {
 public:
  static constexpr size_t kMinKeyBytes = 32;

  // `key` has at least kMinKeyBytes bytes; a state expires `ttl_ms` after it
  // is sealed.
  RequestStateCodec(std::string key, int64_t ttl_ms);

  // A state carrying `state` (nullopt: the handler set none) for `binding`.
  std::string Seal(const StateBinding& binding, const std::optional<std::string>& state,
                   int64_t now_ms) const;

  struct Opened {
    std::optional<std::string> state;    // the handler's state, if it set one
    std::optional<StateProblem> problem;  // set if the token is refused
  };
  // Checks `token` against `binding` and the clock, in constant time where
  // it compares secrets.
  Opened Open(std::string_view token, const StateBinding& binding, int64_t now_ms) const;

 private:
  std::string BindingTag(const StateBinding& binding) const;

  const std::string key_;
  const int64_t ttl_ms_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_REQUEST_STATE_H_
