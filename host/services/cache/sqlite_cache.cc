#include "host/services/cache/sqlite_cache.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "host/services/storage/database.h"

namespace odmcp {
namespace {

using storage::Connection;
using storage::Database;
using storage::Statement;

// Keys and values are BLOBs so that arbitrary bytes round-trip and keys
// compare bytewise (memcmp), like the memory backend's std::string keys.
// The index covers what eviction reads, in the order it reads it.
const std::vector<storage::Migration> kMigrations = {
    {1,
     "CREATE TABLE cache_entries ("
     "  key BLOB PRIMARY KEY NOT NULL,"
     "  value BLOB NOT NULL,"
     "  expires_ms INTEGER NOT NULL,"
     "  last_used INTEGER NOT NULL,"
     "  bytes INTEGER NOT NULL"
     ") WITHOUT ROWID;"
     "CREATE INDEX cache_entries_by_use ON cache_entries (last_used, bytes, expires_ms);"},
};

int64_t WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SQLite binds a null pointer as NULL, and an empty std::string_view may
// have one; an empty value or prefix must still be a zero-length BLOB.
void BindBytes(Statement& statement, int index, std::string_view bytes) {
  static constexpr char kEmpty[] = "";
  statement.BindBlob(index, bytes.empty() ? std::string_view(kEmpty, 0) : bytes);
}

// The smallest key greater than every key that starts with `prefix`, or
// nullopt if there is none (prefix empty or all 0xFF bytes). Trailing 0xFF
// bytes cannot be incremented, so they are dropped and the byte before them
// is incremented instead: the end of "a\xff" is "b".
std::optional<std::string> PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) end.pop_back();
  if (end.empty()) return std::nullopt;
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

// Size of the entry under `key` (0 if none), looked up inside a transaction.
int64_t StoredBytes(Connection& connection, std::string_view key) {
  Statement select = connection.Prepare("SELECT bytes FROM cache_entries WHERE key = ?1");
  BindBytes(select, 1, key);
  return select.Step() ? select.Int(0) : 0;
}

void DeleteKey(Connection& connection, std::string_view key) {
  Statement erase = connection.Prepare("DELETE FROM cache_entries WHERE key = ?1");
  BindBytes(erase, 1, key);
  erase.Run();
}

class SqliteCache final : public Cache {
 public:
  SqliteCache(SqliteCacheOptions options, std::unique_ptr<Database> db, int64_t entries,
              int64_t bytes, int64_t next_use)
      : max_bytes_(options.max_bytes),
        now_ms_(options.now_ms ? std::move(options.now_ms) : CacheClock(WallNowMs)),
        on_error_(std::move(options.on_error)),
        db_(std::move(db)),
        next_use_(next_use) {
    stats_.entries = static_cast<uint64_t>(entries);
    stats_.bytes = static_cast<uint64_t>(bytes);
  }

  std::optional<std::string> Get(std::string_view key) override {
    enum class Found { kNone, kExpired, kLive };
    struct Lookup {
      Found found = Found::kNone;
      int64_t bytes = 0;
      std::string value;
    };
    std::unique_lock lock(mutex_);
    int64_t now = now_ms_();
    int64_t use = next_use_++;
    StatusOr<Lookup> lookup = db_->Write<Lookup>([&](Connection& c) {
      Statement select =
          c.Prepare("SELECT value, expires_ms, bytes FROM cache_entries WHERE key = ?1");
      BindBytes(select, 1, key);
      Lookup result;
      if (!select.Step()) return result;
      result.bytes = select.Int(2);
      if (now >= select.Int(1)) {
        result.found = Found::kExpired;
        DeleteKey(c, key);
        return result;
      }
      result.found = Found::kLive;
      result.value = select.Blob(0);
      Statement touch = c.Prepare("UPDATE cache_entries SET last_used = ?2 WHERE key = ?1");
      BindBytes(touch, 1, key);
      touch.Bind(2, use).Run();
      return result;
    });
    if (!lookup.ok()) {
      ++stats_.misses;
      lock.unlock();
      Report(lookup.error());
      return std::nullopt;
    }
    if (lookup.value().found == Found::kLive) {
      ++stats_.hits;
      return std::move(lookup.value().value);
    }
    ++stats_.misses;
    if (lookup.value().found == Found::kExpired) {
      ++stats_.expirations;
      DropFromTotals(1, lookup.value().bytes);
    }
    return std::nullopt;
  }

  void Put(std::string_view key, std::string_view value, int64_t ttl_ms) override {
    size_t bytes = CacheEntryBytes(key, value);
    std::unique_lock lock(mutex_);
    if (ttl_ms <= 0 || bytes > max_bytes_) {
      StatusOr<int64_t> dropped = db_->Write<int64_t>([&](Connection& c) {
        int64_t old_bytes = StoredBytes(c, key);
        if (old_bytes > 0) DeleteKey(c, key);
        return old_bytes;
      });
      if (dropped.ok()) {
        if (dropped.value() > 0) DropFromTotals(1, dropped.value());
        return;
      }
      lock.unlock();
      Report(dropped.error());
      return;
    }

    struct Change {
      uint64_t entries = 0;
      uint64_t bytes = 0;
      uint64_t evictions = 0;
      uint64_t expirations = 0;
    };
    int64_t now = now_ms_();
    int64_t use = next_use_++;
    StatusOr<Change> change = db_->Write<Change>([&](Connection& c) {
      Change result;
      int64_t old_bytes = StoredBytes(c, key);
      result.entries = stats_.entries + (old_bytes > 0 ? 0 : 1);
      result.bytes = stats_.bytes - static_cast<uint64_t>(old_bytes) + bytes;
      Statement insert = c.Prepare(
          "INSERT OR REPLACE INTO cache_entries (key, value, expires_ms, last_used, bytes) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      BindBytes(insert, 1, key);
      BindBytes(insert, 2, value);
      insert.Bind(3, CacheExpiryMs(now, ttl_ms))
          .Bind(4, use)
          .Bind(5, static_cast<int64_t>(bytes))
          .Run();
      if (result.bytes <= max_bytes_) return result;
      // Least recently used first. The new entry has the newest use and fits
      // on its own, so the loop stops before reaching it. Victims are deleted
      // after the scan, not while it is running.
      std::vector<std::string> victims;
      Statement oldest = c.Prepare(
          "SELECT key, bytes, expires_ms FROM cache_entries ORDER BY last_used");
      while (result.bytes > max_bytes_ && oldest.Step()) {
        victims.emplace_back(oldest.Blob(0));
        result.bytes -= static_cast<uint64_t>(oldest.Int(1));
        --result.entries;
        ++(now >= oldest.Int(2) ? result.expirations : result.evictions);
      }
      for (const std::string& victim : victims) DeleteKey(c, victim);
      return result;
    });
    if (!change.ok()) {
      lock.unlock();
      Report(change.error());
      return;
    }
    ++stats_.puts;
    stats_.entries = change.value().entries;
    stats_.bytes = change.value().bytes;
    stats_.evictions += change.value().evictions;
    stats_.expirations += change.value().expirations;
  }

  size_t InvalidatePrefix(std::string_view prefix) override {
    struct Dropped {
      int64_t entries = 0;
      int64_t bytes = 0;
    };
    std::optional<std::string> end = PrefixEnd(prefix);
    std::string range = end ? "key >= ?1 AND key < ?2" : "key >= ?1";
    std::unique_lock lock(mutex_);
    StatusOr<Dropped> dropped = db_->Write<Dropped>([&](Connection& c) {
      Statement count = c.Prepare(
          "SELECT count(*), coalesce(sum(bytes), 0) FROM cache_entries WHERE " + range);
      Statement erase = c.Prepare("DELETE FROM cache_entries WHERE " + range);
      for (Statement* statement : {&count, &erase}) {
        BindBytes(*statement, 1, prefix);
        if (end) BindBytes(*statement, 2, *end);
      }
      count.Step();
      Dropped result{count.Int(0), count.Int(1)};
      erase.Run();
      return result;
    });
    if (!dropped.ok()) {
      lock.unlock();
      Report(dropped.error());
      return 0;
    }
    DropFromTotals(dropped.value().entries, dropped.value().bytes);
    return static_cast<size_t>(dropped.value().entries);
  }

  CacheStats stats() const override {
    std::lock_guard lock(mutex_);
    return stats_;
  }

 private:
  void DropFromTotals(int64_t entries, int64_t bytes) {
    stats_.entries -= static_cast<uint64_t>(entries);
    stats_.bytes -= static_cast<uint64_t>(bytes);
  }

  void Report(const std::string& message) {
    if (on_error_) on_error_(message);
  }

  const size_t max_bytes_;
  const CacheClock now_ms_;
  const std::function<void(const std::string&)> on_error_;
  const std::unique_ptr<Database> db_;
  // Serializes operations so that the totals in stats_ and the use counter
  // change in the same order as the transactions that they describe.
  mutable std::mutex mutex_;
  int64_t next_use_;
  CacheStats stats_;
};

}  // namespace

StatusOr<std::unique_ptr<Cache>> OpenSqliteCache(SqliteCacheOptions options) {
  // Every operation writes, so one reader (the least Database allows) is
  // enough: it only loads the totals below.
  StatusOr<std::unique_ptr<Database>> db =
      Database::Open({.path = options.path, .read_connections = 1}, kMigrations);
  if (!db.ok()) return db.status();
  struct Totals {
    int64_t entries, bytes, next_use;
  };
  StatusOr<Totals> totals = db.value()->Read<Totals>([](Connection& c) {
    Statement select = c.Prepare(
        "SELECT count(*), coalesce(sum(bytes), 0), coalesce(max(last_used), 0) + 1 "
        "FROM cache_entries");
    select.Step();
    return Totals{select.Int(0), select.Int(1), select.Int(2)};
  });
  if (!totals.ok()) return totals.status();
  std::unique_ptr<Cache> cache =
      std::make_unique<SqliteCache>(std::move(options), std::move(db).value(),
                                    totals.value().entries, totals.value().bytes,
                                    totals.value().next_use);
  return cache;
}

}  // namespace odmcp
