// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/date_time.h"

#include "gtest/gtest.h"

namespace odmcp::sandbox {
namespace {

TEST(DateTimeTest, FormatsUtcDateTimes) {
  EXPECT_EQ(FormatDateTime(0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatDateTime(1767225600), "2026-01-01 00:00:00");
  EXPECT_EQ(FormatDateTime(951782399), "2000-02-28 23:59:59");
  EXPECT_EQ(FormatDateTime(951868800), "2000-03-01 00:00:00");  // 2000 is a leap year
  EXPECT_EQ(FormatDateTime(-1), "1969-12-31 23:59:59");
  EXPECT_EQ(FormatDate(1767225599), "2025-12-31");
}

TEST(DateTimeTest, CivilDaysRoundTrip) {
  for (int64_t days = -800000; days <= 800000; days += 97) {
    int64_t year = 0;
    int month = 0;
    int day = 0;
    CivilFromDays(days, &year, &month, &day);
    ASSERT_EQ(DaysFromCivil(year, month, day), days);
  }
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(2025, 3, 9)), 0);  // a Sunday
}

TEST(DateTimeTest, ParsesTheFormsClientsSend) {
  ParsedDateTime parsed;
  ASSERT_TRUE(ParseDateTime("2015-12-31 11:59:59", &parsed));
  EXPECT_EQ(FormatDateTime(parsed.seconds), "2015-12-31 11:59:59");
  EXPECT_FALSE(parsed.has_zone);
  ASSERT_TRUE(ParseDateTime("2015-01-01", &parsed));
  EXPECT_EQ(FormatDateTime(parsed.seconds), "2015-01-01 00:00:00");
  ASSERT_TRUE(ParseDateTime("2024-05-01T12:00:00.000Z", &parsed));
  EXPECT_EQ(FormatDateTime(parsed.seconds), "2024-05-01 12:00:00");
  EXPECT_TRUE(parsed.has_zone);
  ASSERT_TRUE(ParseDateTime("2024-05-01T12:00:00-07:00", &parsed));
  EXPECT_EQ(FormatDateTime(parsed.seconds), "2024-05-01 19:00:00");
  ASSERT_TRUE(ParseDateTime("2024-05-01 12:00+0530", &parsed));
  EXPECT_EQ(FormatDateTime(parsed.seconds), "2024-05-01 06:30:00");
}

TEST(DateTimeTest, RejectsAnythingElse) {
  ParsedDateTime parsed;
  for (const char* text : {"", "yesterday", "2015-13-01", "2015-02-29", "2015-01-01 24:00:00", "2015-1-1",
                           "01/02/2015", "2015-01-01 10", "2015-01-01T10:00:00+25:00", "2015-01-01 10:00:00 junk"}) {
    EXPECT_FALSE(ParseDateTime(text, &parsed)) << text;
  }
  UnixSeconds day = 0;
  EXPECT_TRUE(ParseDate("2024-02-29", &day));
  EXPECT_FALSE(ParseDate("2024-02-29 10:00:00", &day));
}

}  // namespace
}  // namespace odmcp::sandbox
