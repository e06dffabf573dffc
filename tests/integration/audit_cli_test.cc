// orderdesk-mcp audit list|export against a real host: a scripted workload
// of tool calls by two tenants, then the audit command (run beside the
// serving host, without the KMS key) must show exactly those calls.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/tenants_support.h"
#include "tests/support/eventually.h"

namespace odmcp::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// One call of the workload, as the audit log should show it.
struct ExpectedCall {
  std::string tenant;
  std::string tool;
  std::string store;  // empty: none
  std::string outcome;
};

// What a row of `--format jsonl` says.
struct Row {
  int64_t id = 0;
  std::string line;  // the JSON text
  std::string time;
  std::string tenant;
  std::string tool;
  std::string store;
  std::string outcome;
  std::string correlation_id;
  std::string arguments;  // serialized again
};

std::string ToJsonText(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<Row> ParseRows(const std::string& jsonl) {
  std::vector<Row> rows;
  for (const std::string& line : Lines(jsonl)) {
    rapidjson::Document doc = ParseJson(line);
    if (!doc.IsObject()) continue;
    Row row;
    row.line = line;
    row.id = doc["id"].GetInt64();
    row.time = doc["time"].GetString();
    row.tenant = doc["tenant"].IsString() ? doc["tenant"].GetString() : "";
    row.tool = doc["tool"].GetString();
    row.store = doc["store"].IsString() ? doc["store"].GetString() : "";
    row.outcome = doc["outcome"].GetString();
    row.correlation_id = doc["correlation_id"].GetString();
    EXPECT_TRUE(doc["arguments"].IsObject()) << line;
    row.arguments = ToJsonText(doc["arguments"]);
    rows.push_back(row);
  }
  return rows;
}

std::vector<int64_t> Ids(const std::vector<Row>& rows) {
  std::vector<int64_t> ids;
  for (const Row& row : rows) ids.push_back(row.id);
  return ids;
}

// RFC 4180 records: quoted fields unquoted, every record ended by CRLF.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
      field += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == ',') {
      records.back().push_back(std::move(field));
      field.clear();
    } else if (!quoted && c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      records.back().push_back(std::move(field));
      field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(records.back().empty() && field.empty()) << "the last record lacks its CRLF";
  records.pop_back();
  return records;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class AuditCliTest : public ::testing::Test {
 protected:
  // Two tenants call tools through the serving host; bob's last two fail
  // (no such store for him; an API key OrderDesk could not have issued).
  void SetUp() override {
    alice_key_ = world_.CreateTenant("alice");
    bob_key_ = world_.CreateTenant("bob");
    host_ = world_.StartHttp();
    ASSERT_FALSE(host_->url().empty()) << host_->Stderr();
    McpHttp http(host_->url());
    struct Step {
      const std::string* key;
      const char* tool;
      std::string args;
    };
    const std::vector<Step> steps = {
        {&alice_key_, "stores_register",
         std::string(R"({"store_id":"1001","api_key":")") + kDemoApiKey + R"("})"},
        {&alice_key_, "stores_list", "{}"},
        {&bob_key_, "stores_list", "{}"},
        {&alice_key_, "stores_refresh", R"({"store":"1001"})"},
        {&bob_key_, "stores_refresh", R"({"store":"1001"})"},
        {&bob_key_, "stores_register", R"({"store_id":"1001","api_key":"wrong-key-0123456789"})"},
    };
    for (const Step& step : steps) {
      ToolReply reply = CallTool(http, *step.key, step.tool, step.args);
      ASSERT_EQ(reply.http_status, 200) << step.tool << ": " << reply.body;
    }
    // The host writes audit rows in the background: wait until all are in.
    Eventually(
        [&] {
          return ParseRows(Audit({"list", "--format", "jsonl"}).out).size() >= 6;
        },
        std::chrono::seconds(10), std::chrono::milliseconds(100));
  }

  // `orderdesk-mcp audit <args> --config <config>` with an empty KMS key:
  // reading the audit log must not need one.
  TenantWorld::CliResult Audit(std::vector<std::string> args) {
    args.insert(args.begin(), "audit");
    return world_.Cli(std::move(args), {{"ODMCP_KMS_KEY", ""}});
  }

  std::vector<Row> List(std::vector<std::string> args) {
    args.insert(args.begin(), {"list", "--format", "jsonl"});
    TenantWorld::CliResult listed = Audit(args);
    EXPECT_EQ(listed.status, 0) << listed.err;
    return ParseRows(listed.out);
  }

  // The workload, oldest first.
  static std::vector<ExpectedCall> Workload() {
    return {{"alice", "stores_register", "1001", "ok"},
            {"alice", "stores_list", "", "ok"},
            {"bob", "stores_list", "", "ok"},
            {"alice", "stores_refresh", "1001", "ok"},
            {"bob", "stores_refresh", "", "NOT_FOUND"},
            {"bob", "stores_register", "1001", "INVALID_ARGUMENT"}};
  }

  static void ExpectWorkload(const std::vector<Row>& oldest_first) {
    const std::vector<ExpectedCall> expected = Workload();
    ASSERT_EQ(oldest_first.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      SCOPED_TRACE(oldest_first[i].line);
      EXPECT_EQ(oldest_first[i].tenant, expected[i].tenant);
      EXPECT_EQ(oldest_first[i].tool, expected[i].tool);
      EXPECT_EQ(oldest_first[i].store, expected[i].store);
      EXPECT_EQ(oldest_first[i].outcome, expected[i].outcome);
      EXPECT_THAT(oldest_first[i].line, Not(HasSubstr(kDemoApiKey)));
    }
  }

  TenantWorld world_;
  std::string alice_key_;
  std::string bob_key_;
  std::unique_ptr<HostProcess> host_;
};

TEST_F(AuditCliTest, ListShowsTheWorkloadNewestFirst) {
  std::vector<Row> rows = List({});
  std::reverse(rows.begin(), rows.end());
  ExpectWorkload(rows);
  EXPECT_EQ(rows[0].arguments, R"({"store_id":"1001","api_key":"[redacted]"})");
  EXPECT_EQ(rows[4].arguments, R"({"store":"1001"})");

  TenantWorld::CliResult table = Audit({"list"});
  ASSERT_EQ(table.status, 0) << table.err;
  const std::vector<std::string> lines = Lines(table.out);
  ASSERT_EQ(lines.size(), 7u) << table.out;
  const std::string& header = lines[0];
  EXPECT_EQ(header.find("ID"), header.find_first_not_of(' '));
  for (const char* column :
       {"TIME", "TENANT", "TOOL", "STORE", "OUTCOME", "MS", "CORRELATION ID"}) {
    EXPECT_THAT(header, HasSubstr(column));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const Row& row = rows[rows.size() - i];  // the table is newest first too
    SCOPED_TRACE(lines[i]);
    // Aligned: each value starts under its heading.
    EXPECT_EQ(lines[i].find(" " + row.time + " ") + 1, header.find("TIME"));
    EXPECT_EQ(lines[i].find(" " + row.tenant + " ") + 1, header.find("TENANT"));
    EXPECT_EQ(lines[i].find(" " + row.tool + " ") + 1, header.find("TOOL"));
    EXPECT_EQ(lines[i].find(" " + row.outcome + " ") + 1, header.find("OUTCOME"));
    EXPECT_EQ(lines[i].find(row.correlation_id), header.find("CORRELATION ID"));
  }
  EXPECT_THAT(table.out + table.err, Not(HasSubstr(kDemoApiKey)));
}

TEST_F(AuditCliTest, ListFiltersByTenantToolOutcomeAndTime) {
  std::vector<Row> all = List({});
  std::reverse(all.begin(), all.end());
  ASSERT_EQ(all.size(), 6u);
  auto ids_of = [&](const std::vector<size_t>& indexes) {
    std::vector<int64_t> ids;
    for (auto it = indexes.rbegin(); it != indexes.rend(); ++it) ids.push_back(all[*it].id);
    return ids;
  };
  EXPECT_THAT(Ids(List({"--tenant", "alice"})), ElementsAreArray(ids_of({0, 1, 3})));
  EXPECT_THAT(Ids(List({"--tenant=bob"})), ElementsAreArray(ids_of({2, 4, 5})));
  EXPECT_THAT(Ids(List({"--tool", "stores_list"})), ElementsAreArray(ids_of({1, 2})));
  EXPECT_THAT(Ids(List({"--outcome", "INVALID_ARGUMENT"})), ElementsAreArray(ids_of({5})));
  EXPECT_THAT(List({"--outcome", "tool_error"}), IsEmpty());
  EXPECT_THAT(Ids(List({"--outcome", "not_found"})), ElementsAreArray(ids_of({4})));
  EXPECT_THAT(Ids(List({"--tenant", "bob", "--tool", "stores_list"})),
              ElementsAreArray(ids_of({2})));

  // --since is inclusive, --until exclusive, at the millisecond.
  std::vector<size_t> in_range;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].time >= all[2].time && all[i].time < all[4].time) in_range.push_back(i);
  }
  EXPECT_THAT(Ids(List({"--since", all[2].time, "--until", all[4].time})),
              ElementsAreArray(ids_of(in_range)));
  EXPECT_EQ(List({"--since", "1h"}).size(), 6u);
  EXPECT_THAT(List({"--until", "1h"}), IsEmpty());
  EXPECT_THAT(List({"--until", "2000-01-01"}), IsEmpty());
}

TEST_F(AuditCliTest, ListPagesWithAfterUntilNoMoreRowsMatch) {
  const std::vector<Row> all = List({});
  ASSERT_EQ(all.size(), 6u);
  std::vector<int64_t> paged;
  std::vector<std::string> args = {"list", "--format", "jsonl", "--limit", "4"};
  for (int page = 0; page < 5; ++page) {
    TenantWorld::CliResult listed = Audit(args);
    ASSERT_EQ(listed.status, 0) << listed.err;
    for (const Row& row : ParseRows(listed.out)) paged.push_back(row.id);
    const size_t hint = listed.err.find("more: --after ");
    if (hint == std::string::npos) break;
    const std::string after = listed.err.substr(hint + 14, listed.err.find('\n', hint) - hint - 14);
    EXPECT_EQ(after, std::to_string(paged.back()));
    args = {"list", "--format", "jsonl", "--limit", "4", "--after", after};
  }
  EXPECT_EQ(paged, Ids(all));

  // The table pages the same way, and a filter keeps applying.
  TenantWorld::CliResult first = Audit({"list", "--tenant", "bob", "--limit", "2"});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(Lines(first.out).size(), 3u);
  const std::vector<Row> bob = List({"--tenant", "bob"});
  EXPECT_THAT(first.err, HasSubstr("more: --after " + std::to_string(bob[1].id)));
  EXPECT_THAT(Ids(List({"--tenant", "bob", "--after", std::to_string(bob[1].id)})),
              ElementsAreArray({bob[2].id}));
}

TEST_F(AuditCliTest, ExportWritesEveryRowOldestFirstAsCsvOrJsonLines) {
  std::vector<Row> newest_first = List({});
  ASSERT_EQ(newest_first.size(), 6u);

  TenantWorld::CliResult jsonl = Audit({"export", "--format", "jsonl"});
  ASSERT_EQ(jsonl.status, 0) << jsonl.err;
  std::vector<std::string> expected_lines;
  for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) {
    expected_lines.push_back(it->line);
  }
  EXPECT_EQ(Lines(jsonl.out), expected_lines);
  ExpectWorkload(ParseRows(jsonl.out));

  const std::string dir = std::filesystem::path(world_.config()).parent_path().string();
  const std::string file = dir + "/audit.csv";
  std::filesystem::remove(file);
  TenantWorld::CliResult csv = Audit({"export", "--output", file});
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_THAT(csv.out, IsEmpty());
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string text = ReadFile(file);
  EXPECT_THAT(text, Not(HasSubstr(kDemoApiKey)));
  const std::vector<std::vector<std::string>> records = ParseCsv(text);
  ASSERT_EQ(records.size(), 7u) << text;
  EXPECT_THAT(records[0],
              ElementsAreArray({"id", "time", "tenant", "tenant_id", "tool", "store", "outcome",
                                "duration_us", "correlation_id", "arguments"}));
  for (size_t i = 1; i < records.size(); ++i) {
    const Row& row = newest_first[newest_first.size() - i];
    SCOPED_TRACE(row.line);
    ASSERT_EQ(records[i].size(), 10u);
    EXPECT_EQ(records[i][0], std::to_string(row.id));
    EXPECT_EQ(records[i][1], row.time);
    EXPECT_EQ(records[i][2], row.tenant);
    EXPECT_EQ(records[i][4], row.tool);
    EXPECT_EQ(records[i][5], row.store);
    EXPECT_EQ(records[i][6], row.outcome);
    EXPECT_EQ(records[i][8], row.correlation_id);
    EXPECT_EQ(ToJsonText(ParseJson(records[i][9])), row.arguments);
  }

  // Filters apply; no temporary file is left beside the output.
  TenantWorld::CliResult bob =
      Audit({"export", "--tenant", "bob", "--format=jsonl", "--output", dir + "/bob.jsonl"});
  ASSERT_EQ(bob.status, 0) << bob.err;
  EXPECT_EQ(ParseRows(ReadFile(dir + "/bob.jsonl")).size(), 3u);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr(".partial-")));
  }
}

TEST(AuditCliErrorsTest, MistakesExitNonZeroNamingTheProblem) {
  TenantWorld world;
  world.CreateTenant("alice");
  auto audit = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "audit");
    return world.Cli(std::move(args), {{"ODMCP_KMS_KEY", ""}});
  };
  // The KMS key really is absent: a command that needs it fails.
  EXPECT_NE(world.Cli({"tenant", "list"}, {{"ODMCP_KMS_KEY", ""}}).status, 0);
  TenantWorld::CliResult empty = audit({"list"});
  EXPECT_EQ(empty.status, 0) << empty.err;

  for (const char* command : {"--help", "list", "export"}) {
    TenantWorld::CliResult help =
        command == std::string("--help") ? audit({"--help"}) : audit({command, "--help"});
    EXPECT_EQ(help.status, 0) << command;
    EXPECT_THAT(help.out, HasSubstr("usage: orderdesk-mcp audit")) << command;
    EXPECT_THAT(help.out, HasSubstr("--since TIME")) << command;
  }
  TenantWorld::CliResult top = world.Cli({"--help"});
  EXPECT_THAT(top.out, HasSubstr("audit list|export"));

  struct Mistake {
    std::vector<std::string> args;
    int status;
    std::string message;
  };
  const std::vector<Mistake> mistakes = {
      {{"list", "--tenant", "nobody"}, 1, "--tenant: no tenant named \"nobody\""},
      {{"export", "--tenant", "nobody"}, 1, "--tenant: no tenant named \"nobody\""},
      {{"list", "--since", "yesterday"}, 2, "--since: \"yesterday\" is not a time: use RFC 3339"},
      {{"export", "--until", "2026-13-01"}, 2, "--until: \"2026-13-01\" is not a time"},
      {{"list", "--since", "1h", "--until", "2h"}, 2, "--since must be before --until"},
      {{"list", "--outcome", "fine"},
       2,
       "--outcome \"fine\" is not an outcome; use one of: ok, tool_error, input_required, "
       "CANCELLED"},
      {{"list", "--bogus"}, 2, "unknown option \"--bogus\""},
      {{"export", "--limit", "5"}, 2, "unknown option \"--limit\""},
      {{"list", "--output", "x"}, 2, "unknown option \"--output\""},
      {{"list", "--limit", "0"}, 2, "--limit must be a whole number from 1 to 10000"},
      {{"list", "--limit", "10001"}, 2, "--limit must be a whole number from 1 to 10000"},
      {{"list", "--after", "abc"}, 2, "--after takes the id of a row"},
      {{"list", "--after", "999"}, 1, "--after: no audit row has id 999"},
      {{"list", "--format", "csv"}, 2, "--format \"csv\": use table or jsonl"},
      {{"export", "--format", "table"}, 2, "--format \"table\": use csv or jsonl"},
      {{"list", "--tool"}, 2, "--tool needs a value"},
      {{"list", "--tool", "a", "--tool", "b"}, 2, "--tool is given twice"},
      {{"list", "stray"}, 2, "unexpected argument \"stray\""},
      {{"frobnicate"}, 2, "unknown command \"frobnicate\""},
      {{}, 2, "which command?"},
  };
  for (const Mistake& mistake : mistakes) {
    TenantWorld::CliResult result = audit(mistake.args);
    SCOPED_TRACE(::testing::PrintToString(mistake.args));
    EXPECT_EQ(result.status, mistake.status) << result.err;
    EXPECT_THAT(result.err, HasSubstr(mistake.message));
    EXPECT_THAT(result.out, IsEmpty());
  }

  const std::string unwritable = "/nonexistent-odmcp-dir/audit.csv";
  TenantWorld::CliResult failed = audit({"export", "--output", unwritable});
  EXPECT_EQ(failed.status, 1);
  EXPECT_THAT(failed.err, HasSubstr(unwritable));
  EXPECT_FALSE(std::filesystem::exists(unwritable));

  HostProcess no_config({"audit", "list", "--config", "/no/such.toml"});
  no_config.CloseInput();
  EXPECT_EQ(no_config.Wait().value_or(-1), 1);
  EXPECT_THAT(no_config.Stderr(), HasSubstr("/no/such.toml"));
}

}  // namespace
}  // namespace odmcp::testing
