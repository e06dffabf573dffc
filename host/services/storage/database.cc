#include "host/services/storage/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

namespace odmcp::storage {
namespace {

// Makes the database and its WAL and shared-memory files readable by their
// owner only: they hold sealed credentials, key hashes and the audit log.
// Creates the database file 0600 if absent (SQLite gives the other two its
// mode); tightens existing files and names each one it had to tighten.
std::vector<std::string> KeepPrivate(const std::string& path) {
  std::vector<std::string> tightened;
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return tightened;
  const int created = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (created >= 0) ::close(created);
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || (info.st_mode & 077) == 0) continue;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    if (::chmod(file.c_str(), 0600) == 0) {
      tightened.push_back(file + " was mode " + mode + ", readable by other users; it is now 0600");
    }
  }
  return tightened;
}

// Takes `lock` if it comes free within `wait`. It polls each millisecond
// rather than use std::timed_mutex: that one waits in
// pthread_mutex_clocklock, which ThreadSanitizer (GCC 12) does not see, so
// every unlock after it is reported as a bug. Only probes wait this way.
bool TryLockWithin(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!lock.try_lock()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// A shorter wait for other processes' locks, for one transaction.
class ShorterBusyTimeout {
 public:
  ShorterBusyTimeout(Connection& writer, std::chrono::milliseconds wait, int restore_ms)
      : writer_(writer), restore_ms_(restore_ms) {
    writer_.SetBusyTimeout(static_cast<int>(wait.count()));
  }
  ShorterBusyTimeout(const ShorterBusyTimeout&) = delete;
  ShorterBusyTimeout& operator=(const ShorterBusyTimeout&) = delete;
  ~ShorterBusyTimeout() { writer_.SetBusyTimeout(restore_ms_); }

 private:
  Connection& writer_;
  const int restore_ms_;
};

}  // namespace

std::string DescribeStorageError(const std::string& path, const StorageError& error) {
  std::string message = "database " + path + ": " + error.what();
  switch (error.code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      message += " (another process holds a lock on it; stop that process or use another [storage] path)";
      break;
    case SQLITE_NOTADB:
      message += " (the file is not an SQLite database: check [storage] path)";
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      message += " (check that the file and its directory exist and are readable and writable)";
      break;
    case SQLITE_CORRUPT:
      message += " (the file is damaged: restore it from a backup)";
      break;
    default:
      break;
  }
  return message;
}

StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options,
                                                   const std::vector<Migration>& migrations) {
  std::unique_ptr<Database> db(new Database(options.path, options.busy_timeout_ms));
  db->tightened_ = KeepPrivate(options.path);
  try {
    db->writer_ = std::make_unique<Connection>(
        options.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options.busy_timeout_ms);
    Connection& writer = *db->writer_;
    // Reading the schema first makes a non-database file fail here, before
    // any pragma could try to write to it.
    int64_t version = writer.QueryInt("PRAGMA user_version").value_or(0);
    writer.QueryInt("SELECT count(*) FROM sqlite_master");
    int latest = migrations.empty() ? 0 : migrations.back().version;
    if (version > latest) {
      return Status(ODMCP_FAILED_PRECONDITION,
                    "database " + options.path + ": schema version " + std::to_string(version) +
                        " is newer than this orderdesk-mcp understands (" + std::to_string(latest) +
                        "); run the orderdesk-mcp that wrote it, or a newer one");
    }
    writer.QueryInt("PRAGMA journal_mode=WAL");
    // NORMAL in WAL mode loses no committed transaction when the process
    // dies; only a power failure can drop the last few commits.
    writer.Exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    for (const Migration& migration : migrations) {
      if (migration.version <= version) continue;
      writer.Exec("BEGIN IMMEDIATE");
      try {
        writer.Exec(migration.sql);
        writer.Exec("PRAGMA user_version=" + std::to_string(migration.version));
        writer.Exec("COMMIT");
      } catch (...) {
        writer.Exec("ROLLBACK");
        throw;
      }
      version = migration.version;
    }
    db->schema_version_ = static_cast<int>(version);
    for (int i = 0; i < std::max(1, options.read_connections); ++i) {
      auto reader = std::make_unique<Connection>(options.path, SQLITE_OPEN_READONLY,
                                                 options.busy_timeout_ms);
      reader->Exec("PRAGMA foreign_keys=ON");
      db->idle_readers_.push_back(std::move(reader));
    }
  } catch (const StorageError& e) {
    return Status(ODMCP_UNAVAILABLE, DescribeStorageError(options.path, e));
  }
  return db;
}

Database::~Database() = default;

std::unique_ptr<Connection> Database::AcquireReader() {
  std::unique_lock lock(readers_mutex_);
  reader_released_.wait(lock, [&] { return !idle_readers_.empty(); });
  std::unique_ptr<Connection> reader = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return reader;
}

void Database::ReleaseReader(std::unique_ptr<Connection> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_released_.notify_one();
}

std::string Database::RunVoid(bool write, const std::function<void(Connection&)>& work,
                              std::optional<std::chrono::milliseconds> max_wait) {
  try {
    if (write) {
      std::unique_lock lock(writer_mutex_, std::defer_lock);
      if (!max_wait) {
        lock.lock();
      } else if (!TryLockWithin(lock, *max_wait)) {
        return "database " + path_ + ": this process's other writes kept it busy for " +
               std::to_string(max_wait->count()) + " ms";
      }
      std::optional<ShorterBusyTimeout> shortened;
      if (max_wait) shortened.emplace(*writer_, *max_wait, busy_timeout_ms_);
      writer_->Exec("BEGIN IMMEDIATE");
      try {
        work(*writer_);
        writer_->Exec("COMMIT");
      } catch (...) {
        writer_->Exec("ROLLBACK");
        throw;
      }
      return {};
    }
    std::unique_ptr<Connection> reader = AcquireReader();
    try {
      work(*reader);
    } catch (...) {
      ReleaseReader(std::move(reader));
      throw;
    }
    ReleaseReader(std::move(reader));
    return {};
  } catch (const StorageError& e) {
    return DescribeStorageError(path_, e);
  } catch (const std::runtime_error& e) {
    // A callback's own failure, already rolled back; its message stands.
    return e.what();
  }
}

}  // namespace odmcp::storage
