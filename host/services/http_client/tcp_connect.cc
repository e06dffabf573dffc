#include "host/services/http_client/tcp_connect.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace odmcp {
namespace {

using Clock = std::chrono::steady_clock;

// `a` in host order; see IsPublicAddress.
bool IsPublicIpv4(uint32_t a) {
  auto in = [a](uint32_t network, int bits) {
    return (a >> (32 - bits)) == (network >> (32 - bits));
  };
  return !(in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
           in(0x0a000000, 8) ||   // 10/8 private
           in(0x64400000, 10) ||  // 100.64/10 shared (carrier NAT)
           in(0x7f000000, 8) ||   // 127/8 loopback
           in(0xa9fe0000, 16) ||  // 169.254/16 link-local (cloud metadata)
           in(0xac100000, 12) ||  // 172.16/12 private
           in(0xc0000000, 24) ||  // 192.0.0/24 protocol assignments
           in(0xc0000200, 24) ||  // 192.0.2/24 documentation
           in(0xc0a80000, 16) ||  // 192.168/16 private
           in(0xc6120000, 15) ||  // 198.18/15 benchmarking
           in(0xc6336400, 24) ||  // 198.51.100/24 documentation
           in(0xcb007100, 24) ||  // 203.0.113/24 documentation
           in(0xe0000000, 4) ||   // 224/4 multicast
           in(0xf0000000, 4));    // 240/4 reserved, and broadcast
}

std::string Reason(int error) {
  switch (error) {
    case ECONNREFUSED:
      return "connection refused";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    case ECONNRESET:
      return "connection reset";
    default:
      return std::strerror(error);
  }
}

bool SetBlocking(int fd, bool blocking) {
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0) return false;
  return fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) == 0;
}

// Connects `fd` to `address` by `deadline`. Returns 0 or an errno value
// (ETIMEDOUT when the deadline passes first).
int ConnectOne(int fd, const addrinfo& address, Clock::time_point deadline) {
  if (!SetBlocking(fd, false)) return errno;
  if (connect(fd, address.ai_addr, address.ai_addrlen) == 0) return SetBlocking(fd, true) ? 0 : errno;
  if (errno != EINPROGRESS) return errno;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return ETIMEDOUT;
    pollfd descriptor{fd, POLLOUT, 0};
    const int ready = poll(&descriptor, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return errno;
    if (ready == 0) return ETIMEDOUT;
    break;
  }
  int error = 0;
  socklen_t length = sizeof(error);
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  if (error != 0) return error;
  return SetBlocking(fd, true) ? 0 : errno;
}

}  // namespace

bool IsPublicAddress(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return IsPublicIpv4(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family != AF_INET6) return false;
  const uint8_t* b = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr.s6_addr;
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr uint8_t kNat64Prefix[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMappedPrefix, 12) == 0 || std::memcmp(b, kNat64Prefix, 12) == 0) {
    return IsPublicIpv4(uint32_t{b[12]} << 24 | uint32_t{b[13]} << 16 | uint32_t{b[14]} << 8 |
                        b[15]);
  }
  // Global unicast is 2000::/3; within it, documentation (2001:db8::/32),
  // and ORCHIDv2 and benchmarking (2001:10::/28, 2001:2::/48) are not.
  if ((b[0] & 0xe0) != 0x20) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && (b[3] & 0xf0) == 0x10) return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x02 && b[4] == 0 && b[5] == 0) {
    return false;
  }
  return true;
}

int ConnectTcp(const std::string& host, int port, int64_t timeout_ms, std::string* failure,
               bool public_addresses_only) {
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* resolved = nullptr;
  const int lookup = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &resolved);
  if (lookup != 0 || resolved == nullptr) {
    *failure = std::string("could not resolve host (") + gai_strerror(lookup) + ")";
    return -1;
  }
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(resolved, &freeaddrinfo);

  int last_error = ETIMEDOUT;
  bool skipped = false;
  for (const addrinfo* address = resolved; address != nullptr; address = address->ai_next) {
    if (Clock::now() >= deadline) break;
    if (public_addresses_only && !IsPublicAddress(address->ai_addr)) {
      skipped = true;
      continue;
    }
    const int fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    last_error = ConnectOne(fd, *address, deadline);
    if (last_error == 0) {
      const int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
      return fd;
    }
    close(fd);
  }
  if (skipped && last_error == ETIMEDOUT) {
    *failure =
        "the host resolves to a loopback, private or otherwise non-public address, which this "
        "request may not reach";
    return -1;
  }
  *failure = last_error == ETIMEDOUT ? "timed out after " + std::to_string(timeout_ms) + " ms" : Reason(last_error);
  return -1;
}

}  // namespace odmcp
