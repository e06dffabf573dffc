// OriginPolicy: DNS-rebinding protection for the HTTP transport. A request
// whose Host is not an allowed host name, or whose Origin (when present) is
// neither an allowed origin nor an http(s) origin on an allowed host, is
// refused with 403 before anything else happens.
//
// Thread safety: immutable after construction.
#ifndef ODMCP_HOST_PROTOCOL_ORIGIN_POLICY_H_
#define ODMCP_HOST_PROTOCOL_ORIGIN_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace odmcp {

class OriginPolicy {
 public:
  // `allowed_hosts`: host names without port ("localhost", "::1"); "*"
  // accepts any Host. `allowed_origins`: full origins
  // ("https://app.example.com"); "*" accepts any Origin.
  OriginPolicy(std::vector<std::string> allowed_hosts, std::vector<std::string> allowed_origins);

  // Nullopt if the request may proceed, else why it is refused. Empty views
  // mean the header is absent.
  std::optional<std::string> Check(std::string_view host_header,
                                   std::string_view origin_header) const;

 private:
  bool HostAllowed(std::string_view host) const;

  std::vector<std::string> hosts_;    // lowercase
  std::vector<std::string> origins_;  // lowercase
};

// The host part of a Host header value or URL authority: "[::1]:80" -> "::1",
// "Example.com:8080" -> "example.com".
std::string HostWithoutPort(std::string_view authority);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_ORIGIN_POLICY_H_
