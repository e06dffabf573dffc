#include "host/protocol/client_address.h"

#include <boost/asio/ip/address.hpp>

#include <cctype>
#include <vector>

#include "host/common/http_text.h"

namespace odmcp {
namespace {

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = s.find(separator, start);
    parts.push_back(TrimOws(s.substr(start, end - start)));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// A hop as an address: quotes, IPv6 brackets and a port removed; nullopt if
// what remains is not an IP address.
std::optional<std::string> AddressOf(std::string_view hop) {
  if (hop.size() >= 2 && hop.front() == '"' && hop.back() == '"') hop = hop.substr(1, hop.size() - 2);
  if (!hop.empty() && hop.front() == '[') {
    const size_t close = hop.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    hop = hop.substr(1, close - 1);
  } else if (hop.find(':') == hop.rfind(':') && hop.find(':') != std::string_view::npos) {
    hop = hop.substr(0, hop.find(':'));  // IPv4 with a port: one colon only
  }
  boost::system::error_code error;
  const boost::asio::ip::address address = boost::asio::ip::make_address(std::string(hop), error);
  if (error) return std::nullopt;
  return address.to_string();
}

// The for= values of a Forwarded header, in order.
std::vector<std::string_view> ForwardedFor(std::string_view header) {
  std::vector<std::string_view> hops;
  for (std::string_view element : Split(header, ',')) {
    for (std::string_view pair : Split(element, ';')) {
      if (pair.size() > 4 && EqualsIgnoringCase(pair.substr(0, 4), "for=")) {
        hops.push_back(pair.substr(4));
      }
    }
  }
  return hops;
}

}  // namespace

std::optional<ForwardedHeader> ParseForwardedHeader(std::string_view name) {
  for (ForwardedHeader header : {ForwardedHeader::kXForwardedFor, ForwardedHeader::kForwarded}) {
    if (EqualsIgnoringCase(name, ForwardedHeaderName(header))) return header;
  }
  return std::nullopt;
}

std::string_view ForwardedHeaderName(ForwardedHeader header) {
  return header == ForwardedHeader::kForwarded ? "Forwarded" : "X-Forwarded-For";
}

std::string ClientAddress(const IpNetworks& trusted_proxies, std::string_view peer,
                          ForwardedHeader header, const std::vector<std::string_view>& lines) {
  std::string current(peer);
  if (!trusted_proxies.Contains(current)) return current;
  std::vector<std::string_view> hops;
  for (std::string_view line : lines) {
    std::vector<std::string_view> more =
        header == ForwardedHeader::kForwarded ? ForwardedFor(line) : Split(line, ',');
    hops.insert(hops.end(), more.begin(), more.end());
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    std::optional<std::string> address = AddressOf(*hop);
    if (!address) return current;
    current = std::move(*address);
    if (!trusted_proxies.Contains(current)) return current;
  }
  return current;
}

}  // namespace odmcp
