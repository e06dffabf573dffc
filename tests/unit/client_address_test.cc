// IpNetworks and ClientAddress: which peers are trusted proxies, and the
// client address read from what they record.
#include "host/protocol/client_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace odmcp {
namespace {

using ::testing::HasSubstr;

IpNetworks Networks(const std::vector<std::string>& entries) {
  StatusOr<IpNetworks> parsed = IpNetworks::Parse(entries);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  return parsed.ok() ? std::move(parsed).value() : IpNetworks();
}

TEST(IpNetworksTest, AddressesAndCidrsOfBothFamilies) {
  IpNetworks n = Networks({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"});
  EXPECT_TRUE(n.Contains("10.1.2.3"));
  EXPECT_TRUE(n.Contains("::ffff:10.1.2.3")) << "IPv4 seen through an IPv6 socket";
  EXPECT_FALSE(n.Contains("11.0.0.1"));
  EXPECT_TRUE(n.Contains("192.168.1.7"));
  EXPECT_FALSE(n.Contains("192.168.1.8"));
  EXPECT_TRUE(n.Contains("fd12::34"));
  EXPECT_FALSE(n.Contains("fe80::1"));
  EXPECT_TRUE(n.Contains("::1"));
  EXPECT_FALSE(n.Contains("not an address"));
  EXPECT_FALSE(IpNetworks().Contains("10.0.0.1"));
  // A CIDR with host bits set means its network.
  EXPECT_TRUE(Networks({"10.9.9.9/8"}).Contains("10.0.0.1"));
}

TEST(IpNetworksTest, AnEntryThatIsNeitherIsNamed) {
  for (const char* bad : {"10.0.0.0/33", "proxy.example.com", "10.0.0", "fd00::/129", ""}) {
    StatusOr<IpNetworks> parsed = IpNetworks::Parse({"10.0.0.1", bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(parsed.error(), HasSubstr(std::string("\"") + bad + "\""));
  }
}

const IpNetworks& Proxies() {
  static const IpNetworks proxies = Networks({"127.0.0.1", "10.0.0.0/8"});
  return proxies;
}

using Lines = std::vector<std::string_view>;
constexpr ForwardedHeader kXff = ForwardedHeader::kXForwardedFor;
constexpr ForwardedHeader kForwarded = ForwardedHeader::kForwarded;

TEST(ClientAddressTest, APeerThatIsNoTrustedProxyIsTheClientWhateverItsHeadersSay) {
  EXPECT_EQ(ClientAddress(Proxies(), "203.0.113.9", kXff, Lines{"198.51.100.2"}), "203.0.113.9");
  EXPECT_EQ(ClientAddress(Proxies(), "203.0.113.9", kForwarded, Lines{"for=198.51.100.1"}),
            "203.0.113.9");
  EXPECT_EQ(ClientAddress(IpNetworks(), "127.0.0.1", kXff, Lines{"198.51.100.2"}), "127.0.0.1");
}

TEST(ClientAddressTest, XForwardedForIsReadFromTheRightPastTrustedProxies) {
  // The client wrote the first entry itself; the proxies appended the rest.
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{"1.2.3.4, 198.51.100.7, 10.0.0.5"}),
            "198.51.100.7");
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{"198.51.100.7:5123"}),
            "198.51.100.7");
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{"2001:db8::7"}), "2001:db8::7");
  // Only proxies recorded: the farthest of them.
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{"10.0.0.9, 10.0.0.5"}), "10.0.0.9");
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{}), "127.0.0.1");
}

TEST(ClientAddressTest, EveryFieldLineCountsInOrderSoAnAddedLineIsNotSkipped) {
  // A proxy that adds its own line after the client's (HAProxy's
  // forwardfor does) is read from that line, not the client's first.
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{"1.2.3.4", "198.51.100.7"}),
            "198.51.100.7");
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kForwarded,
                          Lines{"for=1.2.3.4", "for=198.51.100.7;proto=https"}),
            "198.51.100.7");
}

TEST(ClientAddressTest, ForwardedForValuesAreUnquotedAndOtherParametersIgnored) {
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kForwarded,
                          Lines{R"(for=192.0.2.60;proto=http, For="[2001:db8:cafe::17]:4711")"}),
            "2001:db8:cafe::17");
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kForwarded, Lines{"for=192.0.2.60;by=10.0.0.1"}),
            "192.0.2.60");
}

TEST(ClientAddressTest, AHopThatIsNoAddressEndsTheWalkAtTheProxyThatRecordedIt) {
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kForwarded, Lines{"for=unknown"}), "127.0.0.1");
  EXPECT_EQ(ClientAddress(Proxies(), "127.0.0.1", kXff, Lines{"198.51.100.7, _hidden, 10.0.0.5"}),
            "10.0.0.5");
}

TEST(ClientAddressTest, TheHeaderIsNamedInAnyCaseAndNoOtherNameIsTaken) {
  EXPECT_EQ(ParseForwardedHeader("x-forwarded-for"), kXff);
  EXPECT_EQ(ParseForwardedHeader("FORWARDED"), kForwarded);
  EXPECT_EQ(ParseForwardedHeader("X-Real-IP"), std::nullopt);
  EXPECT_EQ(ForwardedHeaderName(kForwarded), "Forwarded");
}

}  // namespace
}  // namespace odmcp
