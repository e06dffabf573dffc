// LogThrottle: a burst of lines, then a steady rate, and a count of what
// was dropped carried by the next line written. The clock is the test's.
#include "host/services/log_throttle.h"

#include <gtest/gtest.h>

namespace odmcp {
namespace {

TEST(LogThrottleTest, ABurstPassesTheRestIsCountedAndReportedByTheNextLine) {
  LogThrottle throttle(/*now_ms=*/0, /*per_minute=*/60, /*burst=*/3);
  uint64_t suppressed = 99;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(throttle.Admit(0, &suppressed)) << i;
    EXPECT_EQ(suppressed, 0u);
  }
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(throttle.Admit(500, &suppressed)) << i;
  // One a second at 60 a minute.
  ASSERT_TRUE(throttle.Admit(1000, &suppressed));
  EXPECT_EQ(suppressed, 5u);
  EXPECT_FALSE(throttle.Admit(1500, &suppressed));
  ASSERT_TRUE(throttle.Admit(2000, &suppressed));
  EXPECT_EQ(suppressed, 1u);
}

TEST(LogThrottleTest, AQuietPeriodRefillsTheBurstButNoMore) {
  LogThrottle throttle(0, 60, 3);
  uint64_t suppressed = 0;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(throttle.Admit(0, &suppressed));
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += throttle.Admit(3600000, &suppressed) ? 1 : 0;
  EXPECT_EQ(admitted, 3);
}

}  // namespace
}  // namespace odmcp
