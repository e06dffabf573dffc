// An SQLite database file with versioned migrations, one writer connection
// and a small pool of read-only connections (WAL lets readers run while the
// writer commits).
//
//   auto db = Database::Open({.path = "odmcp.db"}, kMigrations);
//   if (!db.ok()) { report(db.error()); }   // names the file and the cause
//   StatusOr<int64_t> n = db.value()->Read<int64_t>([](Connection& c) { ... });
//
// Every failure is reported as "database <path>: <cause>", with a hint when
// the cause is one a person can fix (locked by another process, not an
// SQLite file, written by a newer orderdesk-mcp).
//
// Thread safety: Read and Write may be called from any thread. Writes are
// serialized; each runs in its own IMMEDIATE transaction, committed when the
// callback returns and rolled back if it throws. A callback may throw
// StorageError (reported with the file name) or std::runtime_error (its
// message is reported as it is).
#ifndef ODMCP_HOST_SERVICES_STORAGE_DATABASE_H_
#define ODMCP_HOST_SERVICES_STORAGE_DATABASE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "host/services/storage/connection.h"

namespace odmcp::storage {

// One step of the schema. Versions start at 1 and increase by 1; a database
// at version N has had migrations 1..N applied (PRAGMA user_version).
struct Migration {
  int version;
  const char* sql;
};

struct DatabaseOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  int read_connections = 4;
};

class Database {
 public:
  // Opens (creating if absent) the file, switches it to WAL with foreign
  // keys on, and applies the migrations it lacks. Fails without changing
  // the file if it is from a newer schema than `migrations` knows. The file,
  // its WAL and its shared-memory file are made readable by their owner
  // only (0600), whatever their mode was.
  static StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options,
                                                  const std::vector<Migration>& migrations);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  const std::string& path() const { return path_; }
  // What Open had to tighten (a file readable by other users, and its
  // former mode), for the opener to warn about.
  const std::vector<std::string>& tightened() const { return tightened_; }
  int schema_version() const { return schema_version_; }

  // Runs `work` on a read-only connection.
  template <class T>
  StatusOr<T> Read(const std::function<T(Connection&)>& work) {
    return Run<T>(/*write=*/false, work);
  }
  // Runs `work` in a write transaction.
  template <class T>
  StatusOr<T> Write(const std::function<T(Connection&)>& work) {
    return Run<T>(/*write=*/true, work);
  }
  // Like Write, but gives up after `max_wait` (instead of the busy timeout)
  // if this process's other writes or another process's lock keep the
  // writer: for a health probe, which must answer quickly.
  template <class T>
  StatusOr<T> WriteWithin(std::chrono::milliseconds max_wait,
                          const std::function<T(Connection&)>& work) {
    return Run<T>(/*write=*/true, work, max_wait);
  }

 private:
  Database(std::string path, int busy_timeout_ms)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}

  template <class T>
  StatusOr<T> Run(bool write, const std::function<T(Connection&)>& work,
                  std::optional<std::chrono::milliseconds> max_wait = std::nullopt) {
    std::optional<T> value;
    std::string error = RunVoid(
        write, [&](Connection& c) { value.emplace(work(c)); }, max_wait);
    if (!error.empty()) return Status(ODMCP_INTERNAL, std::move(error));
    return std::move(*value);
  }
  // Runs `work` (on the writer in a transaction, or on a reader); returns
  // "" or the error message naming the file.
  std::string RunVoid(bool write, const std::function<void(Connection&)>& work,
                      std::optional<std::chrono::milliseconds> max_wait);

  std::unique_ptr<Connection> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> reader);

  const std::string path_;
  const int busy_timeout_ms_;
  std::vector<std::string> tightened_;
  int schema_version_ = 0;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable reader_released_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

// "database <path>: <cause>" with a hint for causes a person can fix.
std::string DescribeStorageError(const std::string& path, const StorageError& error);

}  // namespace odmcp::storage

#endif  // ODMCP_HOST_SERVICES_STORAGE_DATABASE_H_
