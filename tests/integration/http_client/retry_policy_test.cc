// Retry rules without a network: which methods and statuses may be
// retried, the backoff schedule, and Retry-After parsing (delay-seconds and
// the three HTTP-date formats of RFC 9110 section 5.6.7).

#include "host/services/http_client/retry_policy.h"

#include "gtest/gtest.h"

namespace odmcp {
namespace {

// Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example date.
constexpr int64_t kRfcExampleMs = 784111777000;

TEST(RetryPolicyTest, IdempotentMethods) {
  for (const char* method : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}) EXPECT_TRUE(IsIdempotentMethod(method));
  for (const char* method : {"POST", "PATCH", "get", ""}) EXPECT_FALSE(IsIdempotentMethod(method)) << method;
}

TEST(RetryPolicyTest, RetryableStatuses) {
  for (int status : {429, 502, 503, 504}) EXPECT_TRUE(IsRetryableStatus(status));
  for (int status : {200, 301, 400, 401, 404, 409, 500, 501}) EXPECT_FALSE(IsRetryableStatus(status)) << status;
}

TEST(RetryPolicyTest, BackoffDoublesUpToTheCap) {
  EXPECT_EQ(BackoffCeilingMs(0, 100, 5000), 100);
  EXPECT_EQ(BackoffCeilingMs(1, 100, 5000), 200);
  EXPECT_EQ(BackoffCeilingMs(5, 100, 5000), 3200);
  EXPECT_EQ(BackoffCeilingMs(6, 100, 5000), 5000);
  EXPECT_EQ(BackoffCeilingMs(1000, 100, 5000), 5000) << "no overflow however many retries";
  EXPECT_EQ(BackoffCeilingMs(3, 0, 5000), 0);
}

TEST(RetryPolicyTest, FullJitterSpansTheWholeInterval) {
  int64_t low = 1000, high = 0;
  for (int i = 0; i < 2000; ++i) {
    const int64_t wait = FullJitterMs(1000);
    ASSERT_GE(wait, 0);
    ASSERT_LE(wait, 1000);
    low = std::min(low, wait);
    high = std::max(high, wait);
  }
  // 2000 uniform draws from [0, 1000] all above 100 (or all below 900):
  // probability 0.9^2000, never.
  EXPECT_LT(low, 100);
  EXPECT_GT(high, 900);
  EXPECT_EQ(FullJitterMs(0), 0);
}

TEST(RetryPolicyTest, RetryAfterSeconds) {
  EXPECT_EQ(ParseRetryAfterMs("0", 0), 0);
  EXPECT_EQ(ParseRetryAfterMs("1", 0), 1000);
  EXPECT_EQ(ParseRetryAfterMs(" 120 ", 0), 120000) << "surrounding whitespace is allowed";
  EXPECT_EQ(ParseRetryAfterMs("99999999999999999999999", 0), 366LL * 24 * 3600 * 1000) << "clamped, not overflowed";
  for (const char* bad : {"", "-1", "1.5", "1s", "soon", "0x10"}) {
    EXPECT_FALSE(ParseRetryAfterMs(bad, 0).has_value()) << bad;
  }
}

TEST(RetryPolicyTest, RetryAfterHttpDateInAllThreeFormats) {
  const int64_t now = kRfcExampleMs - 30000;
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", now), 30000) << "IMF-fixdate";
  EXPECT_EQ(ParseRetryAfterMs("Sunday, 06-Nov-94 08:49:37 GMT", now), 30000) << "RFC 850";
  EXPECT_EQ(ParseRetryAfterMs("Sun Nov  6 08:49:37 1994", now), 30000) << "asctime";
  EXPECT_EQ(ParseRetryAfterMs("Sun Nov 16 08:49:37 1994", now), 30000 + 10LL * 86400 * 1000);
}

TEST(RetryPolicyTest, RetryAfterDatesAcrossYearsAndLeapDays) {
  // 2000-01-01T00:00:00Z is 946684800; 2024-02-29T12:00:00Z is 1709208000.
  EXPECT_EQ(ParseRetryAfterMs("Sat, 01 Jan 2000 00:00:00 GMT", 946684800000 - 5000), 5000);
  EXPECT_EQ(ParseRetryAfterMs("Thu, 29 Feb 2024 12:00:00 GMT", 1709208000000 - 1000), 1000);
  EXPECT_EQ(ParseRetryAfterMs("Saturday, 01-Jan-00 00:00:00 GMT", 946684800000 - 5000), 5000)
      << "a two-digit year 00 is 2000";
}

TEST(RetryPolicyTest, RetryAfterDateInThePastMeansNoWait) {
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExampleMs + 60000), 0);
}

TEST(RetryPolicyTest, MalformedDatesAreRefused) {
  for (const char* bad : {"Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
                          "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                          "Sun, 06 Foo 1994 08:49:37 GMT", "Sunday, 06 Nov 1994 08:49:37 GMT",
                          "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
                          "Sun, 06 Nov 1994 08:49:37 GMT trailing"}) {
    EXPECT_FALSE(ParseRetryAfterMs(bad, 0).has_value()) << bad;
  }
}

TEST(RetryPolicyTest, TheLongestOfRetryAfterAndXRetryAfterCounts) {
  EXPECT_EQ(RetryAfterFromHeaders({{"x-retry-after", "3"}}, 0), 3000) << "OrderDesk's header, any case";
  EXPECT_EQ(RetryAfterFromHeaders({{"Retry-After", "1"}, {"X-Retry-After", "2"}}, 0), 2000);
  EXPECT_EQ(RetryAfterFromHeaders({{"Retry-After", "5"}, {"X-Retry-After", "bogus"}}, 0), 5000);
  EXPECT_FALSE(RetryAfterFromHeaders({{"Content-Type", "text/plain"}}, 0).has_value());
}

}  // namespace
}  // namespace odmcp
