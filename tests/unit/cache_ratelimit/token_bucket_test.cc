#include "host/services/ratelimit/token_bucket.h"

#include <gtest/gtest.h>

namespace odmcp {
namespace {

constexpr BucketRate kOrderDesk{20, 3};

TEST(TokenBucketTest, StartsFullAndRefillsUpToCapacity) {
  TokenBucket bucket(kOrderDesk, 0);
  EXPECT_TRUE(bucket.IsFull(kOrderDesk));
  EXPECT_TRUE(bucket.TryTake(20));
  EXPECT_FALSE(bucket.TryTake(1));
  bucket.Refill(kOrderDesk, 1000);
  EXPECT_DOUBLE_EQ(bucket.tokens(), 3);
  bucket.Refill(kOrderDesk, 1'000'000);
  EXPECT_DOUBLE_EQ(bucket.tokens(), 20);
}

TEST(TokenBucketTest, WaitIsRoundedUpToWholeMilliseconds) {
  TokenBucket bucket(kOrderDesk, 0);
  ASSERT_TRUE(bucket.TryTake(20));
  EXPECT_EQ(bucket.WaitMs(kOrderDesk, 1), 334);  // 333.33...
  EXPECT_EQ(bucket.WaitMs(kOrderDesk, 3), 1000);  // exact, not 1001
  EXPECT_EQ(bucket.WaitMs(kOrderDesk, 0), 0);
}

TEST(TokenBucketTest, ClockGoingBackwardsRefillsNothingTwice) {
  TokenBucket bucket(kOrderDesk, 1000);
  ASSERT_TRUE(bucket.TryTake(20));
  bucket.Refill(kOrderDesk, 500);
  EXPECT_DOUBLE_EQ(bucket.tokens(), 0);
  bucket.Refill(kOrderDesk, 2000);  // counted from 1000, not from 500
  EXPECT_DOUBLE_EQ(bucket.tokens(), 3);
}

TEST(TokenBucketTest, ReservationGoesNegativeAndIsReturnedUpToCapacity) {
  TokenBucket bucket(kOrderDesk, 0);
  EXPECT_EQ(bucket.Reserve(kOrderDesk, 18), 0);
  EXPECT_EQ(bucket.Reserve(kOrderDesk, 5), 1000);  // 3 tokens short
  EXPECT_DOUBLE_EQ(bucket.tokens(), -3);
  EXPECT_FALSE(bucket.IsFull(kOrderDesk));
  bucket.Return(kOrderDesk, 5);
  bucket.Return(kOrderDesk, 50);
  EXPECT_DOUBLE_EQ(bucket.tokens(), 20);
}

}  // namespace
}  // namespace odmcp
