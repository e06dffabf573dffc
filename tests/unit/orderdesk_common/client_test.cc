#include "plugins/common/client.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

// The host's rate limiter as a plugin sees a shared bucket: the first
// declaration fixes its numbers, a later one with other numbers is refused.
// The host handle is the limiter itself.
struct FakeLimiter {
  std::string bucket;
  double capacity = 0;
  double refill_per_second = 0;
  int declarations = 0;
};

odmcp_status FakeDeclare(odmcp_host* host, odmcp_str bucket, double capacity,
                         double refill_per_second) {
  auto* limiter = reinterpret_cast<FakeLimiter*>(host);
  if (limiter->declarations++ > 0) {
    return limiter->capacity == capacity && limiter->refill_per_second == refill_per_second
               ? ODMCP_OK
               : ODMCP_INVALID_ARGUMENT;
  }
  limiter->bucket.assign(View(bucket));
  limiter->capacity = capacity;
  limiter->refill_per_second = refill_per_second;
  return ODMCP_OK;
}

class DeclareRateLimitTest : public ::testing::Test {
 protected:
  DeclareRateLimitTest() {
    ratelimit_.struct_size = sizeof ratelimit_;
    ratelimit_.declare_bucket = FakeDeclare;
    api_.struct_size = sizeof api_;
    api_.ratelimit = &ratelimit_;
  }

  Host host() { return Host(&api_, reinterpret_cast<odmcp_host*>(&limiter_)); }

  FakeLimiter limiter_;
  odmcp_ratelimit_api ratelimit_{};
  odmcp_host_api api_{};
};

TEST_F(DeclareRateLimitTest, DeclaresTheSharedBucketWithTheSettings) {
  bool declared = false;
  ASSERT_TRUE(OrderDeskClient::DeclareRateLimit(host(), UpstreamLimit{100000, 50000}, &declared).ok());
  EXPECT_TRUE(declared);
  EXPECT_EQ(limiter_.bucket, "@orderdesk");
  EXPECT_EQ(limiter_.capacity, 100000);
  EXPECT_EQ(limiter_.refill_per_second, 50000);
}

TEST_F(DeclareRateLimitTest, SameNumbersInEveryPluginAreAccepted) {
  bool declared = false;
  ASSERT_TRUE(OrderDeskClient::DeclareRateLimit(host(), UpstreamLimit{}, &declared).ok());
  ASSERT_TRUE(OrderDeskClient::DeclareRateLimit(host(), UpstreamLimit{}, &declared).ok());
  EXPECT_TRUE(declared);
}

TEST_F(DeclareRateLimitTest, DifferentNumbersTellTheOperatorToAlignThePlugins) {
  bool declared = false;
  ASSERT_TRUE(OrderDeskClient::DeclareRateLimit(host(), UpstreamLimit{}, &declared).ok());
  Status status = OrderDeskClient::DeclareRateLimit(host(), UpstreamLimit{18, 5}, &declared);
  EXPECT_FALSE(declared);
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(status.message(),
            "the \"orderdesk\" rate-limit bucket (18 requests at once, then 5 per second) differs "
            "from the one already declared: give the stores, orders and products plugins the same "
            "upstream_burst and upstream_per_second, and restart the server to change them (a "
            "reload keeps the bucket)");
}

TEST_F(DeclareRateLimitTest, AHostWithoutALimiterIsNotAnError) {
  api_.ratelimit = nullptr;
  bool declared = true;
  EXPECT_TRUE(OrderDeskClient::DeclareRateLimit(host(), UpstreamLimit{}, &declared).ok());
  EXPECT_FALSE(declared);
}

}  // namespace
}  // namespace odmcp::orderdesk
