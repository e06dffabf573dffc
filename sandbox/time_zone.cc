// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/time_zone.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <utility>

namespace odmcp::sandbox {
namespace {

// A cursor over a POSIX TZ rule string.
class RuleReader {
 public:
  explicit RuleReader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  bool Peek(char c) const { return !AtEnd() && text_[pos_] == c; }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: letters, or anything between '<' and '>'.
  bool ReadAbbreviation() {
    if (Consume('<')) {
      while (!AtEnd() && text_[pos_] != '>') ++pos_;
      return Consume('>');
    }
    const size_t start = pos_;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
    return pos_ - start >= 3;
  }

  bool ReadNumber(int* out) {
    const size_t start = pos_;
    int value = 0;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    *out = value;
    return pos_ > start;
  }

  // [+-]hh[:mm[:ss]] as signed seconds.
  bool ReadClock(int* seconds) {
    int sign = 1;
    if (Consume('-')) {
      sign = -1;
    } else {
      Consume('+');
    }
    int hours = 0;
    int minutes = 0;
    int secs = 0;
    if (!ReadNumber(&hours)) return false;
    if (Consume(':') && !ReadNumber(&minutes)) return false;
    if (Consume(':') && !ReadNumber(&secs)) return false;
    *seconds = sign * (hours * 3600 + minutes * 60 + secs);
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

TimeZone::TimeZone() = default;

bool TimeZone::Load(std::string_view name, TimeZone* out, std::string* error,
                    std::string_view zoneinfo_dir) {
  if (name.empty() || name.find("..") != std::string_view::npos) {
    *error = "invalid time zone name '" + std::string(name) + "'";
    return false;
  }
  const std::string path = std::string(zoneinfo_dir) + "/" + std::string(name);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    *error = "time zone file " + path + " not found";
    return false;
  }
  const std::string contents((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // TZif version 2+ files end with "\n<POSIX rule>\n".
  if (contents.size() < 2 || contents.compare(0, 4, "TZif") != 0 || contents.back() != '\n') {
    *error = path + " is not a TZif file with a POSIX rule footer";
    return false;
  }
  const size_t rule_start = contents.rfind('\n', contents.size() - 2);
  if (rule_start == std::string::npos) {
    *error = path + " has no POSIX rule footer";
    return false;
  }
  const std::string rule = contents.substr(rule_start + 1, contents.size() - rule_start - 2);
  return FromPosixRule(name, rule, out, error);
}

bool TimeZone::FromPosixRule(std::string_view name, std::string_view rule, TimeZone* out,
                             std::string* error) {
  TimeZone zone;
  zone.name_ = std::string(name);
  RuleReader reader(rule);
  int standard_west = 0;
  if (!reader.ReadAbbreviation() || !reader.ReadClock(&standard_west)) {
    *error = "unsupported time zone rule '" + std::string(rule) + "'";
    return false;
  }
  // POSIX offsets count hours west of Greenwich; store seconds east.
  zone.standard_offset_ = -standard_west;
  zone.daylight_offset_ = zone.standard_offset_;
  if (!reader.AtEnd()) {
    if (!reader.ReadAbbreviation()) {
      *error = "unsupported time zone rule '" + std::string(rule) + "'";
      return false;
    }
    zone.has_daylight_ = true;
    zone.daylight_offset_ = zone.standard_offset_ + 3600;
    if (!reader.Peek(',')) {
      int daylight_west = 0;
      if (!reader.ReadClock(&daylight_west)) {
        *error = "unsupported time zone rule '" + std::string(rule) + "'";
        return false;
      }
      zone.daylight_offset_ = -daylight_west;
    }
    auto read_transition = [&reader](TransitionRule* transition) {
      if (!reader.Consume(',') || !reader.Consume('M') || !reader.ReadNumber(&transition->month) ||
          !reader.Consume('.') || !reader.ReadNumber(&transition->week) || !reader.Consume('.') ||
          !reader.ReadNumber(&transition->weekday)) {
        return false;
      }
      if (reader.Consume('/') && !reader.ReadClock(&transition->seconds)) return false;
      return transition->month >= 1 && transition->month <= 12 && transition->week >= 1 &&
             transition->week <= 5 && transition->weekday >= 0 && transition->weekday <= 6;
    };
    if (!read_transition(&zone.daylight_start_) || !read_transition(&zone.daylight_end_) ||
        !reader.AtEnd()) {
      *error = "unsupported time zone rule '" + std::string(rule) +
               "' (only the Mm.w.d transition form is supported)";
      return false;
    }
  }
  *out = std::move(zone);
  return true;
}

UnixSeconds TimeZone::TransitionUtc(const TransitionRule& rule, int64_t year,
                                    int offset_before) const {
  const int64_t first_of_month = DaysFromCivil(year, rule.month, 1);
  const int first_weekday = WeekdayFromDays(first_of_month);
  int64_t day = first_of_month + (rule.weekday - first_weekday + 7) % 7 + 7 * (rule.week - 1);
  const int64_t month_end = first_of_month + DaysInMonth(year, rule.month);
  while (day >= month_end) day -= 7;  // week 5 means "the last such weekday"
  return day * kSecondsPerDay + rule.seconds - offset_before;
}

int TimeZone::OffsetAt(UnixSeconds utc) const {
  if (!has_daylight_) return standard_offset_;
  int64_t year = 0;
  int month = 0;
  int day = 0;
  int64_t local_days = (utc + standard_offset_) / kSecondsPerDay;
  if ((utc + standard_offset_) % kSecondsPerDay < 0) --local_days;
  CivilFromDays(local_days, &year, &month, &day);
  const UnixSeconds start = TransitionUtc(daylight_start_, year, standard_offset_);
  const UnixSeconds end = TransitionUtc(daylight_end_, year, daylight_offset_);
  const bool in_daylight = start < end ? (utc >= start && utc < end) : (utc >= start || utc < end);
  return in_daylight ? daylight_offset_ : standard_offset_;
}

UnixSeconds TimeZone::LocalToUtc(UnixSeconds local) const {
  const UnixSeconds as_daylight = local - daylight_offset_;
  const UnixSeconds as_standard = local - standard_offset_;
  const bool daylight_valid = has_daylight_ && OffsetAt(as_daylight) == daylight_offset_;
  const bool standard_valid = OffsetAt(as_standard) == standard_offset_;
  if (daylight_valid && standard_valid) return std::min(as_daylight, as_standard);
  if (daylight_valid) return as_daylight;
  return as_standard;
}

}  // namespace odmcp::sandbox
