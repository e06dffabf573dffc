// Reading the audit log (audit_log.h writes it) for `orderdesk-mcp audit`:
// filtered pages of rows in time order, and every matching row streamed in
// bounded memory.
//
//   auto query = AuditQuery::Open(config.storage.path, config.storage.busy_timeout_ms);
//   AuditFilter filter;
//   filter.tenant_id = query.value()->TenantId("alice").value();
//   auto page = query.value()->Page(filter, AuditOrder::kNewestFirst, std::nullopt, 50);
//
// The database is opened read-only, beside a running server (WAL lets a
// reader run while the server writes): no KMS key is needed, since the
// audit log and tenant names are not encrypted, and no migration is applied.
//
// Rows are ordered by (time_ms, id): time_ms is when a call started and ids
// follow when calls finished, so neither alone is time order. Paging is by
// keyset on that pair, never by offset, so a page costs the same however deep
// it is and rows written meanwhile shift nothing.
//
// Errors: NOT_FOUND for a database file, tenant or row that does not exist;
// FAILED_PRECONDITION for a file without the host's schema or from a newer
// orderdesk-mcp; UNAVAILABLE for SQLite failures, named with the file.
//
// Thread safety: thread-compatible; one AuditQuery serves one thread at a
// time (it owns one SQLite connection).
#ifndef ODMCP_HOST_SERVICES_AUDIT_AUDIT_QUERY_H_
#define ODMCP_HOST_SERVICES_AUDIT_AUDIT_QUERY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"
#include "host/services/audit/audit_log.h"
#include "host/services/storage/connection.h"

namespace odmcp {

// Which rows; an unset field matches every row.
struct AuditFilter {
  std::optional<int64_t> tenant_id;
  std::string tool;                 // empty: any
  std::string outcome;              // empty: any (see AuditOutcomes)
  std::optional<int64_t> since_ms;  // time_ms >= since_ms
  std::optional<int64_t> until_ms;  // time_ms < until_ms
};

struct AuditRow {
  int64_t id = 0;
  AuditRecord record;
  // Empty when the call had no tenant or its tenant has since been deleted
  // (record.tenant_id tells which).
  std::string tenant_name;
};

enum class AuditOrder { kNewestFirst, kOldestFirst };

// A row's place in the order: a page starts after it.
struct AuditPosition {
  int64_t time_ms = 0;
  int64_t id = 0;
};

struct AuditPage {
  std::vector<AuditRow> rows;
  bool more = false;  // rows beyond the last one match too
};

class AuditQuery {
 public:
  // Opens the host database at `path` read-only. Fails if the file does not
  // exist rather than creating it.
  static StatusOr<std::unique_ptr<AuditQuery>> Open(const std::string& path, int busy_timeout_ms);

  AuditQuery(const AuditQuery&) = delete;
  AuditQuery& operator=(const AuditQuery&) = delete;
  ~AuditQuery();

  // The id of the tenant named `name`; NOT_FOUND if there is none.
  StatusOr<int64_t> TenantId(std::string_view name);
  // Where row `id` stands in the order; NOT_FOUND if there is no such row
  // (never written, or pruned by retention since).
  StatusOr<AuditPosition> PositionOf(int64_t id);

  // Up to `limit` (> 0) rows matching `filter` in `order`, starting after
  // `after` when given. One read transaction.
  StatusOr<AuditPage> Page(const AuditFilter& filter, AuditOrder order,
                           std::optional<AuditPosition> after, int limit);

  // Hands every row matching `filter` to `sink`, in `order`, reading pages
  // of `page_rows` rows each in its own read transaction: memory stays
  // bounded, and the server's checkpoints are never held back by a long
  // export. A row written during the scan is included if it sorts after the
  // rows already handed over. Stops at the first error of `sink` and
  // returns it.
  Status ForEach(const AuditFilter& filter, AuditOrder order,
                 const std::function<Status(const AuditRow&)>& sink, int page_rows = 1000);

 private:
  AuditQuery(std::string path, std::unique_ptr<storage::Connection> connection);

  const std::string path_;
  std::unique_ptr<storage::Connection> connection_;
};

// Every outcome the host records: "ok", "tool_error", "input_required" and
// the names of the failing status codes ("NOT_FOUND", ...).
const std::vector<std::string>& AuditOutcomes();

// The Unix milliseconds named by `text`, one of: RFC 3339
// (2026-12-07T10:00:00Z, with optional fractional seconds and a numeric
// offset instead of Z), a date (2026-12-07: its midnight UTC), or a time
// ago from `now_ms` (90s, 30m, 1h, 7d). INVALID_ARGUMENT names the accepted
// forms.
StatusOr<int64_t> ParseAuditTime(std::string_view text, int64_t now_ms);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_AUDIT_AUDIT_QUERY_H_
