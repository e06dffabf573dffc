// ClientAddress: the address of the client behind a request, which rate
// limits and logs use.
//
// It is the connection's peer, unless the peer is a trusted proxy
// ([http] trusted_proxies). Then it is the nearest address the proxies
// recorded that is not itself a trusted proxy, in the one header the
// proxies write ([http] forwarded_header): X-Forwarded-For, or Forwarded's
// for= parameters (RFC 7239). It is read from the right, since each proxy
// appends the address its request came from; anything before that address
// was written by the client and proves nothing. The other header is never
// read: proxies pass a client's copy of it through untouched, so it would
// let the client choose its address. Every field line of the header counts,
// in order (a proxy may add a line rather than extend the first). A hop that
// is not an IP address ("unknown", an obfuscated name) ends the walk at the
// proxy that recorded it. Headers from a peer that is not trusted are ignored.
#ifndef ODMCP_HOST_PROTOCOL_CLIENT_ADDRESS_H_
#define ODMCP_HOST_PROTOCOL_CLIENT_ADDRESS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/ip_networks.h"

namespace odmcp {

// The header trusted proxies record the client in.
enum class ForwardedHeader { kXForwardedFor, kForwarded };

// "X-Forwarded-For" or "Forwarded" (any case); nullopt for another name.
std::optional<ForwardedHeader> ParseForwardedHeader(std::string_view name);
std::string_view ForwardedHeaderName(ForwardedHeader header);

// `lines`: the request's field lines of that header, in order.
std::string ClientAddress(const IpNetworks& trusted_proxies, std::string_view peer,
                          ForwardedHeader header, const std::vector<std::string_view>& lines);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_CLIENT_ADDRESS_H_
