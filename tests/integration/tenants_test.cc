// Tenants over the real HTTP transport, with the stores plugin against the
// sandbox: isolation between tenants, authentication, rate limits, secrets
// kept out of every output, and durability across kill -9.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/integration/tenants_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kRegisterDemo =
    std::string(R"({"store_id":"1001","api_key":")") + kDemoApiKey + R"("})";

std::string RegisterArgs(int id) {
  return R"({"store_id":")" + std::to_string(id) + R"(","api_key":")" + StoreApiKey(id) + R"("})";
}

// Every row of the audit log, as text.
std::string AuditRows(const std::string& database) {
  sqlite3* db = nullptr;
  std::string rows;
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_exec(
        db, "SELECT * FROM audit_log",
        [](void* out, int n, char** values, char**) {
          for (int i = 0; i < n; ++i) {
            *static_cast<std::string*>(out) += values[i] != nullptr ? values[i] : "NULL";
            *static_cast<std::string*>(out) += "|";
          }
          *static_cast<std::string*>(out) += "\n";
          return 0;
        },
        &rows, nullptr);
  }
  sqlite3_close(db);
  return rows;
}

TEST(TenantsTest, TenantsCannotReachEachOthersStores) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());

  ToolReply registered = CallTool(http, alice, "stores_register", kRegisterDemo);
  ASSERT_FALSE(registered.is_error()) << registered.body;

  ToolReply listed = CallTool(http, bob, "stores_list", "{}");
  ASSERT_FALSE(listed.is_error()) << listed.body;
  EXPECT_EQ(listed.json["structuredContent"]["stores"].Size(), 0u) << listed.body;
  for (const char* store : {"1001", "Sandbox Demo Store", "sandbox demo store"}) {
    const std::string args = std::string(R"({"store":")") + store + R"("})";
    for (const char* tool : {"stores_resolve", "stores_set_default", "stores_delete", "stores_refresh"}) {
      ToolReply reply = CallTool(http, bob, tool, args);
      EXPECT_TRUE(reply.is_error()) << tool << " " << store << ": " << reply.body;
      EXPECT_THAT(reply.text(), Not(HasSubstr("(1001)"))) << tool << ": " << reply.text();
    }
  }
  // Bob cannot use Alice's session either: it is answered as unknown.
  std::string session;
  {
    httplib::Result r = http.Post(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}})",
        {{"Authorization", "Bearer " + alice}});
    ASSERT_TRUE(r);
    session = r->get_header_value("Mcp-Session-Id");
  }
  ToolReply stolen = CallTool(http, bob, "stores_use", R"({"store":"1001"})", session);
  EXPECT_EQ(stolen.http_status, 404) << stolen.body;
  ToolReply own = CallTool(http, alice, "stores_use", R"({"store":"1001"})", session);
  EXPECT_FALSE(own.is_error()) << own.body;

  // After all of Bob's attempts, Alice's store is intact.
  ToolReply still = CallTool(http, alice, "stores_list", "{}");
  ASSERT_EQ(still.json["structuredContent"]["stores"].Size(), 1u) << still.body;
  EXPECT_TRUE(still.json["structuredContent"]["stores"][0]["is_default"].GetBool());

  // An unknown key creates nothing and learns nothing.
  ToolReply stranger = CallTool(http, "odmk_not-a-tenant-key-at-all-0123456789abcdef", "stores_list", "{}");
  EXPECT_EQ(stranger.http_status, 401);
  ToolReply wrong_named = CallTool(http, alice + "x", "stores_list", "{}");
  EXPECT_EQ(wrong_named.http_status, 401);
  EXPECT_EQ(stranger.body, wrong_named.body) << "a refusal must not depend on the key";
  EXPECT_EQ(host->Stop(), 0);
  TenantWorld::CliResult tenants = world.Cli({"tenant", "list"});
  EXPECT_EQ(tenants.status, 0) << tenants.err;
  EXPECT_EQ(std::count(tenants.out.begin(), tenants.out.end(), '\n'), 3) << tenants.out;
}

TEST(TenantsTest, CacheEntriesBelongToTheirTenant) {
  // The plain-C fixture plugin reaches the cache through the ABI alone.
  TenantWorld world(0, "[plugins.cfixture]\npath = \"" + TestPluginDir() + "/cfixture.so\"\n");
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  ToolReply put = CallTool(http, alice, "cfixture_cache_put", R"({"key":"shared-name","value":"alices-value"})");
  ASSERT_FALSE(put.is_error()) << put.body;
  EXPECT_EQ(CallTool(http, alice, "cfixture_cache_get", R"({"key":"shared-name"})").text(), "alices-value");
  ToolReply by_bob = CallTool(http, bob, "cfixture_cache_get", R"({"key":"shared-name"})");
  EXPECT_TRUE(by_bob.is_error()) << by_bob.body;
  EXPECT_THAT(by_bob.body, Not(HasSubstr("alices-value")));
  // Bob's own entry under the same name does not touch Alice's.
  ASSERT_FALSE(CallTool(http, bob, "cfixture_cache_put", R"({"key":"shared-name","value":"bobs-value"})").is_error());
  EXPECT_EQ(CallTool(http, bob, "cfixture_cache_get", R"({"key":"shared-name"})").text(), "bobs-value");
  EXPECT_EQ(CallTool(http, alice, "cfixture_cache_get", R"({"key":"shared-name"})").text(), "alices-value");
}

TEST(TenantsTest, NoSecretReachesLogsAuditRowsErrorsOrToolOutput) {
  TenantWorld world(2);
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  const std::string wrong_key = "WrongApiKey-find-me-0123456789";
  std::string outputs;
  auto call = [&](const std::string& key, const std::string& tool, const std::string& args) {
    ToolReply reply = CallTool(http, key, tool, args);
    outputs += reply.body + "\n";
    return reply;
  };
  EXPECT_FALSE(call(alice, "stores_register", kRegisterDemo).is_error());
  EXPECT_FALSE(call(alice, "stores_register", RegisterArgs(3001)).is_error());
  EXPECT_TRUE(call(alice, "stores_register",
                   R"({"store_id":"3002","api_key":")" + wrong_key + R"("})").is_error());
  EXPECT_FALSE(call(bob, "stores_register", RegisterArgs(3002)).is_error());
  call(alice, "stores_list", "{}");
  call(alice, "stores_refresh", R"({"store":"3001"})");
  call(alice, "stores_resolve", R"({"store":"nope"})");
  call(bob, "tenant_use_master_key", R"({"master_key":")" + alice + R"("})");
  call(alice, "stores_register", R"({"store_id":"1001","api_key":7})");
  call(alice + "tampered", "stores_list", "{}");
  httplib::Result with_query = http.client().Post((http.path() + "?token=" + alice).c_str(),
      {{"Accept", "application/json, text/event-stream"}},
      StatelessRequest("9", "tools/call", R"("name":"stores_list","arguments":{})"),
      "application/json");
  ASSERT_TRUE(with_query);
  outputs += with_query->body;
  EXPECT_EQ(host->Stop(), 0);

  const std::string logs = host->Stderr();
  const std::string audit = AuditRows(world.database());
  ASSERT_THAT(audit, HasSubstr("stores_register")) << "the audit log must have rows to check";
  const std::vector<std::string> secrets = {alice,          bob,       kDemoApiKey,
                                            StoreApiKey(3001), StoreApiKey(3002), wrong_key,
                                            kKmsRaw,        world.KmsBase64()};
  for (const std::string& secret : secrets) {
    EXPECT_THAT(logs, Not(HasSubstr(secret))) << "in the host log";
    EXPECT_THAT(audit, Not(HasSubstr(secret))) << "in the audit log";
    EXPECT_THAT(outputs, Not(HasSubstr(secret))) << "in tool output or errors";
  }
  // The database holds no secret in the clear either.
  std::ifstream file(world.database(), std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  for (const std::string& secret : secrets) {
    EXPECT_THAT(bytes.str(), Not(HasSubstr(secret))) << "in the database file";
  }
}

TEST(TenantsTest, AStoredKeyPastedIntoArgumentsIsRedactedAfterARestartToo) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  {
    std::unique_ptr<HostProcess> first = world.StartHttp();
    ASSERT_FALSE(first->url().empty()) << first->Stderr();
    McpHttp http(first->url());
    ASSERT_FALSE(CallTool(http, alice, "stores_register", kRegisterDemo).is_error());
    EXPECT_EQ(first->Stop(), 0);
  }
  // A new process has neither stored nor opened the key; the tenant's key
  // check registers it.
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  // (The tool's answer may quote the argument back to the client that sent it.)
  CallTool(http, alice, "stores_resolve",
           std::string(R"({"store":"my key is )") + kDemoApiKey + R"("})");
  EXPECT_EQ(host->Stop(), 0);
  const std::string audit = AuditRows(world.database());
  ASSERT_THAT(audit, HasSubstr("stores_resolve")) << "the audit log must have the call's row";
  EXPECT_THAT(audit, Not(HasSubstr(kDemoApiKey))) << "in the audit log";
  EXPECT_THAT(host->Stderr(), Not(HasSubstr(kDemoApiKey))) << "in the host log";
}

TEST(TenantsTest, TheKmsKeyLeavesTheEnvironmentOnceRead) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  EXPECT_EQ(CallTool(http, alice, "stores_list", "{}").http_status, 200);
  std::ifstream environ("/proc/" + std::to_string(host->pid()) + "/environ", std::ios::binary);
  std::stringstream bytes;
  bytes << environ.rdbuf();
  // Root may read it; anyone else cannot even open it (the process is not
  // dumpable). Either way the key is not there.
  EXPECT_THAT(bytes.str(), Not(HasSubstr(world.KmsBase64())));
  if (environ.is_open()) {
    EXPECT_THAT(bytes.str(), HasSubstr("ODMCP_")) << "read something";
  }
}

TEST(TenantsTest, TheKmsKeyMayComeFromASystemdCredential) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  const std::string credentials = WriteTempFile("odmcp-kms-key", world.KmsBase64() + "\n");
  const std::string directory = credentials.substr(0, credentials.rfind('/'));
  std::unique_ptr<HostProcess> host = HostProcess::Http(
      world.config(), world.Env({{"ODMCP_KMS_KEY", ""}, {"CREDENTIALS_DIRECTORY", directory}}));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  ToolReply listed = CallTool(http, alice, "stores_list", "{}");
  EXPECT_EQ(listed.http_status, 200);
  EXPECT_FALSE(listed.is_error()) << listed.body;
}

TEST(TenantsTest, KillDuringRegistrationsKeepsEveryAcknowledgedStore) {
  constexpr int kStores = 40;
  TenantWorld world(kStores);
  const std::string alice = world.CreateTenant("alice");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  std::vector<int> acknowledged;
  std::mutex mutex;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    McpHttp http(host->url());
    for (int id = 3001; id <= 3000 + kStores && !stop; ++id) {
      ToolReply reply = CallTool(http, alice, "stores_register", RegisterArgs(id));
      if (reply.http_status == 200 && !reply.is_error()) {
        std::lock_guard lock(mutex);
        acknowledged.push_back(id);
      }
    }
  });
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 10) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  host->Kill();
  stop = true;
  writer.join();
  ASSERT_GE(acknowledged.size(), 10u);
  ASSERT_LT(acknowledged.size(), static_cast<size_t>(kStores)) << "killed too late to prove anything";

  TenantWorld::CliResult listed = world.Cli({"store", "list"}, {{"ODMCP_MASTER_KEY", alice}});
  ASSERT_EQ(listed.status, 0) << listed.err;
  for (int id : acknowledged) {
    EXPECT_THAT(listed.out, HasSubstr("(" + std::to_string(id) + ")")) << "store " << id;
  }
  std::unique_ptr<HostProcess> again = world.StartHttp();
  ASSERT_FALSE(again->url().empty()) << again->Stderr();
  EXPECT_EQ(again->Stop(), 0) << again->Stderr();
}

TEST(TenantsTest, EveryToolCallIsChargedToTheTenantsBucket) {
  TenantWorld world(0, "[rate_limit]\nper_minute = 1\nburst = 3\n");
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(CallTool(http, alice, "stores_list", "{}").is_error());
  ToolReply refused = CallTool(http, alice, "stores_list", "{}");
  ASSERT_TRUE(refused.json.HasMember("error")) << refused.body;
  EXPECT_EQ(refused.json["error"]["code"].GetInt(), -32005);
  EXPECT_THAT(refused.json["error"]["message"].GetString(), HasSubstr("try again in"));
  EXPECT_GT(refused.json["error"]["data"]["retryAfterMs"].GetInt64(), 0);
  // Another tenant's bucket is its own.
  EXPECT_FALSE(CallTool(http, bob, "stores_list", "{}").is_error());
}

TEST(TenantsTest, EveryRequestWhateverItsMethodIsChargedToTheTenantsMessageBucket) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host = HostProcess::Http(
      world.config(), world.Env({{"ODMCP_RATE_LIMIT__MESSAGES_PER_MINUTE", "1"},
                                 {"ODMCP_RATE_LIMIT__MESSAGE_BURST", "5"}}));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  auto list = [&](const std::string& key) {
    httplib::Result r = http.Post(StatelessRequest("1", "tools/list"),
                                  {{"Authorization", "Bearer " + key},
                                   {"MCP-Protocol-Version", "2026-07-28"},
                                   {"Mcp-Method", "tools/list"}});
    return ParseJson(r ? r->body : "{}");
  };
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(list(alice).HasMember("result")) << i;
  // A tool call is a message too: the fifth.
  EXPECT_FALSE(CallTool(http, alice, "stores_list", "{}").is_error());
  rapidjson::Document refused = list(alice);
  ASSERT_TRUE(refused.HasMember("error")) << "the sixth message";
  EXPECT_EQ(refused["error"]["code"].GetInt(), -32005);
  EXPECT_THAT(refused["error"]["message"].GetString(), HasSubstr("messages_per_minute"));
  EXPECT_GT(refused["error"]["data"]["retryAfterMs"].GetInt64(), 0);
  EXPECT_TRUE(list(bob).HasMember("result")) << "another tenant's bucket is its own";
}

TEST(TenantsTest, TheSessionCapCountsEachTenantApart) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(world.config(), world.Env({{"ODMCP_HTTP__MAX_SESSIONS_PER_TENANT", "2"}}));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  auto open = [&](const std::string& key) {
    httplib::Result r = http.Post(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}})",
        {{"Authorization", "Bearer " + key}});
    EXPECT_TRUE(r && r->status == 200);
    // Last use is kept in milliseconds: the pause orders the sessions strictly.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return r ? r->get_header_value("Mcp-Session-Id") : std::string();
  };
  auto ping = [&](const std::string& key, const std::string& session) {
    httplib::Result r = http.Post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
                                  {{"Authorization", "Bearer " + key}, {"Mcp-Session-Id", session}});
    return r ? r->status : 0;
  };
  // Bob's sessions are the oldest of all, yet Alice's third ends her own
  // least recently used one, not his.
  const std::string bob1 = open(bob);
  const std::string bob2 = open(bob);
  const std::string alice1 = open(alice);
  const std::string alice2 = open(alice);
  const std::string alice3 = open(alice);
  EXPECT_EQ(ping(alice, alice1), 404);
  EXPECT_EQ(ping(alice, alice2), 200);
  EXPECT_EQ(ping(alice, alice3), 200);
  EXPECT_EQ(ping(bob, bob1), 200);
  EXPECT_EQ(ping(bob, bob2), 200);
}

TEST(TenantsTest, TheHostRefusesToStartWithoutTheKmsKey) {
  TenantWorld world;
  HostProcess host({"serve", "--config", world.config(), "--http", "127.0.0.1:0"});
  EXPECT_EQ(host.Wait(std::chrono::seconds(10)), 1);
  EXPECT_THAT(host.Stderr(), HasSubstr("ODMCP_KMS_KEY"));
  EXPECT_THAT(host.Stderr(), HasSubstr("openssl rand -base64 32"));
}

TEST(TenantsTest, ADifferentKmsKeyIsReportedAsSuch) {
  TenantWorld world;
  world.CreateTenant("alice");
  HostProcess host({"serve", "--config", world.config(), "--http", "127.0.0.1:0"},
                   {{"ODMCP_KMS_KEY", "T3RoZXJLZXlPdGhlcktleU90aGVyS2V5T3RoZXJLZXkxMjM0"}});
  EXPECT_EQ(host.Wait(std::chrono::seconds(10)), 1);
  EXPECT_THAT(host.Stderr(), HasSubstr("different KMS key"));
}

TEST(TenantsTest, StdioTakesTheKeyFromTheEnvironmentAndRefusesAWrongOne) {
  TenantWorld world;
  world.CreateTenant("alice");
  HostProcess wrong({"serve", "--config", world.config(), "--stdio"},
                    world.Env({{"ODMCP_MASTER_KEY", "odmk_wrong-key-0123456789abcdefghijklmnop"}}));
  EXPECT_EQ(wrong.Wait(std::chrono::seconds(10)), 1);
  EXPECT_THAT(wrong.Stderr(), HasSubstr("ODMCP_MASTER_KEY is not the master key of any tenant"));
}

}  // namespace
}  // namespace odmcp::testing
