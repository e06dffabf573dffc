// A thin, exception-based wrapper over one SQLite connection and its
// prepared statements. Used only inside Database::Read/Write callbacks, which
// turn a StorageError into a Result naming the database file.
//
// Thread safety: a Connection and its Statements belong to one thread at a
// time; Database hands each connection to one callback at a time.
#ifndef ODMCP_HOST_SERVICES_STORAGE_CONNECTION_H_
#define ODMCP_HOST_SERVICES_STORAGE_CONNECTION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace odmcp::storage {

// Any SQLite failure. what() is SQLite's message with the statement's
// purpose; it never contains bound values (they may be secrets).
class StorageError : public std::runtime_error {
 public:
  StorageError(int code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }  // the SQLite primary result code

 private:
  int code_;
};

class Statement {
 public:
  // Prepares `sql`; the statement is finalized with this object.
  Statement(sqlite3* db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  // Finalizes an owned statement; resets a borrowed one and clears its
  // bindings, so that it holds no read snapshot and no bound value (a
  // secret, maybe) until its next use.
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are copied.
  Statement& Bind(int index, std::string_view text);
  // Binds `text` without copying it: it must stay unchanged until the
  // statement is reset (a write loop over records it keeps saves a copy,
  // and an allocation, per value).
  Statement& BindUncopied(int index, std::string_view text);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& Bind(int index, int64_t value);
  Statement& BindNull(int index);

  // Advances to the next row: true if there is one, false when done.
  bool Step();
  // Runs a statement that returns no rows.
  void Run();
  // Makes the statement reusable with new bindings.
  void Reset();

  // Columns of the current row, 0-based. Text and blob views are valid
  // until the next Step() or Reset().
  std::string_view Text(int column) const;
  std::string_view Blob(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Connection;
  // Borrows `stmt` from its connection's cache; `*in_use` is set until this
  // object goes.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use);

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool* in_use_ = nullptr;  // borrowed statements only
};

class Connection {
 public:
  // Opens `path` with SQLite open flags `flags`; throws StorageError.
  Connection(const std::string& path, int flags, int busy_timeout_ms);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that take no parameters.
  void Exec(std::string_view sql);
  // The statement for `sql`, prepared once per connection and kept: the
  // hot paths (vault reads, tenant lookups) run the same few statements on
  // every call, and parsing them each time cost more than running them.
  // A statement already in use (the same SQL twice at once) is prepared
  // afresh.
  Statement Prepare(std::string_view sql);
  // The first column of the first row of `sql`, or nullopt if no row.
  std::optional<int64_t> QueryInt(std::string_view sql);
  int64_t LastInsertRowId() const;
  // Rows changed by the most recent INSERT, UPDATE or DELETE.
  int64_t Changes() const;
  // How long a statement waits for a lock another connection holds.
  void SetBusyTimeout(int busy_timeout_ms);

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_ = nullptr;
  std::map<std::string, Cached, std::less<>> cached_;
};

}  // namespace odmcp::storage

#endif  // ODMCP_HOST_SERVICES_STORAGE_CONNECTION_H_
