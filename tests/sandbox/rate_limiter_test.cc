// Copyright 2026 The orderdesk-mcp Authors.
//
// The bucket arithmetic, with the clock passed in so no test waits.

#include "sandbox/rate_limiter.h"

#include "gtest/gtest.h"

namespace odmcp::sandbox {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiterTest, TwentyThenEmptyThenThreePerSecond) {
  RateLimiter limiter(2, /*enabled=*/true);
  const RateLimiter::Clock::time_point start = RateLimiter::Clock::now();
  for (int i = 0; i < 20; ++i) {
    const RateLimiter::Decision decision = limiter.Take(0, start);
    ASSERT_TRUE(decision.allowed) << i;
    EXPECT_EQ(decision.tokens_remaining, 19 - i);
  }
  RateLimiter::Decision empty = limiter.Take(0, start);
  EXPECT_FALSE(empty.allowed);
  EXPECT_EQ(empty.retry_after_seconds, 1);
  EXPECT_TRUE(limiter.Take(1, start).allowed) << "buckets are independent";

  // One second later three tokens are back, and no more.
  const auto later = start + milliseconds(1000);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take(0, later).allowed) << i;
  EXPECT_FALSE(limiter.Take(0, later).allowed);
  // Never more than the capacity, however long the wait.
  EXPECT_EQ(limiter.Peek(0, start + std::chrono::hours(1)), 20);
}

TEST(RateLimiterTest, ResetRefillsAndDisabledNeverLimits) {
  RateLimiter limiter(1, /*enabled=*/true);
  const auto now = RateLimiter::Clock::now();
  for (int i = 0; i < 25; ++i) limiter.Take(0, now);
  limiter.Reset();
  EXPECT_TRUE(limiter.Take(0, RateLimiter::Clock::now()).allowed);

  RateLimiter off(1, /*enabled=*/false);
  for (int i = 0; i < 1000; ++i) {
    const RateLimiter::Decision decision = off.Take(0, now);
    ASSERT_TRUE(decision.allowed);
    ASSERT_EQ(decision.tokens_remaining, 20);
  }
}

}  // namespace
}  // namespace odmcp::sandbox
