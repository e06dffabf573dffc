// Building OrderDesk request URLs.
//
// OrderDesk takes GET parameters in the query string (PHP-style decoding), so
// every name and value is percent-encoded here, once, instead of by callers.
#ifndef ODMCP_PLUGINS_COMMON_URL_H_
#define ODMCP_PLUGINS_COMMON_URL_H_

#include <string>
#include <string_view>
#include <vector>

namespace odmcp::orderdesk {

// OrderDesk's API v2 root: the default of every plugin's base_url setting.
inline constexpr std::string_view kDefaultBaseUrl = "https://app.orderdesk.me/api/v2";

struct QueryParam {
  std::string name;
  std::string value;
};

// RFC 3986 percent-encoding of everything but the unreserved characters
// (A-Z a-z 0-9 - . _ ~). Usable for query names and values and for one path
// segment (an id taken from a tool argument, say).
std::string PercentEncode(std::string_view text);

// True if base_url is an absolute http or https URL with a host and without
// a query or fragment: something a path can be appended to.
bool IsValidBaseUrl(std::string_view base_url);

// base_url (trailing slashes ignored) + path (a leading slash added if
// missing; already encoded) + "?name=value&..." for a non-empty query, in the
// order given. Requires IsValidBaseUrl(base_url).
std::string BuildUrl(std::string_view base_url, std::string_view path,
                     const std::vector<QueryParam>& query);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_URL_H_
