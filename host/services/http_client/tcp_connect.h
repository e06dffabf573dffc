// Opening a TCP connection with a timeout, reporting why it failed.
//
// cpp-httplib connects without saying why a connect failed (its error is
// "Connection" for a refused port, an unknown host and a timeout alike,
// and errno is stale by then). Errors name the failure, so the client
// connects with this function instead (see connection_pool.cc).
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_TCP_CONNECT_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_TCP_CONNECT_H_

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace odmcp {

// Resolves `host` (a name or an IPv4/IPv6 literal) and connects to its
// addresses in order until one accepts, all within `timeout_ms` (> 0; name
// resolution itself is not bounded). Returns a connected blocking socket
// with TCP_NODELAY set (requests are written whole; Nagle's algorithm would
// only delay a body behind its headers), owned by the caller; or -1 with
// *failure set to a short lower-case reason such as "connection refused",
// "timed out after 5000 ms" or "could not resolve host". With
// `public_addresses_only`, the addresses that are not public (IsPublicAddress)
// are skipped -- checked on the very address connected to, so a name that
// resolves differently the second time cannot slip past (DNS rebinding).
// Thread-safe.
int ConnectTcp(const std::string& host, int port, int64_t timeout_ms, std::string* failure,
               bool public_addresses_only = false);

// Whether `address` (AF_INET or AF_INET6) is a public unicast address: not
// unspecified, loopback, private (RFC 1918, RFC 4193), shared (RFC 6598),
// link-local, benchmarking, documentation, multicast or reserved, and no
// IPv4-mapped or NAT64 form of one.
bool IsPublicAddress(const sockaddr* address);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_TCP_CONNECT_H_
