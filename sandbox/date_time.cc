// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/date_time.h"

#include <chrono>
#include <cstdio>

namespace odmcp::sandbox {
namespace {

// Reads exactly `width` decimal digits at `*pos`, advancing it.
bool ReadDigits(std::string_view text, size_t* pos, size_t width, int64_t* out) {
  if (*pos + width > text.size()) return false;
  int64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *pos += width;
  *out = value;
  return true;
}

bool ReadChar(std::string_view text, size_t* pos, char expected) {
  if (*pos >= text.size() || text[*pos] != expected) return false;
  ++*pos;
  return true;
}

// Parses "Z", "+HH", "+HHMM" or "+HH:MM" (or "-") into seconds east of UTC.
bool ParseZone(std::string_view text, size_t* pos, int64_t* offset_seconds) {
  if (ReadChar(text, pos, 'Z') || ReadChar(text, pos, 'z')) {
    *offset_seconds = 0;
    return true;
  }
  if (*pos >= text.size()) return false;
  const char sign = text[*pos];
  if (sign != '+' && sign != '-') return false;
  ++*pos;
  int64_t hours = 0;
  int64_t minutes = 0;
  if (!ReadDigits(text, pos, 2, &hours)) return false;
  if (*pos < text.size()) {
    ReadChar(text, pos, ':');
    if (!ReadDigits(text, pos, 2, &minutes)) return false;
  }
  if (hours > 23 || minutes > 59) return false;
  *offset_seconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
  return true;
}

bool ParseCivilDate(std::string_view text, size_t* pos, int64_t* days) {
  int64_t year = 0;
  int64_t month = 0;
  int64_t day = 0;
  if (!ReadDigits(text, pos, 4, &year) || !ReadChar(text, pos, '-') ||
      !ReadDigits(text, pos, 2, &month) || !ReadChar(text, pos, '-') ||
      !ReadDigits(text, pos, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > DaysInMonth(year, static_cast<int>(month))) return false;
  *days = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  return true;
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void CivilFromDays(int64_t days, int64_t* year, int* month, int* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  *day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  *month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  *year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

int WeekdayFromDays(int64_t days) {
  // 1970-01-01 was a Thursday (4).
  const int64_t weekday = (days + 4) % 7;
  return static_cast<int>(weekday < 0 ? weekday + 7 : weekday);
}

std::string FormatDateTime(UnixSeconds t) {
  int64_t days = t / kSecondsPerDay;
  int64_t seconds_of_day = t % kSecondsPerDay;
  if (seconds_of_day < 0) {
    seconds_of_day += kSecondsPerDay;
    --days;
  }
  int64_t year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(days, &year, &month, &day);
  if (year < 0 || year > 9999) {
    char buffer[48];
    std::snprintf(buffer, sizeof(buffer), "%lld-%02d-%02d %02lld:%02lld:%02lld", static_cast<long long>(year),
                  month, day, static_cast<long long>(seconds_of_day / 3600),
                  static_cast<long long>(seconds_of_day / 60 % 60), static_cast<long long>(seconds_of_day % 60));
    return buffer;
  }
  // Formatted by hand: this runs for every date of every order served.
  std::string text = "0000-00-00 00:00:00";
  auto put = [&text](size_t at, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) text[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, month, 2);
  put(8, day, 2);
  put(11, seconds_of_day / 3600, 2);
  put(14, seconds_of_day / 60 % 60, 2);
  put(17, seconds_of_day % 60, 2);
  return text;
}

std::string FormatDate(UnixSeconds t) { return FormatDateTime(t).substr(0, 10); }

UnixSeconds NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool ParseDateTime(std::string_view text, ParsedDateTime* out) {
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseCivilDate(text, &pos, &days)) return false;
  int64_t hours = 0;
  int64_t minutes = 0;
  int64_t seconds = 0;
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T' || text[pos] == 't')) {
    ++pos;
    if (!ReadDigits(text, &pos, 2, &hours) || !ReadChar(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &minutes)) {
      return false;
    }
    if (ReadChar(text, &pos, ':') && !ReadDigits(text, &pos, 2, &seconds)) return false;
    if (ReadChar(text, &pos, '.')) {
      const size_t fraction_start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == fraction_start) return false;
    }
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return false;
  int64_t offset = 0;
  bool has_zone = false;
  if (pos < text.size()) {
    if (!ParseZone(text, &pos, &offset)) return false;
    has_zone = true;
  }
  if (pos != text.size()) return false;
  out->seconds = days * kSecondsPerDay + hours * 3600 + minutes * 60 + seconds - offset;
  out->has_zone = has_zone;
  return true;
}

bool ParseDate(std::string_view text, UnixSeconds* out) {
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseCivilDate(text, &pos, &days) || pos != text.size()) return false;
  *out = days * kSecondsPerDay;
  return true;
}

}  // namespace odmcp::sandbox
