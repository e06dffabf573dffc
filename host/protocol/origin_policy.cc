#include "host/protocol/origin_policy.h"

#include <algorithm>
#include <cctype>

namespace odmcp {
namespace {

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string HostWithoutPort(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return Lowercase(authority.substr(1, close == std::string_view::npos ? std::string_view::npos
                                                                         : close - 1));
  }
  size_t colon = authority.find(':');
  return Lowercase(authority.substr(0, colon));
}

OriginPolicy::OriginPolicy(std::vector<std::string> allowed_hosts,
                           std::vector<std::string> allowed_origins) {
  for (const std::string& h : allowed_hosts) hosts_.push_back(Lowercase(h));
  for (const std::string& o : allowed_origins) {
    std::string origin = Lowercase(o);
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    origins_.push_back(origin);
  }
}

bool OriginPolicy::HostAllowed(std::string_view host) const {
  return Contains(hosts_, "*") || Contains(hosts_, host);
}

std::optional<std::string> OriginPolicy::Check(std::string_view host_header,
                                               std::string_view origin_header) const {
  if (!host_header.empty() && !HostAllowed(HostWithoutPort(host_header))) {
    return "Host \"" + std::string(host_header) +
           "\" is not allowed (http.allowed_hosts protects against DNS rebinding)";
  }
  if (origin_header.empty() || Contains(origins_, "*")) return std::nullopt;
  std::string origin = Lowercase(origin_header);
  if (Contains(origins_, origin)) return std::nullopt;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.compare(0, scheme.size(), scheme) == 0) {
      std::string_view authority = std::string_view(origin).substr(scheme.size());
      if (authority.find('/') == std::string_view::npos &&
          HostAllowed(HostWithoutPort(authority))) {
        return std::nullopt;
      }
    }
  }
  return "Origin \"" + std::string(origin_header) +
         "\" is not allowed (add it to http.allowed_origins to accept browser clients from it)";
}

}  // namespace odmcp
