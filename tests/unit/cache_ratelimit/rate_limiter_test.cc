#include "host/services/ratelimit/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace odmcp {

// Found by argument-dependent lookup, so outside the unnamed namespace.
void PrintTo(const RateLimiter::Decision& d, std::ostream* out) {
  *out << "{allowed=" << d.allowed << ", retry_after_ms=" << d.retry_after_ms << "}";
}

namespace {

using Decision = RateLimiter::Decision;

constexpr Decision kAllowed{true, 0};

Decision Refused(int64_t retry_after_ms) { return {false, retry_after_ms}; }

// A clock that only moves when the test or the limiter's sleep moves it.
// Each sleep is recorded, and may run a hook first (standing in for other
// callers acting while a waiter sleeps).
class FakeTimeTest : public ::testing::Test {
 protected:
  RateLimiterOptions Options() {
    return {.now_unix_ms = [this] { return now_; },
            .sleep_ms =
                [this](int64_t ms) {
                  sleeps_.push_back(ms);
                  if (on_sleep_) on_sleep_();
                  now_ += ms;
                }};
  }

  int64_t SleptMs() const {
    int64_t total = 0;
    for (int64_t ms : sleeps_) total += ms;
    return total;
  }

  void Drain(RateLimiter& limiter, std::string_view family, std::string_view key, int tokens) {
    for (int i = 0; i < tokens; ++i) ASSERT_TRUE(limiter.TryAcquire(family, key, 1)->allowed);
  }

  int64_t now_ = 1'700'000'000'000;
  std::vector<int64_t> sleeps_;
  std::function<void()> on_sleep_;
};

using RateLimiterTest = FakeTimeTest;

TEST_F(RateLimiterTest, TenantBucketAllowsItsBurstThenTellsTheWait) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("tenant", 240, 2).value());
  Drain(limiter, "tenant", "t1", 240);
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 1), Refused(500));
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 2), Refused(1000));  // a write
  now_ += 499;
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 1), Refused(1));
  now_ += 1;
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 1), kAllowed);
}

TEST_F(RateLimiterTest, WritesCostTwo) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("tenant", 240, 2).ok());
  for (int i = 0; i < 120; ++i) ASSERT_EQ(limiter.TryAcquire("tenant", "t1", 2), kAllowed);
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 2), Refused(1000));
  now_ += 1000;
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 2), kAllowed);
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 1), Refused(500));
}

TEST_F(RateLimiterTest, RefillIsContinuousAndCapped) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  Drain(limiter, "orderdesk", "store-1", 20);
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "store-1", 1), Refused(334));
  now_ += 333;
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "store-1", 1), Refused(1));
  now_ += 1;
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "store-1", 1), kAllowed);
  now_ += 3'600'000;  // an hour refills 20, not 10,800
  Drain(limiter, "orderdesk", "store-1", 20);
  EXPECT_FALSE(limiter.TryAcquire("orderdesk", "store-1", 1)->allowed);
}

TEST_F(RateLimiterTest, KeysHaveTheirOwnBuckets) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  Drain(limiter, "orderdesk", "store-1", 20);
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "store-2", 20), kAllowed);
  EXPECT_EQ(limiter.BucketCount("orderdesk"), 2u);
}

TEST_F(RateLimiterTest, UndeclaredFamilyIsNotFound) {
  RateLimiter limiter(Options());
  EXPECT_EQ(limiter.TryAcquire("nope", "k", 1), std::nullopt);
  EXPECT_EQ(limiter.Acquire("nope", "k", 1, 0, {}), ODMCP_NOT_FOUND);
  EXPECT_EQ(limiter.BucketCount("nope"), 0u);
}

TEST_F(RateLimiterTest, RedeclaringNeedsTheSameNumbers) {
  RateLimiter limiter(Options());
  StatusOr<bool> first = limiter.Declare("orderdesk", 20, 3);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first.value());
  StatusOr<bool> again = limiter.Declare("orderdesk", 20, 3);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value());
  StatusOr<bool> different = limiter.Declare("orderdesk", 20, 4);
  ASSERT_FALSE(different.ok());
  EXPECT_NE(different.error().find("\"orderdesk\""), std::string::npos) << different.error();
  EXPECT_NE(different.error().find("refill 4/s: already declared with capacity 20 and refill 3/s"),
            std::string::npos)
      << different.error();
}

TEST_F(RateLimiterTest, RejectsInvalidNumbers) {
  RateLimiter limiter(Options());
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::nan("");
  for (auto [capacity, refill] : std::vector<std::pair<double, double>>{
           {0, 1}, {1, 0}, {-1, 1}, {1, -1}, {inf, 1}, {1, inf}, {nan, 1}, {1, nan}}) {
    EXPECT_FALSE(limiter.Declare("f", capacity, refill).ok()) << capacity << " " << refill;
  }
  EXPECT_EQ(limiter.TryAcquire("f", "k", 1), std::nullopt);
}

TEST_F(RateLimiterTest, ImpossibleCostsAreRefusedForGood) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  for (double cost : {20.5, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", cost), Refused(-1)) << cost;
    EXPECT_EQ(limiter.Acquire("orderdesk", "s", cost, 0, {}), ODMCP_INVALID_ARGUMENT) << cost;
  }
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 0), kAllowed);
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 20), kAllowed);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RateLimiterTest, AcquireReturnsAtOnceWhenTokensAreThere) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  EXPECT_EQ(limiter.Acquire("orderdesk", "s", 20, now_ + 1, {}), ODMCP_OK);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 1), Refused(334));
}

TEST_F(RateLimiterTest, AcquireSleepsExactlyTheDeficitInShortNaps) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  Drain(limiter, "orderdesk", "s", 20);
  EXPECT_EQ(limiter.Acquire("orderdesk", "s", 1, 0, {}), ODMCP_OK);
  EXPECT_EQ(SleptMs(), 334);
  for (int64_t ms : sleeps_) EXPECT_LE(ms, 50);
  // The token is taken: 0.002 left, the next one is 333 ms away.
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 1), Refused(333));
}

TEST_F(RateLimiterTest, DeadlineIsRefusedUpFrontWithoutSleeping) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("tenant", 240, 2).ok());
  Drain(limiter, "tenant", "t1", 240);
  EXPECT_EQ(limiter.Acquire("tenant", "t1", 2, now_ + 999, {}), ODMCP_DEADLINE_EXCEEDED);
  EXPECT_TRUE(sleeps_.empty());
  // Nothing was reserved.
  EXPECT_EQ(limiter.TryAcquire("tenant", "t1", 2), Refused(1000));
  EXPECT_EQ(limiter.Acquire("tenant", "t1", 2, now_ + 1000, {}), ODMCP_OK);
  EXPECT_EQ(SleptMs(), 1000);
}

TEST_F(RateLimiterTest, CancelledWaiterGivesItsReservationBack) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  Drain(limiter, "orderdesk", "s", 20);
  int polls = 0;  // once on entry, then before each nap: cancelled after two naps
  EXPECT_EQ(limiter.Acquire("orderdesk", "s", 3, 0, [&] { return ++polls > 3; }),
            ODMCP_CANCELLED);
  EXPECT_EQ(sleeps_, (std::vector<int64_t>{50, 50}));
  // 100 ms refilled 0.3 tokens and the 3 reserved ones are back.
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 1), Refused(234));
}

TEST_F(RateLimiterTest, AlreadyCancelledCallerDoesNotWait) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 20, 3).ok());
  Drain(limiter, "orderdesk", "s", 20);
  EXPECT_EQ(limiter.Acquire("orderdesk", "s", 1, 0, [] { return true; }), ODMCP_CANCELLED);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 1), Refused(334));
}

TEST_F(RateLimiterTest, LaterCallersQueueBehindAWaiter) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("orderdesk", 1, 1).ok());
  Drain(limiter, "orderdesk", "s", 1);
  bool checked = false;
  on_sleep_ = [&] {
    if (checked) return;
    checked = true;
    // While the first waiter sleeps for its token (1000 ms), a newcomer
    // must wait for that one and then its own.
    EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 1), Refused(2000));
    EXPECT_EQ(limiter.Acquire("orderdesk", "s", 1, now_ + 1999, {}), ODMCP_DEADLINE_EXCEEDED);
  };
  EXPECT_EQ(limiter.Acquire("orderdesk", "s", 1, 0, {}), ODMCP_OK);
  EXPECT_TRUE(checked);
  EXPECT_EQ(SleptMs(), 1000);
  EXPECT_EQ(limiter.TryAcquire("orderdesk", "s", 1), Refused(1000));
}

TEST_F(RateLimiterTest, ConcurrentCallersGetExactlyTheCapacity) {
  RateLimiter limiter(Options());  // the clock stands still
  ASSERT_TRUE(limiter.Declare("tenant", 4000, 2).ok());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.TryAcquire("tenant", "t1", 1)->allowed) ++allowed;
        limiter.TryAcquire("tenant", "other-" + std::to_string(i), 1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 4000);
}

TEST_F(RateLimiterTest, IdleBucketsAreForgotten) {
  RateLimiter limiter(Options());
  ASSERT_TRUE(limiter.Declare("tenant", 10, 1).ok());
  constexpr int kKeys = 100'000;
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(limiter.TryAcquire("tenant", "key-" + std::to_string(i), 1)->allowed);
  }
  ASSERT_TRUE(limiter.TryAcquire("tenant", "busy", 10)->allowed);
  EXPECT_EQ(limiter.BucketCount("tenant"), kKeys + 1u);

  now_ += 5000;  // refills the keys that used 1 token, not "busy"
  for (int i = 0; i < 2 * kKeys && limiter.BucketCount("tenant") > 2; ++i) {
    ASSERT_TRUE(limiter.TryAcquire("tenant", "hot", 0)->allowed);
  }
  EXPECT_EQ(limiter.BucketCount("tenant"), 2u);  // "busy" and "hot"
  // "busy" kept its state; a forgotten key starts full.
  EXPECT_EQ(limiter.TryAcquire("tenant", "busy", 10), Refused(5000));
  EXPECT_EQ(limiter.TryAcquire("tenant", "key-7", 10), kAllowed);
}

// The default clock and sleep, with small numbers.
TEST(RateLimiterRealTimeTest, AcquireWaitsForTheRefill) {
  RateLimiter limiter;
  ASSERT_TRUE(limiter.Declare("fast", 1, 20).ok());  // a token every 50 ms
  ASSERT_TRUE(limiter.TryAcquire("fast", "k", 1)->allowed);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(limiter.Acquire("fast", "k", 1, 0, {}), ODMCP_OK);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(40));
  EXPECT_LT(waited, std::chrono::milliseconds(1000));
}

TEST(RateLimiterRealTimeTest, CancellationFromAnotherThreadEndsTheWait) {
  RateLimiter limiter;
  ASSERT_TRUE(limiter.Declare("slow", 1, 0.1).ok());  // a token every 10 s
  ASSERT_TRUE(limiter.TryAcquire("slow", "k", 1)->allowed);
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancelled = true;
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(limiter.Acquire("slow", "k", 1, 0, [&] { return cancelled.load(); }),
            ODMCP_CANCELLED);
  auto waited = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_LT(waited, std::chrono::milliseconds(1000));
  // The reservation is back: the next token is under 10 s away, not 20.
  std::optional<Decision> next = limiter.TryAcquire("slow", "k", 1);
  ASSERT_TRUE(next.has_value());
  EXPECT_LE(next->retry_after_ms, 10'000);
}

}  // namespace
}  // namespace odmcp
