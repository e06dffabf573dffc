// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/time_zone.h"

#include "gtest/gtest.h"

namespace odmcp::sandbox {
namespace {

UnixSeconds Utc(const char* text) {
  ParsedDateTime parsed;
  EXPECT_TRUE(ParseDateTime(text, &parsed)) << text;
  return parsed.seconds;
}

TEST(TimeZoneTest, LosAngelesFollowsUsDaylightSaving) {
  TimeZone zone;
  std::string error;
  ASSERT_TRUE(TimeZone::Load("America/Los_Angeles", &zone, &error)) << error;
  EXPECT_EQ(zone.name(), "America/Los_Angeles");
  // 2025: daylight saving from 9 March 10:00 UTC to 2 November 09:00 UTC.
  EXPECT_EQ(zone.OffsetAt(Utc("2025-03-09 09:59:59")), -8 * 3600);
  EXPECT_EQ(zone.OffsetAt(Utc("2025-03-09 10:00:00")), -7 * 3600);
  EXPECT_EQ(zone.OffsetAt(Utc("2025-11-02 08:59:59")), -7 * 3600);
  EXPECT_EQ(zone.OffsetAt(Utc("2025-11-02 09:00:00")), -8 * 3600);
  EXPECT_EQ(FormatDateTime(zone.LocalToUtc(Utc("2025-07-01 00:00:00"))), "2025-07-01 07:00:00");
  EXPECT_EQ(FormatDateTime(zone.LocalToUtc(Utc("2025-02-01 00:00:00"))), "2025-02-01 08:00:00");
  // 01:30 happens twice on 2 November: the earlier (daylight) one is chosen.
  EXPECT_EQ(FormatDateTime(zone.LocalToUtc(Utc("2025-11-02 01:30:00"))), "2025-11-02 08:30:00");
}

TEST(TimeZoneTest, SouthernHemisphereAndFixedZones) {
  TimeZone sydney;
  std::string error;
  ASSERT_TRUE(TimeZone::Load("Australia/Sydney", &sydney, &error)) << error;
  EXPECT_EQ(sydney.OffsetAt(Utc("2025-01-15 00:00:00")), 11 * 3600);
  EXPECT_EQ(sydney.OffsetAt(Utc("2025-07-15 00:00:00")), 10 * 3600);
  TimeZone tokyo;
  ASSERT_TRUE(TimeZone::Load("Asia/Tokyo", &tokyo, &error)) << error;
  EXPECT_EQ(tokyo.OffsetAt(Utc("2025-07-15 00:00:00")), 9 * 3600);
  EXPECT_EQ(TimeZone().OffsetAt(Utc("2025-07-15 00:00:00")), 0);
}

TEST(TimeZoneTest, BadZonesAreReported) {
  TimeZone zone;
  std::string error;
  EXPECT_FALSE(TimeZone::Load("Mars/Olympus_Mons", &zone, &error));
  EXPECT_NE(error.find("not found"), std::string::npos) << error;
  EXPECT_FALSE(TimeZone::Load("../../etc/passwd", &zone, &error));
  EXPECT_FALSE(TimeZone::FromPosixRule("X", "<+05>-5,J60,J300", &zone, &error));
}

}  // namespace
}  // namespace odmcp::sandbox
