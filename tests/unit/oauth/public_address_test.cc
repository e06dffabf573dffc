// IsPublicAddress: the addresses a metadata document fetch may connect to
// -- public unicast only, never loopback, private, shared, link-local
// (cloud metadata), benchmarking, documentation, multicast, reserved, nor
// an IPv4-mapped or NAT64 form of one -- and ConnectTcp holding a
// connection to that rule when asked to.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "host/services/http_client/tcp_connect.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;

// Whether the IPv4 or IPv6 literal `text` is public; fails the test if it
// is neither.
bool Public(const std::string& text) {
  sockaddr_in v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(443);
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&v4));
  }
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(443);
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&v6));
  }
  ADD_FAILURE() << text << " is not an IP address";
  return false;
}

TEST(PublicAddressTest, RefusesNonPublicIpv4) {
  for (const char* address : {
           "127.0.0.1",        // loopback
           "127.255.255.254",  // loopback
           "10.1.2.3",         // RFC 1918
           "172.16.0.1",       // RFC 1918
           "172.31.255.255",   // RFC 1918
           "192.168.1.1",      // RFC 1918
           "169.254.169.254",  // link-local: cloud metadata
           "100.64.0.1",       // RFC 6598 shared
           "100.127.255.254",  // RFC 6598 shared
           "0.0.0.0",          // unspecified
           "0.1.2.3",          // "this network"
           "224.0.0.1",        // multicast
           "239.255.255.250",  // multicast
           "255.255.255.255",  // broadcast
           "240.0.0.1",        // reserved
           "198.18.0.1",       // benchmarking
           "198.19.255.255",   // benchmarking
           "192.0.2.1",        // documentation
           "198.51.100.1",     // documentation
           "203.0.113.1",      // documentation
           "192.0.0.8",        // protocol assignments
       }) {
    EXPECT_FALSE(Public(address)) << address;
  }
}

TEST(PublicAddressTest, RefusesNonPublicIpv6) {
  for (const char* address : {
           "::1",               // loopback
           "::",                // unspecified
           "fe80::1",           // link-local
           "fc00::1",           // RFC 4193 unique local
           "fd12::1",           // RFC 4193 unique local
           "fd00:ec2::254",     // the AWS metadata service's IPv6 address
           "::ffff:127.0.0.1",  // IPv4-mapped loopback
           "::ffff:10.0.0.1",   // IPv4-mapped private
           "::ffff:169.254.169.254",
           "64:ff9b::a00:1",    // NAT64 of 10.0.0.1
           "64:ff9b::7f00:1",   // NAT64 of 127.0.0.1
           "ff02::1",           // multicast
           "ff0e::1",           // global multicast
           "2001:db8::1",       // documentation
           "2001:db8:ffff::1",  // documentation
           "2001:10::1",        // ORCHID
           "2001:2::1",         // benchmarking
       }) {
    EXPECT_FALSE(Public(address)) << address;
  }
}

TEST(PublicAddressTest, AcceptsPublicAddresses) {
  for (const char* address : {
           "8.8.8.8", "1.1.1.1",
           "172.32.0.1",       // just past 172.16/12
           "172.15.255.255",   // just before it
           "100.128.0.1",      // just past 100.64/10
           "192.169.0.1",      // just past 192.168/16
           "198.20.0.1",       // just past 198.18/15
           "223.255.255.254",  // just before multicast
           "2606:4700::1111", "2a00:1450:4001::200e",
           "::ffff:8.8.8.8",    // IPv4-mapped public
           "64:ff9b::808:808",  // NAT64 of 8.8.8.8
       }) {
    EXPECT_TRUE(Public(address)) << address;
  }
}

TEST(PublicAddressTest, RefusesOtherAddressFamilies) {
  sockaddr address{};
  address.sa_family = AF_UNIX;
  EXPECT_FALSE(IsPublicAddress(&address));
}

// A TCP socket listening on 127.0.0.1, on a port the system chose.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      ADD_FAILURE() << "socket";
      return;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    socklen_t length = sizeof(address);
    if (bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
        listen(fd_, 4) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "bind/listen/getsockname";
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener() {
    if (fd_ >= 0) close(fd_);
  }

  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(PublicAddressTest, ConnectTcpWithPublicAddressesOnlyRefusesLoopback) {
  Listener listener;
  ASSERT_GT(listener.port(), 0);

  std::string failure;
  const int refused = ConnectTcp("127.0.0.1", listener.port(), 1000, &failure,
                                 /*public_addresses_only=*/true);
  if (refused >= 0) close(refused);
  EXPECT_EQ(refused, -1);
  EXPECT_THAT(failure, HasSubstr("non-public"));

  failure.clear();
  const int connected = ConnectTcp("127.0.0.1", listener.port(), 1000, &failure,
                                   /*public_addresses_only=*/false);
  EXPECT_GE(connected, 0) << failure;
  if (connected >= 0) close(connected);
}

TEST(PublicAddressTest, ConnectTcpWithPublicAddressesOnlyRefusesLoopbackNames) {
  Listener listener;
  ASSERT_GT(listener.port(), 0);
  std::string failure;
  const int refused = ConnectTcp("localhost", listener.port(), 1000, &failure,
                                 /*public_addresses_only=*/true);
  if (refused >= 0) close(refused);
  EXPECT_EQ(refused, -1);
  EXPECT_THAT(failure, HasSubstr("non-public"));
}

}  // namespace
}  // namespace odmcp
