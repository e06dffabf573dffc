#include "plugins/orders/filter_date.h"

#include <cstddef>

namespace odmcp::orders {
namespace {

// Reads `count` digits at text[at] into *value.
bool Digits(std::string_view text, size_t at, size_t count, int* value) {
  if (at + count > text.size()) return false;
  *value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    *value = *value * 10 + (text[i] - '0');
  }
  return true;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int year, int month, int day) {
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// "HH:MM:SS" at text[at].
bool ClockTime(std::string_view text, size_t at, int64_t* seconds) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!Digits(text, at, 2, &hour) || at + 2 >= text.size() || text[at + 2] != ':' ||
      !Digits(text, at + 3, 2, &minute) || at + 5 >= text.size() || text[at + 5] != ':' ||
      !Digits(text, at + 6, 2, &second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  *seconds = hour * 3600 + minute * 60 + second;
  return true;
}

// The optional tail of an ISO 8601 time from text[at]: ".fraction", then
// "Z" or "+HH:MM" / "-HH:MM". Sets *offset to the zone's offset east of UTC.
bool IsoTail(std::string_view text, size_t at, int64_t* offset, bool* has_zone) {
  if (at < text.size() && text[at] == '.') {
    size_t digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) ++digits;
    if (digits == 0 || digits > 9) return false;
  }
  *offset = 0;
  *has_zone = false;
  if (at == text.size()) return true;
  if (text[at] == 'Z' && at + 1 == text.size()) {
    *has_zone = true;
    return true;
  }
  if ((text[at] != '+' && text[at] != '-') || at + 6 != text.size()) return false;
  int hours = 0;
  int minutes = 0;
  if (!Digits(text, at + 1, 2, &hours) || text[at + 3] != ':' ||
      !Digits(text, at + 4, 2, &minutes) || hours > 23 || minutes > 59) {
    return false;
  }
  *offset = (text[at] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  *has_zone = true;
  return true;
}

}  // namespace

bool ParseFilterDate(std::string_view text, FilterDate* out) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!Digits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  int64_t seconds = DaysFromCivil(year, month, day) * 86400;
  bool has_zone = false;
  if (text.size() > 10) {
    int64_t time = 0;
    if ((text[10] != ' ' && text[10] != 'T') || !ClockTime(text, 11, &time)) return false;
    seconds += time;
    int64_t offset = 0;
    if (text[10] == ' ') {
      if (text.size() != 19) return false;
    } else if (!IsoTail(text, 19, &offset, &has_zone)) {
      return false;
    }
    seconds -= offset;
  }
  out->seconds = seconds;
  out->has_zone = has_zone;
  return true;
}

}  // namespace odmcp::orders
