// OriginPolicy: DNS-rebinding protection.
#include "host/protocol/origin_policy.h"

#include <gtest/gtest.h>

namespace odmcp {
namespace {

const OriginPolicy kLocal({"127.0.0.1", "localhost", "::1"}, {"https://app.example.com/"});

TEST(OriginPolicyTest, LocalHostsAndOriginsPass) {
  EXPECT_EQ(kLocal.Check("127.0.0.1:8080", ""), std::nullopt);
  EXPECT_EQ(kLocal.Check("LOCALHOST:1", "http://localhost:1"), std::nullopt);
  EXPECT_EQ(kLocal.Check("[::1]:80", "http://[::1]:80"), std::nullopt);
  EXPECT_EQ(kLocal.Check("", ""), std::nullopt);
}

TEST(OriginPolicyTest, ForeignHostIsRefused) {
  EXPECT_TRUE(kLocal.Check("evil.example.com", "http://evil.example.com"));
  EXPECT_TRUE(kLocal.Check("evil.example.com:8080", ""));
}

TEST(OriginPolicyTest, ForeignOriginIsRefusedEvenWithALocalHost) {
  std::optional<std::string> refused = kLocal.Check("127.0.0.1:8080", "http://evil.example.com");
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("Origin \"http://evil.example.com\" is not allowed"), std::string::npos);
  EXPECT_TRUE(kLocal.Check("127.0.0.1:8080", "null"));
  EXPECT_TRUE(kLocal.Check("127.0.0.1:8080", "http://127.0.0.1.evil.com"));
}

TEST(OriginPolicyTest, ConfiguredOriginsPass) {
  EXPECT_EQ(kLocal.Check("localhost", "https://APP.example.com"), std::nullopt);
  EXPECT_TRUE(kLocal.Check("localhost", "http://app.example.com"));
}

TEST(OriginPolicyTest, WildcardsDisableEachCheck) {
  OriginPolicy open({"*"}, {"*"});
  EXPECT_EQ(open.Check("anything.example:1", "http://other.example"), std::nullopt);
}

TEST(OriginPolicyTest, HostWithoutPort) {
  EXPECT_EQ(HostWithoutPort("[::1]:8080"), "::1");
  EXPECT_EQ(HostWithoutPort("Example.COM:80"), "example.com");
  EXPECT_EQ(HostWithoutPort("localhost"), "localhost");
}

}  // namespace
}  // namespace odmcp
