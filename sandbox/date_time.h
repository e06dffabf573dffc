// Copyright 2026 The orderdesk-mcp Authors.
//
// UTC date and time handling for the sandbox. OrderDesk serializes every
// timestamp as "YYYY-MM-DD HH:MM:SS" in UTC and shipment dates as
// "YYYY-MM-DD"; clients send search dates in several forms (PHP strtotime is
// what the real service uses). Everything here is pure arithmetic on the
// proleptic Gregorian calendar: no libc time zone state, so every function is
// thread-safe.

#ifndef ODMCP_SANDBOX_DATE_TIME_H_
#define ODMCP_SANDBOX_DATE_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace odmcp::sandbox {

// Seconds since 1970-01-01 00:00:00 UTC.
using UnixSeconds = int64_t;

inline constexpr UnixSeconds kSecondsPerDay = 86400;

// Days since 1970-01-01 for a civil date (month 1..12, day 1..31).
int64_t DaysFromCivil(int64_t year, int month, int day);

// The civil date of a day count since 1970-01-01.
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day);

// Number of days in a month of a year.
int DaysInMonth(int64_t year, int month);

// 0 = Sunday .. 6 = Saturday, for a day count since 1970-01-01.
int WeekdayFromDays(int64_t days);

// "YYYY-MM-DD HH:MM:SS" (UTC).
std::string FormatDateTime(UnixSeconds t);

// "YYYY-MM-DD" (UTC).
std::string FormatDate(UnixSeconds t);

// Current wall-clock time, whole seconds.
UnixSeconds NowUnixSeconds();

// A date/time parsed from client input. When the text carried no zone
// (no "Z" and no "+HH:MM"), `seconds` is the wall-clock reading as if it
// were UTC and the caller decides which zone it belongs to.
struct ParsedDateTime {
  UnixSeconds seconds = 0;
  bool has_zone = false;
};

// Parses the forms OrderDesk clients are seen sending: "YYYY-MM-DD",
// "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS", the same with a "T" separator,
// optional fractional seconds (ignored), and an optional zone "Z", "+HH:MM",
// "+HHMM" or "+HH". A date without a time means midnight, as with strtotime.
// Returns false for anything else, including out-of-range fields.
bool ParseDateTime(std::string_view text, ParsedDateTime* out);

// Parses exactly "YYYY-MM-DD" (used for shipment dates).
bool ParseDate(std::string_view text, UnixSeconds* out);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_DATE_TIME_H_
