// IpNetworks: a set of IP networks (CIDRs such as 10.0.0.0/8 or
// fd00::/8, or single addresses), and whether an address is in one.
// IPv4 addresses seen through an IPv6 socket (::ffff:10.0.0.1) count as
// the IPv4 address they are.
#ifndef ODMCP_HOST_COMMON_IP_NETWORKS_H_
#define ODMCP_HOST_COMMON_IP_NETWORKS_H_

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"

namespace odmcp {

class IpNetworks {
 public:
  IpNetworks() = default;

  // Fails naming the first entry that is neither an address nor a CIDR.
  static StatusOr<IpNetworks> Parse(const std::vector<std::string>& entries);

  bool empty() const { return v4_.empty() && v6_.empty(); }
  // False for text that is not an IP address.
  bool Contains(std::string_view address) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_IP_NETWORKS_H_
