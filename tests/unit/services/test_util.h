// Helpers shared by the services unit tests: a fresh temporary directory per
// test, the host database opened in it, a fixed KMS key, and raw SQLite
// access for inspecting or tampering with rows behind the services' backs.
#ifndef ODMCP_TESTS_UNIT_SERVICES_TEST_UTIL_H_
#define ODMCP_TESTS_UNIT_SERVICES_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/base64.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/kms_key.h"
#include "host/services/tenants/schema.h"

namespace odmcp::services_test {

// A fresh directory under the test temporary directory, removed with its
// contents at destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "odmcp-services-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << pattern;
    }
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void WriteFileBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A raw SQLite handle on a file, for what the services must not be asked to
// do: read every byte, corrupt a row, hold a lock.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "opening " << path << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close(db_); }

  sqlite3* get() const { return db_; }

  // Runs `sql`; true on success (a failure is reported as a test failure
  // unless `expect_ok` is false).
  bool Exec(const std::string& sql, bool expect_ok = true) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK && expect_ok) {
      ADD_FAILURE() << sql << ": " << (error != nullptr ? error : sqlite3_errstr(rc));
    }
    sqlite3_free(error);
    return rc == SQLITE_OK;
  }

  // The first column of the first row as an integer, or nullopt.
  std::optional<int64_t> Int(const std::string& sql) {
    std::optional<int64_t> out;
    Query(sql, {}, [&](sqlite3_stmt* s) {
      if (!out) out = sqlite3_column_int64(s, 0);
    });
    return out;
  }

  // The first column of the first row as bytes (text or blob), or nullopt.
  std::optional<std::string> Bytes(const std::string& sql, std::vector<std::string> params = {}) {
    std::optional<std::string> out;
    Query(sql, params, [&](sqlite3_stmt* s) {
      if (!out) out = ColumnBytes(s, 0);
    });
    return out;
  }

  // Runs `sql` with text parameters; calls `row` for every result row.
  template <class F>
  void Query(const std::string& sql, const std::vector<std::string>& params, F&& row) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return;
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(s, static_cast<int>(i + 1), params[i].data(),
                        static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
    }
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) row(s);
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(s);
  }

  // Sets blob column `column` of `table`'s row `rowid` to `bytes`.
  void SetBlob(const std::string& table, const std::string& column, int64_t rowid,
               std::string_view bytes) {
    std::string sql = "UPDATE " + table + " SET " + column + " = ? WHERE rowid = ?";
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    sqlite3_bind_blob(s, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, rowid);
    EXPECT_EQ(sqlite3_step(s), SQLITE_DONE) << sqlite3_errmsg(db_);
    sqlite3_finalize(s);
    EXPECT_EQ(sqlite3_changes(db_), 1) << sql;
  }

  // Every value of every column of every table, as bytes (integers as
  // their decimal text), for scanning the file for secrets.
  std::vector<std::string> AllValues() {
    std::vector<std::string> tables;
    Query("SELECT name FROM sqlite_master WHERE type = 'table'", {},
          [&](sqlite3_stmt* s) { tables.push_back(ColumnBytes(s, 0)); });
    std::vector<std::string> values;
    for (const std::string& table : tables) {
      Query("SELECT * FROM \"" + table + "\"", {}, [&](sqlite3_stmt* s) {
        for (int i = 0; i < sqlite3_column_count(s); ++i) values.push_back(ColumnBytes(s, i));
      });
    }
    return values;
  }

  static std::string ColumnBytes(sqlite3_stmt* s, int column) {
    const void* data = sqlite3_column_blob(s, column);
    int size = sqlite3_column_bytes(s, column);
    if (data == nullptr) return {};
    return {static_cast<const char*>(data), static_cast<size_t>(size)};
  }

 private:
  sqlite3* db_ = nullptr;
};

// The host database (HostSchema) at `path`; fails the test if it cannot open.
inline std::unique_ptr<storage::Database> OpenHostDb(const std::string& path,
                                                     int busy_timeout_ms = 5000) {
  auto db = storage::Database::Open({.path = path, .busy_timeout_ms = busy_timeout_ms},
                                    HostSchema());
  if (!db.ok()) {
    ADD_FAILURE() << db.error();
    return nullptr;
  }
  return std::move(db).value();
}

// 32 bytes all equal to `fill`, base64 encoded.
inline std::string KmsKeyText(char fill) { return Base64Encode(std::string(32, fill)); }

// A KMS key of 32 bytes all equal to `fill`.
inline std::shared_ptr<const KmsKey> FixedKmsKey(char fill = 'k') {
  auto key = KmsKey::FromBase64(KmsKeyText(fill));
  if (!key.ok()) {
    ADD_FAILURE() << key.error();
    return nullptr;
  }
  return std::move(key).value();
}

}  // namespace odmcp::services_test

#endif  // ODMCP_TESTS_UNIT_SERVICES_TEST_UTIL_H_
