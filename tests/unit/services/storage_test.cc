// storage::Database: WAL and foreign keys, migrations, refusal of files it
// must not touch (newer schema, not SQLite, locked), and transactions.
#include "host/services/storage/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/services/test_util.h"

namespace odmcp::storage {
namespace {

using services_test::RawDb;
using services_test::ReadFileBytes;
using services_test::TempDir;
using services_test::WriteFileBytes;
using ::testing::HasSubstr;
using ::testing::Not;

// Each migration depends on the previous one, and none can run twice
// (CREATE TABLE without IF NOT EXISTS, a UNIQUE row), so applying them out
// of order or again fails.
const std::vector<Migration>& ThreeMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"},
      {2, "INSERT INTO parent (id, name) VALUES (1, 'first');"
          "CREATE TABLE child (id INTEGER PRIMARY KEY,"
          " parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);"},
      {3, "ALTER TABLE parent ADD COLUMN note TEXT;"
          "UPDATE parent SET note = 'migrated' WHERE id = 1;"},
  };
  return kMigrations;
}

std::vector<Migration> FirstMigrations(size_t n) {
  return {ThreeMigrations().begin(), ThreeMigrations().begin() + static_cast<long>(n)};
}

std::unique_ptr<Database> MustOpen(const DatabaseOptions& options,
                                   const std::vector<Migration>& migrations) {
  auto db = Database::Open(options, migrations);
  if (!db.ok()) {
    ADD_FAILURE() << db.error();
    return nullptr;
  }
  return std::move(db).value();
}

std::string Pragma(Connection& c, const char* sql) {
  Statement s = c.Prepare(sql);
  return s.Step() ? std::string(s.Text(0)) : std::string();
}

class StorageTest : public ::testing::Test {
 protected:
  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
};

TEST_F(StorageTest, CreatesTheFileInWalModeWithForeignKeys) {
  ASSERT_FALSE(std::filesystem::exists(path_));
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path_));
  EXPECT_EQ(db->path(), path_);

  auto journal = db->Read<std::string>([](Connection& c) { return Pragma(c, "PRAGMA journal_mode"); });
  ASSERT_TRUE(journal.ok()) << journal.error();
  EXPECT_EQ(journal.value(), "wal");
  auto writer_journal =
      db->Write<std::string>([](Connection& c) { return Pragma(c, "PRAGMA journal_mode"); });
  ASSERT_TRUE(writer_journal.ok()) << writer_journal.error();
  EXPECT_EQ(writer_journal.value(), "wal");

  // Foreign keys are on for the writer and the readers.
  auto reader_fk = db->Read<std::string>([](Connection& c) { return Pragma(c, "PRAGMA foreign_keys"); });
  ASSERT_TRUE(reader_fk.ok()) << reader_fk.error();
  EXPECT_EQ(reader_fk.value(), "1");
  auto writer_fk =
      db->Write<std::string>([](Connection& c) { return Pragma(c, "PRAGMA foreign_keys"); });
  ASSERT_TRUE(writer_fk.ok()) << writer_fk.error();
  EXPECT_EQ(writer_fk.value(), "1");

  // ... and enforced: a child of a missing parent is refused, and deleting a
  // parent cascades.
  auto orphan = db->Write<bool>([](Connection& c) {
    c.Exec("INSERT INTO child (id, parent_id) VALUES (1, 99)");
    return true;
  });
  ASSERT_FALSE(orphan.ok());
  EXPECT_THAT(orphan.error(), HasSubstr(path_));
  EXPECT_THAT(orphan.error(), HasSubstr("FOREIGN KEY"));
  auto cascade = db->Write<int64_t>([](Connection& c) {
    c.Exec("INSERT INTO child (id, parent_id) VALUES (1, 1)");
    c.Exec("DELETE FROM parent WHERE id = 1");
    return c.QueryInt("SELECT count(*) FROM child").value_or(-1);
  });
  ASSERT_TRUE(cascade.ok()) << cascade.error();
  EXPECT_EQ(cascade.value(), 0);

  // WAL is a property of the file: another connection sees it too.
  RawDb raw(path_);
  EXPECT_EQ(raw.Bytes("PRAGMA journal_mode"), "wal");
}

// The permission bits of `file`.
unsigned ModeOf(const std::string& file) {
  return static_cast<unsigned>(std::filesystem::status(file).permissions());
}

TEST_F(StorageTest, TheFileItsWalAndItsSharedMemoryAreReadableByTheOwnerOnly) {
  // A umask that would leave a file readable by everyone.
  const mode_t umask_before = ::umask(022);
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ::umask(umask_before);
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->tightened().empty());
  auto wrote = db->Write<bool>([](Connection& c) {
    c.Exec("INSERT INTO parent (id, name) VALUES (2, 'second')");
    return true;
  });
  ASSERT_TRUE(wrote.ok()) << wrote.error();
  for (const std::string& file : {path_, path_ + "-wal", path_ + "-shm"}) {
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_EQ(ModeOf(file), 0600u) << file;
  }
}

TEST_F(StorageTest, AnExistingFileReadableByOthersIsTightenedAndNamed) {
  MustOpen({.path = path_}, ThreeMigrations()).reset();
  std::filesystem::permissions(path_, std::filesystem::perms(0644));
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(ModeOf(path_), 0600u);
  ASSERT_EQ(db->tightened().size(), 1u);
  EXPECT_THAT(db->tightened()[0], HasSubstr(path_));
  EXPECT_THAT(db->tightened()[0], HasSubstr("was mode 0644"));
}

TEST_F(StorageTest, AppliesMigrationsInOrderAndRecordsTheVersion) {
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 3);
  auto note = db->Read<std::string>([](Connection& c) {
    Statement s = c.Prepare("SELECT note FROM parent WHERE id = 1");
    return s.Step() ? std::string(s.Text(0)) : std::string("(no row)");
  });
  ASSERT_TRUE(note.ok()) << note.error();
  EXPECT_EQ(note.value(), "migrated");
  db.reset();
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("PRAGMA user_version"), 3);
}

TEST_F(StorageTest, ReopeningAppliesOnlyTheNewMigrations) {
  {
    auto db = MustOpen({.path = path_}, FirstMigrations(2));
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->schema_version(), 2);
  }
  {
    RawDb raw(path_);
    EXPECT_EQ(raw.Int("PRAGMA user_version"), 2);
  }
  // Same migrations again: nothing to do (re-running 1 or 2 would fail).
  {
    auto db = MustOpen({.path = path_}, FirstMigrations(2));
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->schema_version(), 2);
  }
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 3);
  auto rows = db->Read<int64_t>([](Connection& c) {
    return c.QueryInt("SELECT count(*) FROM parent WHERE note = 'migrated'").value_or(-1);
  });
  ASSERT_TRUE(rows.ok()) << rows.error();
  EXPECT_EQ(rows.value(), 1);
  db.reset();
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("PRAGMA user_version"), 3);
}

TEST_F(StorageTest, AFailingMigrationIsRolledBackAndReported) {
  std::vector<Migration> migrations = FirstMigrations(1);
  migrations.push_back({2, "CREATE TABLE half_done (a); THIS IS NOT SQL;"});
  auto db = Database::Open({.path = path_}, migrations);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error(), HasSubstr(path_));
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("PRAGMA user_version"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"), 0);
}

TEST_F(StorageTest, RefusesAFileFromANewerSchemaWithoutChangingIt) {
  {
    RawDb raw(path_);
    raw.Exec("CREATE TABLE future (x); INSERT INTO future VALUES (42); PRAGMA user_version = 5;");
  }
  const std::string before = ReadFileBytes(path_);
  ASSERT_FALSE(before.empty());

  auto db = Database::Open({.path = path_}, FirstMigrations(2));
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error(), HasSubstr(path_));
  EXPECT_THAT(db.error(), HasSubstr("version 5"));
  EXPECT_THAT(db.error(), HasSubstr("(2)"));
  EXPECT_THAT(db.error(), HasSubstr("newer"));

  EXPECT_EQ(ReadFileBytes(path_), before);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
  RawDb raw(path_);
  EXPECT_EQ(raw.Bytes("PRAGMA journal_mode"), "delete");
  EXPECT_EQ(raw.Int("PRAGMA user_version"), 5);
}

TEST_F(StorageTest, RefusesAFileThatIsNotSqlite) {
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 251 + 1));
  WriteFileBytes(path_, garbage);

  auto db = Database::Open({.path = path_}, ThreeMigrations());
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error(), HasSubstr(path_));
  EXPECT_THAT(db.error(), HasSubstr("not an SQLite database"));
  EXPECT_EQ(ReadFileBytes(path_), garbage);
}

TEST_F(StorageTest, RefusesAFileLockedByAnotherConnection) {
  RawDb other(path_);
  other.Exec("CREATE TABLE t (x)");
  other.Exec("BEGIN EXCLUSIVE");

  auto db = Database::Open({.path = path_, .busy_timeout_ms = 50}, ThreeMigrations());
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error(), HasSubstr(path_));
  EXPECT_THAT(db.error(), HasSubstr("lock"));

  other.Exec("ROLLBACK");
  auto retry = Database::Open({.path = path_, .busy_timeout_ms = 50}, ThreeMigrations());
  EXPECT_TRUE(retry.ok()) << retry.error();
}

// In WAL mode readers are never blocked, but a pending migration needs the
// write lock that the other connection holds.
TEST_F(StorageTest, RefusesToMigrateAWalFileWhileAnotherConnectionWrites) {
  ASSERT_NE(MustOpen({.path = path_}, FirstMigrations(1)), nullptr);
  RawDb other(path_);
  other.Exec("BEGIN EXCLUSIVE");

  auto db = Database::Open({.path = path_, .busy_timeout_ms = 50}, ThreeMigrations());
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.error(), HasSubstr(path_));
  EXPECT_THAT(db.error(), HasSubstr("lock"));
  other.Exec("ROLLBACK");
  EXPECT_EQ(other.Int("PRAGMA user_version"), 1);
}

TEST_F(StorageTest, AWriteThatThrowsIsRolledBack) {
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  auto failed = db->Write<bool>([](Connection& c) -> bool {
    c.Exec("INSERT INTO parent (id, name) VALUES (2, 'second')");
    throw std::runtime_error("the callback changed its mind");
  });
  ASSERT_FALSE(failed.ok());
  // A callback's own message is reported as it is.
  EXPECT_EQ(failed.error(), "the callback changed its mind");

  auto count = db->Read<int64_t>(
      [](Connection& c) { return c.QueryInt("SELECT count(*) FROM parent").value_or(-1); });
  ASSERT_TRUE(count.ok()) << count.error();
  EXPECT_EQ(count.value(), 1);

  // A StorageError from the callback names the file; also rolled back.
  auto duplicate = db->Write<bool>([](Connection& c) {
    c.Exec("INSERT INTO parent (id, name) VALUES (3, 'third')");
    c.Exec("INSERT INTO parent (id, name) VALUES (4, 'first')");  // UNIQUE name
    return true;
  });
  ASSERT_FALSE(duplicate.ok());
  EXPECT_THAT(duplicate.error(), HasSubstr(path_));
  EXPECT_THAT(duplicate.error(), HasSubstr("UNIQUE"));

  // The writer is usable afterwards (no transaction left open).
  auto ok = db->Write<int64_t>([](Connection& c) {
    c.Exec("INSERT INTO parent (id, name) VALUES (5, 'fifth')");
    return c.QueryInt("SELECT count(*) FROM parent").value_or(-1);
  });
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value(), 2);
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM parent WHERE id IN (2, 3, 4)"), 0);
}

TEST_F(StorageTest, ReadersAreReadOnlyAndSeeCommittedWrites) {
  auto db = MustOpen({.path = path_}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  auto write_on_reader = db->Read<bool>([](Connection& c) {
    c.Exec("INSERT INTO parent (id, name) VALUES (7, 'seventh')");
    return true;
  });
  ASSERT_FALSE(write_on_reader.ok());
  EXPECT_THAT(write_on_reader.error(), HasSubstr(path_));

  ASSERT_TRUE(db->Write<bool>([](Connection& c) {
                  c.Exec("INSERT INTO parent (id, name) VALUES (8, 'eighth')");
                  return true;
                }).ok());
  auto seen = db->Read<int64_t>([](Connection& c) {
    return c.QueryInt("SELECT count(*) FROM parent WHERE id = 8").value_or(-1);
  });
  ASSERT_TRUE(seen.ok()) << seen.error();
  EXPECT_EQ(seen.value(), 1);
}

TEST_F(StorageTest, ConcurrentReadsAndWritesFromManyThreads) {
  auto db = MustOpen({.path = path_, .read_connections = 2}, ThreeMigrations());
  ASSERT_NE(db, nullptr);
  constexpr int kThreads = 6;
  constexpr int kWritesEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        auto w = db->Write<bool>([&](Connection& c) {
          Statement s = c.Prepare("INSERT INTO parent (name) VALUES (?)");
          s.Bind(1, "t" + std::to_string(t) + "-" + std::to_string(i)).Run();
          return true;
        });
        auto r = db->Read<int64_t>(
            [](Connection& c) { return c.QueryInt("SELECT count(*) FROM parent").value_or(-1); });
        if (!w.ok() || !r.ok() || r.value() < 1) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = db->Read<int64_t>(
      [](Connection& c) { return c.QueryInt("SELECT count(*) FROM parent").value_or(-1); });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count.value(), 1 + kThreads * kWritesEach);
}

TEST(DescribeStorageErrorTest, NamesTheFileAndHintsAtTheCause) {
  EXPECT_EQ(DescribeStorageError("/x/host.db", StorageError(SQLITE_BUSY, "database is locked")),
            "database /x/host.db: database is locked (another process holds a lock on it; stop "
            "that process or use another [storage] path)");
  EXPECT_THAT(DescribeStorageError("/x/host.db", StorageError(SQLITE_NOTADB, "file is not a database")),
              HasSubstr("not an SQLite database"));
  EXPECT_THAT(DescribeStorageError("/x/host.db", StorageError(SQLITE_CORRUPT, "malformed")),
              HasSubstr("backup"));
  EXPECT_EQ(DescribeStorageError("/x/host.db", StorageError(SQLITE_CONSTRAINT, "UNIQUE failed")),
            "database /x/host.db: UNIQUE failed");
  EXPECT_THAT(DescribeStorageError("/x/host.db", StorageError(SQLITE_CONSTRAINT, "x")),
              Not(HasSubstr("(")));
}

}  // namespace
}  // namespace odmcp::storage
