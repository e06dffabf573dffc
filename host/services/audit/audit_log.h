// The audit log: one database row per tool call, written in batches by a
// background thread so a tool call never waits for the disk, and pruned to
// the retention period.
//
// Thread safety: Record may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_AUDIT_AUDIT_LOG_H_
#define ODMCP_HOST_SERVICES_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <deque>
#include <string>
#include <thread>

#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/services/storage/database.h"

namespace odmcp {

struct AuditRecord {
  int64_t time_ms = 0;
  int64_t tenant_id = 0;  // 0: no tenant
  std::string tool;
  std::string store;       // empty: none
  std::string outcome;     // "ok", "tool_error", or a status name
  int64_t duration_us = 0;
  std::string correlation_id;
  std::string arguments_json;  // already redacted
};

struct AuditOptions {
  int retention_days = 90;
  int64_t flush_interval_ms = 200;
  int64_t prune_interval_ms = 3600 * 1000;
  size_t max_queued = 100000;  // beyond this, records are dropped and counted
  // Times retention and the prune interval; not owned, must outlive the log.
  const Clock* clock = SystemClock();
};

class AuditLog {
 public:
  // Prunes once at start, then every prune interval.
  AuditLog(storage::Database& db, AuditOptions options);
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  // Writes what is queued, then stops the thread.
  ~AuditLog();

  void Record(AuditRecord record);
  // Blocks until every record queued before the call is written.
  void Flush();
  // Deletes rows older than the retention period; returns how many.
  int64_t Prune();
  // Records waiting to be written.
  size_t queued() EXCLUDES(mutex_);
  // Records dropped because max_queued were waiting.
  uint64_t dropped() EXCLUDES(mutex_);

 private:
  void Run() EXCLUDES(mutex_);
  void WriteBatch(std::deque<AuditRecord>& batch);

  storage::Database& db_;
  const AuditOptions options_;
  Mutex mutex_;
  CondVar wake_;     // the writer: something to write, or stop
  CondVar written_;  // Flush(): a batch was written
  std::deque<AuditRecord> queue_ GUARDED_BY(mutex_);
  uint64_t queued_total_ GUARDED_BY(mutex_) = 0;
  uint64_t written_total_ GUARDED_BY(mutex_) = 0;
  uint64_t dropped_ GUARDED_BY(mutex_) = 0;
  bool flush_requested_ GUARDED_BY(mutex_) = false;
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_AUDIT_AUDIT_LOG_H_
