// ClientAddress: the address of the client behind a request, which rate
// limits and logs use.
//
// It is the connection's peer, unless the peer is a trusted proxy
// ([http] trusted_proxies). Then it is the nearest address the proxies
// recorded that is not itself a trusted proxy: from Forwarded's for=
// parameters (RFC 7239) if the request has that header, else from
// X-Forwarded-For, read from the right, since each proxy appends the
// address its request came from. Anything before that address was written
// by the client and proves nothing. A hop that is not an IP address
// ("unknown", an obfuscated name) ends the walk at the proxy that recorded
// it. Only a request's first header of each name is read: proxies append
// to it. Headers from a peer that is not trusted are ignored.
#ifndef ODMCP_HOST_PROTOCOL_CLIENT_ADDRESS_H_
#define ODMCP_HOST_PROTOCOL_CLIENT_ADDRESS_H_

#include <optional>
#include <string>
#include <string_view>

#include "host/common/ip_networks.h"

namespace odmcp {

std::string ClientAddress(const IpNetworks& trusted_proxies, std::string_view peer,
                          std::optional<std::string_view> forwarded,
                          std::optional<std::string_view> x_forwarded_for);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_CLIENT_ADDRESS_H_
