#include "host/services/audit/audit_query.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <variant>

#include "host/common/status_names.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/schema.h"

namespace odmcp {
namespace {

constexpr const char* kSelectRows =
    "SELECT a.id, a.time_ms, a.tenant_id, t.name, a.tool, a.store, a.outcome, a.duration_us, "
    "a.correlation_id, a.arguments FROM audit_log a LEFT JOIN tenants t ON t.id = a.tenant_id";

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;

// Runs `work`, turning a StorageError into a Status naming the file.
template <class T, class Work>
StatusOr<T> Guarded(const std::string& path, Work&& work) {
  try {
    return work();
  } catch (const storage::StorageError& e) {
    return Status(ODMCP_UNAVAILABLE, storage::DescribeStorageError(path, e));
  }
}

AuditRow ReadRow(const storage::Statement& s) {
  AuditRow row;
  row.id = s.Int(0);
  row.record.time_ms = s.Int(1);
  row.record.tenant_id = s.IsNull(2) ? 0 : s.Int(2);
  row.tenant_name = s.Text(3);
  row.record.tool = s.Text(4);
  row.record.store = s.Text(5);
  row.record.outcome = s.Text(6);
  row.record.duration_us = s.Int(7);
  row.record.correlation_id = s.Text(8);
  row.record.arguments_json = s.Text(9);
  return row;
}

// The digits text[pos, pos + width) as a number; nullopt if any is not a digit.
std::optional<int> Digits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int n = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

// 90s, 30m, 1h, 7d before `now_ms`.
std::optional<int64_t> ParseAgo(std::string_view text, int64_t now_ms) {
  // Nine digits of days still fit an int64_t of milliseconds.
  if (text.size() < 2 || text.size() > 10) return std::nullopt;
  std::optional<int> count = Digits(text, 0, text.size() - 1);
  if (!count) return std::nullopt;
  switch (text.back()) {
    case 's':
      return now_ms - *count * kSecondMs;
    case 'm':
      return now_ms - *count * kMinuteMs;
    case 'h':
      return now_ms - *count * kHourMs;
    case 'd':
      return now_ms - *count * kDayMs;
    default:
      return std::nullopt;
  }
}

// RFC 3339 date-time (section 5.6) or full-date (midnight UTC).
std::optional<int64_t> ParseRfc3339(std::string_view text) {
  std::optional<int> year = Digits(text, 0, 4);
  std::optional<int> month = Digits(text, 5, 2);
  std::optional<int> day = Digits(text, 8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  const int64_t midnight = std::chrono::sys_days(date).time_since_epoch().count() * kDayMs;
  if (text.size() == 10) return midnight;

  std::optional<int> hour = Digits(text, 11, 2);
  std::optional<int> minute = Digits(text, 14, 2);
  std::optional<int> second = Digits(text, 17, 2);
  if (!hour || !minute || !second || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':' || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  int64_t time = midnight + *hour * kHourMs + *minute * kMinuteMs + *second * kSecondMs;
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    const size_t first = ++pos;
    int64_t scale = 100;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10) {
      time += (text[pos] - '0') * scale;  // digits past milliseconds add 0
    }
    if (pos == first) return std::nullopt;
  }
  if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) return time;
  std::optional<int> offset_hours = Digits(text, pos + 1, 2);
  std::optional<int> offset_minutes = Digits(text, pos + 4, 2);
  if (pos + 6 != text.size() || (text[pos] != '+' && text[pos] != '-') || text[pos + 3] != ':' ||
      !offset_hours || !offset_minutes || *offset_hours > 23 || *offset_minutes > 59) {
    return std::nullopt;
  }
  const int64_t offset = *offset_hours * kHourMs + *offset_minutes * kMinuteMs;
  // 10:00+02:00 is 08:00Z.
  return text[pos] == '+' ? time - offset : time + offset;
}

}  // namespace

AuditQuery::AuditQuery(std::string path, std::unique_ptr<storage::Connection> connection)
    : path_(std::move(path)), connection_(std::move(connection)) {}

AuditQuery::~AuditQuery() = default;

StatusOr<std::unique_ptr<AuditQuery>> AuditQuery::Open(const std::string& path,
                                                       int busy_timeout_ms) {
  // SQLite would report a missing file only as "unable to open".
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return Status(ODMCP_NOT_FOUND, "database " + path +
                                         " does not exist: no server or admin command has used "
                                         "this [storage] path yet");
    }
    return Status(ODMCP_UNAVAILABLE, "database " + path + ": " + std::strerror(errno));
  }
  return Guarded<std::unique_ptr<AuditQuery>>(path, [&]() -> StatusOr<std::unique_ptr<AuditQuery>> {
    auto connection =
        std::make_unique<storage::Connection>(path, SQLITE_OPEN_READONLY, busy_timeout_ms);
    const int64_t version = connection->QueryInt("PRAGMA user_version").value_or(0);
    const int latest = HostSchema().back().version;
    if (version > latest) {
      return Status(ODMCP_FAILED_PRECONDITION,
                    "database " + path + ": schema version " + std::to_string(version) +
                        " is newer than this orderdesk-mcp understands (" + std::to_string(latest) +
                        "); run the orderdesk-mcp that wrote it");
    }
    if (version < 1) {
      return Status(ODMCP_FAILED_PRECONDITION,
                    "database " + path +
                        " has no audit log: it is not an orderdesk-mcp database, or no "
                        "orderdesk-mcp has opened it yet");
    }
    // An older schema (a server not yet restarted after an upgrade)
    // has every column read here; it may only lack an index.
    return std::unique_ptr<AuditQuery>(new AuditQuery(path, std::move(connection)));
  });
}

StatusOr<int64_t> AuditQuery::TenantId(std::string_view name) {
  return Guarded<int64_t>(path_, [&]() -> StatusOr<int64_t> {
    storage::Statement s = connection_->Prepare("SELECT id FROM tenants WHERE name = ?");
    s.Bind(1, name);
    if (!s.Step()) {
      return Status(ODMCP_NOT_FOUND,
                    "no tenant named \"" + std::string(name) + "\" (see: tenant list)");
    }
    return s.Int(0);
  });
}

StatusOr<AuditPosition> AuditQuery::PositionOf(int64_t id) {
  return Guarded<AuditPosition>(path_, [&]() -> StatusOr<AuditPosition> {
    storage::Statement s = connection_->Prepare("SELECT time_ms FROM audit_log WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) {
      return Status(ODMCP_NOT_FOUND, "no audit row has id " + std::to_string(id) +
                                         ": it was pruned ([audit] retention_days) or never "
                                         "written");
    }
    return AuditPosition{s.Int(0), id};
  });
}

StatusOr<AuditPage> AuditQuery::Page(const AuditFilter& filter, AuditOrder order,
                                     std::optional<AuditPosition> after, int limit) {
  const bool newest_first = order == AuditOrder::kNewestFirst;
  // Only the filters given reach the SQL, so that SQLite picks the index
  // that fits them (tenant and time, or time).
  std::string sql = kSelectRows;
  std::vector<std::variant<int64_t, std::string>> values;
  auto where = [&](const char* condition) {
    sql += values.empty() ? " WHERE " : " AND ";
    sql += condition;
  };
  if (filter.tenant_id) {
    where("a.tenant_id = ?");
    values.emplace_back(*filter.tenant_id);
  }
  if (!filter.tool.empty()) {
    where("a.tool = ?");
    values.emplace_back(filter.tool);
  }
  if (!filter.outcome.empty()) {
    where("a.outcome = ?");
    values.emplace_back(filter.outcome);
  }
  if (filter.since_ms) {
    where("a.time_ms >= ?");
    values.emplace_back(*filter.since_ms);
  }
  if (filter.until_ms) {
    where("a.time_ms < ?");
    values.emplace_back(*filter.until_ms);
  }
  if (after) {
    where(newest_first ? "(a.time_ms, a.id) < (?, ?)" : "(a.time_ms, a.id) > (?, ?)");
    values.emplace_back(after->time_ms);
    values.emplace_back(after->id);
  }
  sql += newest_first ? " ORDER BY a.time_ms DESC, a.id DESC LIMIT ?"
                      : " ORDER BY a.time_ms, a.id LIMIT ?";
  // One row beyond the page tells whether there are more.
  values.emplace_back(int64_t{limit} + 1);

  return Guarded<AuditPage>(path_, [&]() -> StatusOr<AuditPage> {
    storage::Statement s = connection_->Prepare(sql);
    for (size_t i = 0; i < values.size(); ++i) {
      std::visit([&](const auto& value) { s.Bind(static_cast<int>(i + 1), value); }, values[i]);
    }
    AuditPage page;
    while (s.Step()) page.rows.push_back(ReadRow(s));
    if (page.rows.size() > static_cast<size_t>(limit)) {
      page.rows.pop_back();
      page.more = true;
    }
    return page;
  });
}

Status AuditQuery::ForEach(const AuditFilter& filter, AuditOrder order,
                           const std::function<Status(const AuditRow&)>& sink, int page_rows) {
  std::optional<AuditPosition> after;
  while (true) {
    StatusOr<AuditPage> page = Page(filter, order, after, page_rows);
    if (!page.ok()) return page.status();
    for (const AuditRow& row : page.value().rows) {
      Status written = sink(row);
      if (!written.ok()) return written;
    }
    if (!page.value().more) return Status::Ok();
    const AuditRow& last = page.value().rows.back();
    after = AuditPosition{last.record.time_ms, last.id};
  }
}

const std::vector<std::string>& AuditOutcomes() {
  static const std::vector<std::string> kOutcomes = [] {
    std::vector<std::string> outcomes = {"ok", "tool_error", "input_required"};
    for (int code = ODMCP_CANCELLED; code <= ODMCP_UNAUTHENTICATED; ++code) {
      outcomes.emplace_back(StatusName(static_cast<odmcp_status>(code)));
    }
    return outcomes;
  }();
  return kOutcomes;
}

StatusOr<int64_t> ParseAuditTime(std::string_view text, int64_t now_ms) {
  std::optional<int64_t> time = ParseAgo(text, now_ms);
  if (!time) time = ParseRfc3339(text);
  if (!time) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "\"" + std::string(text) +
                      "\" is not a time: use RFC 3339 (2026-12-07T10:00:00Z), a date "
                      "(2026-12-07, midnight UTC) or a time ago (90s, 30m, 1h, 7d)");
  }
  return *time;
}

}  // namespace odmcp
