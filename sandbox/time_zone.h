// Copyright 2026 The orderdesk-mcp Authors.
//
// The store time zone, used by the `search_*_date_local` filters. A zone is
// read from the POSIX TZ rule at the end of its TZif file in
// /usr/share/zoneinfo (for example "PST8PDT,M3.2.0,M11.1.0"), which states
// the zone's current standard offset and daylight-saving rule. Instants are
// converted with that rule in every year, so dates before the zone's most
// recent rule change may be off by the difference; the sandbox's seeded data
// lies after those changes for every zone it uses.
//
// Thread-safety: a TimeZone is immutable after Load and safe to share.

#ifndef ODMCP_SANDBOX_TIME_ZONE_H_
#define ODMCP_SANDBOX_TIME_ZONE_H_

#include <string>
#include <string_view>

#include "sandbox/date_time.h"

namespace odmcp::sandbox {

class TimeZone {
 public:
  // UTC, with no daylight saving.
  TimeZone();

  // Loads the zone `name` (an IANA name such as "America/Los_Angeles") from
  // `zoneinfo_dir`. Returns false and sets *error when the file is missing
  // or its rule uses a form this parser does not support.
  static bool Load(std::string_view name, TimeZone* out, std::string* error,
                   std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

  // Parses a POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0" or "JST-9".
  static bool FromPosixRule(std::string_view name, std::string_view rule, TimeZone* out,
                            std::string* error);

  const std::string& name() const { return name_; }

  // Offset from UTC, in seconds east, in effect at a UTC instant.
  int OffsetAt(UnixSeconds utc) const;

  // Converts a local wall-clock reading (expressed as if it were UTC) to the
  // UTC instant. In the repeated hour at the end of daylight saving the
  // earlier instant is chosen; a reading in the skipped hour is taken as
  // standard time.
  UnixSeconds LocalToUtc(UnixSeconds local) const;

 private:
  // A transition day in the "Mm.w.d/time" form: weekday d (0 = Sunday) of
  // week w (5 = last) of month m, at `seconds` after local midnight.
  struct TransitionRule {
    int month = 0;
    int week = 0;
    int weekday = 0;
    int seconds = 7200;
  };

  // The UTC instants at which daylight saving starts and ends in `year`.
  UnixSeconds TransitionUtc(const TransitionRule& rule, int64_t year, int offset_before) const;

  std::string name_ = "UTC";
  int standard_offset_ = 0;  // seconds east of UTC
  int daylight_offset_ = 0;
  bool has_daylight_ = false;
  TransitionRule daylight_start_;
  TransitionRule daylight_end_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_TIME_ZONE_H_
