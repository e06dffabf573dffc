// Absolute http(s) URLs, split into the origin a connection is made to and
// the request target sent on it.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_URL_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_URL_H_

#include <string>
#include <string_view>

namespace odmcp {

struct HttpUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower case; an IPv6 address without brackets
  int port = 0;        // explicit, or 80 / 443 by scheme
  std::string target;  // path and query, "/" when the URL has no path

  bool https() const { return scheme == "https"; }
  // "scheme://host:port" (IPv6 hosts in brackets): the key of a connection
  // pool, and the only part of a URL that error messages show.
  std::string Origin() const;
};

// Parses `url`. Returns false and sets *error when it is not an absolute
// http or https URL with a valid host and port, carries user information,
// or contains control characters. *error describes the problem without
// quoting the URL (its query may carry a token). The target keeps the
// caller's percent-encoding; spaces and bytes above 0x7e are encoded, and
// a fragment is dropped (it is never sent).
bool ParseHttpUrl(std::string_view url, HttpUrl* out, std::string* error);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_URL_H_
