// The real host's /health/ready (and /health): 200 with every check named
// while all pass, and 503 naming the failing check when another process
// holds the database's write lock, when the database no longer records the
// host's KMS key, and when a reload leaves a required plugin not running;
// 200 again once the cause is gone. A stop signal with [http] drain_s makes
// it unready at once while it keeps serving.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "tests/integration/integration_support.h"
#include "tests/integration/tenants_support.h"
#include "tests/support/eventually.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

struct Probe {
  int status = 0;
  std::string text;
  rapidjson::Document body;

  bool Failing(const char* check) const {
    return status == 503 && body.IsObject() && body.HasMember("checks") &&
           body["checks"].HasMember(check) && !body["checks"][check]["ok"].GetBool();
  }
};

class HealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.CreateTenant("acme");
    host_ = world_.StartHttp();
    ASSERT_FALSE(host_->url().empty()) << host_->Stderr();
    const std::string url = host_->url();
    client_ = std::make_unique<httplib::Client>(url.substr(0, url.find('/', 7)));
    client_->set_read_timeout(10, 0);
  }

  void TearDown() override {
    if (host_ != nullptr) host_->Stop();
  }

  Probe Get(const char* path) {
    Probe probe;
    httplib::Result result = client_->Get(path);
    if (!result) return probe;
    probe.status = result->status;
    probe.text = result->body;
    probe.body.Parse(probe.text.c_str());
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");
    return probe;
  }

  // Probes until `done` holds (the host re-runs its checks once a second).
  bool ProbeUntil(const std::function<bool(const Probe&)>& done, Probe* last) {
    return Eventually(
        [&] {
          *last = Get("/health/ready");
          return done(*last);
        },
        std::chrono::seconds(15), std::chrono::milliseconds(100));
  }

  static bool Ready(const Probe& probe) { return probe.status == 200; }

  TenantWorld world_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<httplib::Client> client_;
};

// Runs `sql` on the host's database from this process.
class RawDatabase {
 public:
  explicit RawDatabase(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDatabase() { sqlite3_close(db_); }
  void Exec(const char* sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST_F(HealthTest, ReadyNamesEveryCheckAndHealthIsItsAlias) {
  for (const char* path : {"/health/ready", "/health"}) {
    Probe probe = Get(path);
    ASSERT_EQ(probe.status, 200) << path;
    EXPECT_STREQ(probe.body["status"].GetString(), "ready");
    for (const char* check : {"database", "kms_key", "plugins", "not_draining"}) {
      ASSERT_TRUE(probe.body["checks"].HasMember(check)) << check;
      EXPECT_TRUE(probe.body["checks"][check]["ok"].GetBool()) << check;
    }
  }
  httplib::Result live = client_->Get("/health/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
}

TEST_F(HealthTest, UnreadyWhileAnotherProcessHoldsTheDatabase) {
  RawDatabase other(world_.database());
  other.Exec("BEGIN EXCLUSIVE");
  Probe probe;
  ASSERT_TRUE(ProbeUntil([](const Probe& p) { return p.Failing("database"); }, &probe))
      << probe.status << "\n"
      << host_->Stderr();
  EXPECT_STREQ(probe.body["status"].GetString(), "unready");
  EXPECT_STREQ(probe.body["checks"]["database"]["error"].GetString(),
               "the database cannot be written");
  // The others still pass: only the failing check is named.
  EXPECT_TRUE(probe.body["checks"]["plugins"]["ok"].GetBool());
  // The cause, with the file, is in the host's log, not in the answer.
  EXPECT_THAT(probe.text, ::testing::Not(HasSubstr(world_.database())));

  other.Exec("ROLLBACK");
  ASSERT_TRUE(ProbeUntil(Ready, &probe)) << probe.status;
  const std::string log = host_->StderrWith(R"("msg":"ready again","check":"database")");

  EXPECT_THAT(log, HasSubstr(R"("msg":"not ready","check":"database")"));
  EXPECT_THAT(log, HasSubstr(R"("msg":"ready again","check":"database")"));
}

TEST_F(HealthTest, UnreadyWhenTheDatabaseRecordsAnotherKmsKey) {
  {
    // What a database restored from another deployment would hold.
    RawDatabase other(world_.database());
    other.Exec("UPDATE meta SET value = zeroblob(32) WHERE key = 'kms_check'");
  }
  Probe probe;
  ASSERT_TRUE(ProbeUntil([](const Probe& p) { return p.Failing("kms_key"); }, &probe))
      << probe.status << "\n"
      << host_->Stderr();
  EXPECT_STREQ(probe.body["checks"]["kms_key"]["error"].GetString(),
               "the KMS key does not open the database");
  EXPECT_TRUE(probe.body["checks"]["database"]["ok"].GetBool());
  EXPECT_THAT(host_->StderrWith("different KMS key"), HasSubstr("different KMS key"));
}

TEST_F(HealthTest, UnreadyWhenAReloadLeavesARequiredPluginNotRunning) {
  Probe probe;
  ASSERT_TRUE(ProbeUntil(Ready, &probe));
  std::ofstream(world_.config(), std::ios::app) << "[plugins.invoices]\nrequired = true\npath = \""
                                                << TestPluginDir() << "/no-such-plugin.so\"\n";
  ASSERT_EQ(kill(host_->pid(), SIGHUP), 0);
  ASSERT_TRUE(ProbeUntil([](const Probe& p) { return p.Failing("plugins"); }, &probe))
      << probe.status << "\n"
      << host_->Stderr();
  EXPECT_STREQ(probe.body["checks"]["plugins"]["error"].GetString(),
               "a required plugin is not running");
  const std::string missing =
      "required plugins not running (the host log says why each failed): invoices";
  EXPECT_THAT(host_->StderrWith(missing), HasSubstr(missing));
}

TEST(HealthDrainTest, AStopSignalMakesItUnreadyAtOnceWhileItServesUntilTheDrainEnds) {
  TenantWorld world;
  const std::string key = world.CreateTenant("acme");
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(world.config(), world.Env({{"ODMCP_HTTP__DRAIN_S", "600"}}));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const std::string url = host->url();
  httplib::Client client(url.substr(0, url.find('/', 7)));
  client.set_read_timeout(10, 0);
  httplib::Result before = client.Get("/health/ready");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << "the first probe caches a ready report for a second";

  ASSERT_EQ(kill(host->pid(), SIGTERM), 0);
  EXPECT_THAT(host->StderrWith(R"("msg":"draining")"), HasSubstr(R"("drain_s":600)"));
  httplib::Result during = client.Get("/health/ready");
  ASSERT_TRUE(during) << "still accepting while draining";
  EXPECT_EQ(during->status, 503) << during->body;
  EXPECT_THAT(during->body, HasSubstr(R"("not_draining":{"ok":false)"));
  McpHttp http(url);
  ToolReply served = CallTool(http, key, "stores_list", "{}");
  EXPECT_EQ(served.http_status, 200) << "requests are still served while draining";
  EXPECT_FALSE(served.is_error()) << served.body;

  // A second signal ends the drain: the host stops now, not in ten minutes.
  ASSERT_EQ(kill(host->pid(), SIGTERM), 0);
  EXPECT_EQ(host->Wait(std::chrono::seconds(15)), 0) << host->Stderr();
}

}  // namespace
}  // namespace odmcp::testing
