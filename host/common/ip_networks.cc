#include "host/common/ip_networks.h"

#include <boost/asio/ip/address.hpp>

namespace odmcp {
namespace ip = boost::asio::ip;
namespace {

// `address` as IPv4 if it is one, or one mapped into IPv6.
ip::address Unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace

StatusOr<IpNetworks> IpNetworks::Parse(const std::vector<std::string>& entries) {
  IpNetworks networks;
  for (const std::string& entry : entries) {
    boost::system::error_code error;
    const bool cidr = entry.find('/') != std::string::npos;
    if (cidr && entry.find(':') == std::string::npos) {
      ip::network_v4 net = ip::make_network_v4(entry, error);
      if (!error) networks.v4_.push_back(net.canonical());
    } else if (cidr) {
      ip::network_v6 net = ip::make_network_v6(entry, error);
      if (!error) networks.v6_.push_back(net.canonical());
    } else {
      ip::address address = Unmapped(ip::make_address(entry, error));
      if (!error && address.is_v4()) networks.v4_.emplace_back(address.to_v4(), 32);
      if (!error && address.is_v6()) networks.v6_.emplace_back(address.to_v6(), 128);
    }
    if (error) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "\"" + entry + "\" is neither an IP address nor a network such as 10.0.0.0/8");
    }
  }
  return networks;
}

bool IpNetworks::Contains(std::string_view text) const {
  // No proxies configured (the usual case): every request asks, none parses.
  if (empty()) return false;
  boost::system::error_code error;
  const ip::address address = Unmapped(ip::make_address(std::string(text), error));
  if (error) return false;
  if (address.is_v4()) {
    for (const ip::network_v4& net : v4_) {
      if (ip::network_v4(address.to_v4(), net.prefix_length()).canonical() == net) return true;
    }
    return false;
  }
  for (const ip::network_v6& net : v6_) {
    if (ip::network_v6(address.to_v6(), net.prefix_length()).canonical() == net) return true;
  }
  return false;
}

}  // namespace odmcp
