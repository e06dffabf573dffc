#include "host/services/audit/audit_log.h"

#include "host/common/clock.h"
#include "host/services/log.h"

namespace odmcp {

AuditLog::AuditLog(storage::Database& db, AuditOptions options) : db_(db), options_(options) {
  Prune();
  thread_ = std::thread([this] { Run(); });
}

AuditLog::~AuditLog() {
  {
    MutexLock lock(&mutex_);
    stopping_ = true;
  }
  wake_.SignalAll();
  thread_.join();
}

void AuditLog::Record(AuditRecord record) {
  MutexLock lock(&mutex_);
  if (queue_.size() >= options_.max_queued) {
    // The database cannot keep up; losing audit rows is better than
    // growing without bound. The count is reported when writing resumes.
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(record));
  ++queued_total_;
}

void AuditLog::Flush() {
  MutexLock lock(&mutex_);
  const uint64_t target = queued_total_;
  flush_requested_ = true;
  wake_.SignalAll();
  while (written_total_ < target && !stopping_) written_.Wait(&mutex_);
}

int64_t AuditLog::Prune() {
  const int64_t retention_ms = int64_t{options_.retention_days} * 86400 * 1000;
  const int64_t cutoff = options_.clock->UnixMillis() - retention_ms;
  StatusOr<int64_t> pruned = db_.Write<int64_t>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare("DELETE FROM audit_log WHERE time_ms < ?");
    s.Bind(1, cutoff).Run();
    return c.Changes();
  });
  if (!pruned.ok()) {
    HostLog().Error("pruning the audit log failed", {{"error", pruned.error()}});
    return 0;
  }
  if (pruned.value() > 0) {
    HostLog().Info("pruned the audit log", {{"rows", std::to_string(pruned.value())}});
  }
  return pruned.value();
}

void AuditLog::Run() {
  int64_t next_prune = options_.clock->UnixMillis() + options_.prune_interval_ms;
  mutex_.Lock();
  while (true) {
    if (!flush_requested_ && !stopping_) {
      wake_.WaitFor(&mutex_, std::chrono::milliseconds(options_.flush_interval_ms));
    }
    flush_requested_ = false;
    if (!queue_.empty()) {
      std::deque<AuditRecord> batch;
      batch.swap(queue_);
      uint64_t dropped = dropped_;
      dropped_ = 0;
      mutex_.Unlock();
      if (dropped > 0) {
        HostLog().Error("audit records dropped: the database could not keep up",
                        {{"records", std::to_string(dropped)}});
      }
      WriteBatch(batch);
      mutex_.Lock();
      written_total_ += batch.size();
      written_.SignalAll();
    }
    if (stopping_ && queue_.empty()) break;
    if (options_.clock->UnixMillis() >= next_prune) {
      mutex_.Unlock();
      Prune();
      mutex_.Lock();
      next_prune = options_.clock->UnixMillis() + options_.prune_interval_ms;
    }
  }
  mutex_.Unlock();
  written_.SignalAll();
}

void AuditLog::WriteBatch(std::deque<AuditRecord>& batch) {
  StatusOr<bool> written = db_.Write<bool>([&](storage::Connection& c) {
    storage::Statement insert = c.Prepare(
        "INSERT INTO audit_log (time_ms, tenant_id, tool, store, outcome, duration_us, "
        "correlation_id, arguments) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const AuditRecord& r : batch) {
      insert.Reset();
      insert.Bind(1, r.time_ms);
      if (r.tenant_id == 0) {
        insert.BindNull(2);
      } else {
        insert.Bind(2, r.tenant_id);
      }
      // The batch outlives each row's statement run.
      insert.BindUncopied(3, r.tool);
      if (r.store.empty()) {
        insert.BindNull(4);
      } else {
        insert.BindUncopied(4, r.store);
      }
      insert.BindUncopied(5, r.outcome).Bind(6, r.duration_us).BindUncopied(7, r.correlation_id);
      insert.BindUncopied(8, r.arguments_json).Run();
    }
    return true;
  });
  if (!written.ok()) {
    HostLog().Error("writing audit records failed",
                    {{"records", std::to_string(batch.size())}, {"error", written.error()}});
  }
}

size_t AuditLog::queued() {
  MutexLock lock(&mutex_);
  return queue_.size();
}

uint64_t AuditLog::dropped() {
  MutexLock lock(&mutex_);
  return dropped_;
}

}  // namespace odmcp
