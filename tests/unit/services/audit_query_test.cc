// AuditQuery: filters, (time, id) order, keyset pages without gaps or
// repeats, tenant names, read-only opening beside a writer, and the time
// forms the audit command accepts.
#include "host/services/audit/audit_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::OpenHostDb;
using services_test::RawDb;
using services_test::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kT0 = 1'796'637'600'000;  // 2026-12-07T10:00:00Z

class AuditQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(OpenHostDb(path_), nullptr);
    RawDb raw(path_);
    for (const char* name : {"alice", "bob"}) {
      raw.Exec(std::string("INSERT INTO tenants (name, key_lookup, key_verifier, verifier_salt, "
                           "vault_salt, created_ms) VALUES ('") +
               name + "', randomblob(32), x'00', x'00', x'00', 0)");
    }
  }

  // Inserts a row; returns its id.
  int64_t Insert(int64_t time_ms, int64_t tenant_id, const std::string& tool,
                 const std::string& outcome = "ok") {
    RawDb raw(path_);
    raw.Exec(
        "INSERT INTO audit_log (time_ms, tenant_id, tool, store, outcome, duration_us, "
        "correlation_id, arguments) VALUES (" +
        std::to_string(time_ms) + ", " +
        (tenant_id == 0 ? std::string("NULL") : std::to_string(tenant_id)) + ", '" + tool +
        "', NULL, '" + outcome + "', 1500, 'c', '{\"n\":1}')");
    return raw.Int("SELECT max(id) FROM audit_log").value_or(-1);
  }

  std::unique_ptr<AuditQuery> MustOpen() {
    StatusOr<std::unique_ptr<AuditQuery>> query = AuditQuery::Open(path_, 1000);
    EXPECT_TRUE(query.ok()) << query.error();
    return query.ok() ? std::move(query).value() : nullptr;
  }

  static std::vector<int64_t> Ids(const std::vector<AuditRow>& rows) {
    std::vector<int64_t> ids;
    for (const AuditRow& row : rows) ids.push_back(row.id);
    return ids;
  }

  std::vector<int64_t> All(AuditQuery& query, const AuditFilter& filter,
                           AuditOrder order = AuditOrder::kOldestFirst) {
    std::vector<int64_t> ids;
    Status status = query.ForEach(
        filter, order,
        [&](const AuditRow& row) {
          ids.push_back(row.id);
          return Status::Ok();
        },
        /*page_rows=*/2);
    EXPECT_TRUE(status.ok()) << status.message();
    return ids;
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
};

TEST_F(AuditQueryTest, OrdersByStartTimeNotByIdAndFiltersEachField) {
  // Ids follow when calls finished: a long call started first, ended last.
  const int64_t late = Insert(kT0 + 300, 1, "orders_get");
  const int64_t early = Insert(kT0 + 100, 2, "stores_list", "NOT_FOUND");
  const int64_t middle = Insert(kT0 + 200, 1, "stores_list", "tool_error");
  const int64_t anonymous = Insert(kT0 + 400, 0, "stores_list");
  std::unique_ptr<AuditQuery> query = MustOpen();
  ASSERT_NE(query, nullptr);

  EXPECT_THAT(All(*query, {}), ElementsAre(early, middle, late, anonymous));
  EXPECT_THAT(All(*query, {}, AuditOrder::kNewestFirst),
              ElementsAre(anonymous, late, middle, early));
  AuditFilter tenant;
  tenant.tenant_id = 1;
  EXPECT_THAT(All(*query, tenant), ElementsAre(middle, late));
  AuditFilter tool;
  tool.tool = "stores_list";
  EXPECT_THAT(All(*query, tool), ElementsAre(early, middle, anonymous));
  AuditFilter outcome;
  outcome.outcome = "NOT_FOUND";
  EXPECT_THAT(All(*query, outcome), ElementsAre(early));
  AuditFilter range;
  range.since_ms = kT0 + 200;
  range.until_ms = kT0 + 400;
  EXPECT_THAT(All(*query, range), ElementsAre(middle, late));
  AuditFilter all_at_once = tool;
  all_at_once.tenant_id = 1;
  all_at_once.since_ms = kT0;
  EXPECT_THAT(All(*query, all_at_once), ElementsAre(middle));
}

TEST_F(AuditQueryTest, RowsCarryEveryFieldAndTheTenantName) {
  const int64_t id = Insert(kT0, 2, "stores_list", "tool_error");
  Insert(kT0 + 1, 0, "stores_list");
  Insert(kT0 + 2, 9, "stores_list");  // a tenant deleted since
  std::unique_ptr<AuditQuery> query = MustOpen();
  ASSERT_NE(query, nullptr);
  StatusOr<AuditPage> page = query->Page({}, AuditOrder::kOldestFirst, std::nullopt, 10);
  ASSERT_TRUE(page.ok()) << page.error();
  ASSERT_EQ(page.value().rows.size(), 3u);
  const AuditRow& row = page.value().rows[0];
  EXPECT_EQ(row.id, id);
  EXPECT_EQ(row.record.time_ms, kT0);
  EXPECT_EQ(row.record.tenant_id, 2);
  EXPECT_EQ(row.tenant_name, "bob");
  EXPECT_EQ(row.record.tool, "stores_list");
  EXPECT_EQ(row.record.store, "");
  EXPECT_EQ(row.record.outcome, "tool_error");
  EXPECT_EQ(row.record.duration_us, 1500);
  EXPECT_EQ(row.record.correlation_id, "c");
  EXPECT_EQ(row.record.arguments_json, R"({"n":1})");
  EXPECT_EQ(page.value().rows[1].record.tenant_id, 0);
  EXPECT_EQ(page.value().rows[1].tenant_name, "");
  EXPECT_EQ(page.value().rows[2].record.tenant_id, 9);
  EXPECT_EQ(page.value().rows[2].tenant_name, "");
  EXPECT_FALSE(page.value().more);
}

TEST_F(AuditQueryTest, KeysetPagesNeitherSkipNorRepeatRowsOfTheSameMillisecond) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(Insert(kT0 + i / 3, 1, "t"));
  std::unique_ptr<AuditQuery> query = MustOpen();
  ASSERT_NE(query, nullptr);

  std::vector<int64_t> newest_first;
  std::optional<AuditPosition> after;
  while (true) {
    StatusOr<AuditPage> page = query->Page({}, AuditOrder::kNewestFirst, after, 3);
    ASSERT_TRUE(page.ok()) << page.error();
    for (int64_t id : Ids(page.value().rows)) newest_first.push_back(id);
    if (!page.value().more) break;
    StatusOr<AuditPosition> position = query->PositionOf(page.value().rows.back().id);
    ASSERT_TRUE(position.ok()) << position.error();
    after = position.value();
  }
  EXPECT_EQ(newest_first, std::vector<int64_t>(ids.rbegin(), ids.rend()));
  EXPECT_EQ(All(*query, {}), ids);
}

TEST_F(AuditQueryTest, ForEachStopsAtTheFirstErrorOfItsSink) {
  for (int i = 0; i < 5; ++i) Insert(kT0 + i, 1, "t");
  std::unique_ptr<AuditQuery> query = MustOpen();
  ASSERT_NE(query, nullptr);
  int seen = 0;
  Status status = query->ForEach(
      {}, AuditOrder::kOldestFirst,
      [&](const AuditRow&) {
        return ++seen == 3 ? Status(ODMCP_UNAVAILABLE, "disk full") : Status::Ok();
      },
      /*page_rows=*/2);
  EXPECT_EQ(status.code(), ODMCP_UNAVAILABLE);
  EXPECT_EQ(status.message(), "disk full");
  EXPECT_EQ(seen, 3);
}

TEST_F(AuditQueryTest, UnknownTenantsAndRowsAreNotFound) {
  std::unique_ptr<AuditQuery> query = MustOpen();
  ASSERT_NE(query, nullptr);
  StatusOr<int64_t> alice = query->TenantId("alice");
  ASSERT_TRUE(alice.ok()) << alice.error();
  EXPECT_EQ(alice.value(), 1);
  StatusOr<int64_t> carol = query->TenantId("carol");
  EXPECT_EQ(carol.status().code(), ODMCP_NOT_FOUND);
  EXPECT_THAT(carol.error(), HasSubstr("no tenant named \"carol\""));
  StatusOr<AuditPosition> row = query->PositionOf(42);
  EXPECT_EQ(row.status().code(), ODMCP_NOT_FOUND);
  EXPECT_THAT(row.error(), HasSubstr("no audit row has id 42"));
}

TEST_F(AuditQueryTest, ReadsBesideAWriterWithoutChangingTheFile) {
  std::unique_ptr<storage::Database> server = OpenHostDb(path_);
  ASSERT_NE(server, nullptr);
  AuditLog log(*server, {});
  AuditRecord record;
  record.time_ms = kT0;
  record.tenant_id = 1;
  record.tool = "stores_list";
  record.outcome = "ok";
  record.arguments_json = "{}";
  log.Record(record);
  log.Flush();
  std::unique_ptr<AuditQuery> query = MustOpen();
  ASSERT_NE(query, nullptr);
  AuditFilter alice;
  alice.tenant_id = 1;
  EXPECT_EQ(All(*query, alice).size(), 1u);
  // The writer keeps writing while the reader is open.
  log.Record(record);
  log.Flush();
  EXPECT_EQ(All(*query, alice).size(), 2u);
}

TEST_F(AuditQueryTest, RefusesWhatIsNotAHostDatabaseWithoutCreatingIt) {
  const std::string missing = dir_.File("missing.db");
  StatusOr<std::unique_ptr<AuditQuery>> absent = AuditQuery::Open(missing, 1000);
  EXPECT_EQ(absent.status().code(), ODMCP_NOT_FOUND);
  EXPECT_THAT(absent.error(), HasSubstr(missing));
  EXPECT_FALSE(std::filesystem::exists(missing));

  const std::string empty = dir_.File("empty.db");
  RawDb(empty).Exec("CREATE TABLE t (x)");
  StatusOr<std::unique_ptr<AuditQuery>> foreign = AuditQuery::Open(empty, 1000);
  EXPECT_EQ(foreign.status().code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_THAT(foreign.error(), HasSubstr("no audit log"));

  RawDb(path_).Exec("PRAGMA user_version = 999");
  StatusOr<std::unique_ptr<AuditQuery>> newer = AuditQuery::Open(path_, 1000);
  EXPECT_EQ(newer.status().code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_THAT(newer.error(), HasSubstr("schema version 999 is newer"));
}

TEST_F(AuditQueryTest, TheSchemaIndexesTenantAndTime) {
  EXPECT_EQ(RawDb(path_).Int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                             "name = 'audit_log_tenant_time'"),
            1);
}

TEST(AuditOutcomesTest, AreTheHostsOutcomesAndTheFailingStatusNames) {
  const std::vector<std::string>& outcomes = AuditOutcomes();
  for (const char* expected :
       {"ok", "tool_error", "input_required", "CANCELLED", "NOT_FOUND", "UNAUTHENTICATED"}) {
    EXPECT_NE(std::find(outcomes.begin(), outcomes.end(), expected), outcomes.end()) << expected;
  }
  EXPECT_EQ(std::find(outcomes.begin(), outcomes.end(), "OK"), outcomes.end());
}

TEST(ParseAuditTimeTest, AcceptsRfc3339DatesAndTimesAgo) {
  const int64_t now = kT0 + 123;
  auto parsed = [&](const char* text) {
    StatusOr<int64_t> time = ParseAuditTime(text, now);
    EXPECT_TRUE(time.ok()) << text << ": " << time.error();
    return time.ok() ? time.value() : -1;
  };
  EXPECT_EQ(parsed("2026-12-07T10:00:00Z"), kT0);
  EXPECT_EQ(parsed("2026-12-07t10:00:00z"), kT0);
  EXPECT_EQ(parsed("2026-12-07T10:00:00.5Z"), kT0 + 500);
  EXPECT_EQ(parsed("2026-12-07T10:00:00.123456Z"), kT0 + 123);
  EXPECT_EQ(parsed("2026-12-07T12:30:00+02:30"), kT0);
  EXPECT_EQ(parsed("2026-12-07T05:00:00-05:00"), kT0);
  EXPECT_EQ(parsed("2026-12-07"), kT0 - 10 * 3600 * 1000);
  EXPECT_EQ(parsed("2028-02-29"), 1'835'395'200'000);
  EXPECT_EQ(parsed("1970-01-01"), 0);
  EXPECT_EQ(parsed("90s"), now - 90'000);
  EXPECT_EQ(parsed("30m"), now - 30 * 60'000);
  EXPECT_EQ(parsed("1h"), now - 3'600'000);
  EXPECT_EQ(parsed("7d"), now - 7 * 86'400'000);
}

TEST(ParseAuditTimeTest, RefusesAnythingElseNamingTheForms) {
  for (const char* text :
       {"", "yesterday", "1w", "h", "-1h", "2026-13-01", "2026-02-29", "2026-12-07T24:00:00Z",
        "2026-12-07T10:00:00", "2026-12-07T10:00Z", "2026-12-07 10:00:00Z", "2026-12-07T10:00:00.Z",
        "2026-12-07T10:00:00+0200", "12/07/2026", "9999999999d"}) {
    StatusOr<int64_t> time = ParseAuditTime(text, kT0);
    EXPECT_FALSE(time.ok()) << text;
    EXPECT_THAT(time.error(), HasSubstr("RFC 3339 (2026-12-07T10:00:00Z)")) << text;
  }
}

}  // namespace
}  // namespace odmcp
