// Base64 (RFC 4648 section 4) and base64url (section 5) codecs. Decoding is
// strict: it accepts only canonical input (correct padding, no whitespace,
// no stray characters), because the MCP header rules reject anything else.
#ifndef ODMCP_HOST_COMMON_BASE64_H_
#define ODMCP_HOST_COMMON_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace odmcp {

std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

// base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_BASE64_H_
