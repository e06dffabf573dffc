// Readiness: the report's JSON, refreshing at most once per period, and
// logging a check's failure once, with its cause, and its recovery.
#include "host/services/health/readiness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>

#include <string>

#include "host/services/log.h"
#include "tests/support/manual_clock.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using testing::ManualClock;
using ::testing::Not;

class ReadinessTest : public ::testing::Test {
 protected:
  ReadinessTest() : log_file_(tmpfile()), log_(log_file_), readiness_(Options(), log_) {}
  ~ReadinessTest() override { fclose(log_file_); }

  ReadinessOptions Options() {
    ReadinessOptions options;
    options.refresh_ms = 1000;
    options.clock = &clock_;
    return options;
  }

  std::string LogText() {
    fflush(log_file_);
    std::string text;
    rewind(log_file_);
    char chunk[512];
    while (size_t n = fread(chunk, 1, sizeof chunk, log_file_)) text.append(chunk, n);
    return text;
  }

  ManualClock clock_;
  FILE* log_file_;
  Logger log_;
  Readiness readiness_;
};

TEST_F(ReadinessTest, ReadyWhenEveryCheckPasses) {
  readiness_.Add("database", "the database cannot be written", [] { return Status(); });
  readiness_.Add("plugins", "a required plugin is not running", [] { return Status(); });
  ReadinessReport report = readiness_.Evaluate();
  EXPECT_TRUE(report.ready);
  EXPECT_EQ(report.ToJson(),
            R"({"status":"ready","checks":{"database":{"ok":true},"plugins":{"ok":true}}})");
}

TEST_F(ReadinessTest, NamesTheFailingCheckWithItsSummaryOnlyAndLogsTheCause) {
  readiness_.Add("database", "the database cannot be written", [] { return Status(); });
  readiness_.Add("kms_key", "the KMS key does not open the database", [] {
    return Status(ODMCP_FAILED_PRECONDITION, "database /var/lib/x/odmcp.db: another key");
  });
  ReadinessReport report = readiness_.Evaluate();
  EXPECT_FALSE(report.ready);
  const std::string json = report.ToJson();
  EXPECT_EQ(json, R"({"status":"unready","checks":{"database":{"ok":true},)"
                  R"("kms_key":{"ok":false,"error":"the KMS key does not open the database"}}})");
  EXPECT_THAT(json, Not(HasSubstr("/var/lib")));
  EXPECT_THAT(LogText(), HasSubstr("/var/lib/x/odmcp.db: another key"));
}

TEST_F(ReadinessTest, RunsTheChecksAtMostOncePerRefreshPeriod) {
  int runs = 0;
  readiness_.Add("counted", "never fails", [&runs] {
    ++runs;
    return Status();
  });
  readiness_.Evaluate();
  readiness_.Evaluate();
  clock_.Advance(999);
  readiness_.Evaluate();
  EXPECT_EQ(runs, 1);
  clock_.Advance(1);
  readiness_.Evaluate();
  EXPECT_EQ(runs, 2);
}

TEST_F(ReadinessTest, ReportsAChangeAfterTheRefreshPeriodAndLogsEachTransitionOnce) {
  bool healthy = true;
  readiness_.Add("database", "the database cannot be written", [&healthy] {
    return healthy ? Status() : Status(ODMCP_UNAVAILABLE, "locked by another process");
  });
  EXPECT_TRUE(readiness_.Evaluate().ready);
  healthy = false;
  EXPECT_TRUE(readiness_.Evaluate().ready);  // within the period: the last report
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(1000);
    EXPECT_FALSE(readiness_.Evaluate().ready);
  }
  healthy = true;
  clock_.Advance(1000);
  EXPECT_TRUE(readiness_.Evaluate().ready);

  const std::string log = LogText();
  size_t failures = 0;
  for (size_t at = log.find("locked by another process"); at != std::string::npos;
       at = log.find("locked by another process", at + 1)) {
    ++failures;
  }
  EXPECT_EQ(failures, 1u);
  EXPECT_THAT(log, HasSubstr(R"("msg":"ready again","check":"database")"));
}

}  // namespace
}  // namespace odmcp
