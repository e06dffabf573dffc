#include "host/services/http_client/retry_policy.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <random>

namespace odmcp {
namespace {

// A cursor over a header value for the small grammars below.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }

  bool Literal(std::string_view literal) {
    if (text_.substr(pos_, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }

  // Exactly `count` digits.
  bool Digits(size_t count, int* value) {
    if (pos_ + count > text_.size()) return false;
    int result = 0;
    for (size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      result = result * 10 + (c - '0');
    }
    pos_ += count;
    *value = result;
    return true;
  }

  // Letters up to the next non-letter.
  std::string_view Word() {
    const size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
    return text_.substr(start, pos_ - start);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kShortDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& names, std::string_view word) {
  return std::find(names.begin(), names.end(), word) != names.end();
}

bool Month(Scanner& scanner, int* month) {
  const std::string_view word = scanner.Word();
  const auto it = std::find(kMonths.begin(), kMonths.end(), word);
  if (it == kMonths.end()) return false;
  *month = static_cast<int>(it - kMonths.begin()) + 1;
  return true;
}

bool TimeOfDay(Scanner& scanner, int* hour, int* minute, int* second) {
  return scanner.Digits(2, hour) && scanner.Literal(":") && scanner.Digits(2, minute) && scanner.Literal(":") &&
         scanner.Digits(2, second) && *hour < 24 && *minute < 60 && *second <= 60;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), so no time zone or locale is involved.
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<size_t>(month - 1)];
}

// Unix seconds of an HTTP-date, or nullopt.
std::optional<int64_t> ParseHttpDate(std::string_view text) {
  Scanner scanner(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const std::string_view day_name = scanner.Word();
  bool ok = false;
  if (OneOf(kShortDays, day_name) && scanner.Literal(", ")) {
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    ok = scanner.Digits(2, &day) && scanner.Literal(" ") && Month(scanner, &month) && scanner.Literal(" ") &&
         scanner.Digits(4, &year) && scanner.Literal(" ") && TimeOfDay(scanner, &hour, &minute, &second) &&
         scanner.Literal(" GMT");
  } else if (OneOf(kLongDays, day_name) && scanner.Literal(", ")) {
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT. A two-digit year is taken
    // as the nearest one not more than 50 years ahead (RFC 9110 5.6.7),
    // here simplified to 1970-2069.
    ok = scanner.Digits(2, &day) && scanner.Literal("-") && Month(scanner, &month) && scanner.Literal("-") &&
         scanner.Digits(2, &year) && scanner.Literal(" ") && TimeOfDay(scanner, &hour, &minute, &second) &&
         scanner.Literal(" GMT");
    year += year < 70 ? 2000 : 1900;
  } else if (OneOf(kShortDays, day_name) && scanner.Literal(" ")) {
    // asctime: Sun Nov  6 08:49:37 1994
    ok = Month(scanner, &month) && scanner.Literal(" ") &&
         (scanner.Literal(" ") ? scanner.Digits(1, &day) : scanner.Digits(2, &day)) && scanner.Literal(" ") &&
         TimeOfDay(scanner, &hour, &minute, &second) && scanner.Literal(" ") && scanner.Digits(4, &year);
  }
  if (!ok || !scanner.done() || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool IsIdempotentMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

bool IsRetryableStatus(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

int64_t BackoffCeilingMs(int retry, int64_t base_ms, int64_t cap_ms) {
  if (base_ms <= 0 || cap_ms <= 0) return 0;
  int64_t ceiling = base_ms;
  for (int i = 0; i < retry && ceiling < cap_ms; ++i) ceiling *= 2;
  return std::min(ceiling, cap_ms);
}

int64_t FullJitterMs(int64_t ceiling_ms) {
  if (ceiling_ms <= 0) return 0;
  thread_local std::mt19937_64 random(std::random_device{}());
  return std::uniform_int_distribution<int64_t>(0, ceiling_ms)(random);
}

std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_ms) {
  value = TrimSpaces(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // More than a year is as good as forever to a caller; clamping keeps
    // the arithmetic far from overflow.
    constexpr int64_t kMaxSeconds = 366LL * 24 * 3600;
    int64_t seconds = 0;
    for (char c : value) {
      seconds = std::min(kMaxSeconds, seconds * 10 + (c - '0'));
    }
    return seconds * 1000;
  }
  const std::optional<int64_t> date = ParseHttpDate(value);
  if (!date) return std::nullopt;
  return std::max<int64_t>(0, *date * 1000 - now_unix_ms);
}

std::optional<int64_t> RetryAfterFromHeaders(const std::vector<HttpHeader>& headers, int64_t now_unix_ms) {
  std::optional<int64_t> longest;
  for (const HttpHeader& header : headers) {
    if (strcasecmp(header.name.c_str(), "Retry-After") != 0 && strcasecmp(header.name.c_str(), "X-Retry-After") != 0) {
      continue;
    }
    const std::optional<int64_t> wait = ParseRetryAfterMs(header.value, now_unix_ms);
    if (wait && (!longest || *wait > *longest)) longest = wait;
  }
  return longest;
}

}  // namespace odmcp
