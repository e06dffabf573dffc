// The dates orders_list accepts in its date filters, checked before they
// reach OrderDesk (which would answer a bad one with a less precise error,
// or, in a lenient parser, silently with the wrong orders).
#ifndef ODMCP_PLUGINS_ORDERS_FILTER_DATE_H_
#define ODMCP_PLUGINS_ORDERS_FILTER_DATE_H_

#include <cstdint>
#include <string_view>

namespace odmcp::orders {

// How messages describe the accepted formats.
inline constexpr std::string_view kDateFormats =
    "YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, or ISO 8601 such as 2026-05-01T12:00:00Z";

struct FilterDate {
  // Seconds since 1970-01-01 00:00:00 of the date read as UTC, or, when it
  // has its own zone, of the instant it names.
  int64_t seconds = 0;
  bool has_zone = false;  // an ISO 8601 "Z" or "+HH:MM"
};

// Parses "YYYY-MM-DD" (midnight), "YYYY-MM-DD HH:MM:SS", or ISO 8601
// "YYYY-MM-DDTHH:MM:SS" with optional fractional seconds and an optional
// "Z" or "+HH:MM"/"-HH:MM". Checks that the date exists (no February 30th)
// and the time is on a clock. Returns false for anything else.
bool ParseFilterDate(std::string_view text, FilterDate* out);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_FILTER_DATE_H_
