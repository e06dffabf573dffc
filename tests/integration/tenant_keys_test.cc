// Master keys under attack, against the real host, admin CLI and sandbox:
// a key rotated or deleted from another process stops working at once (over
// HTTP, and for a stdio connection that presented it),
// concurrent first uses of a key run one key derivation, wrong keys from an
// address never lock out a key that verifies, and behind a trusted proxy
// the address is the one it recorded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "tests/integration/tenants_support.h"
#include "tests/support/sanitizer.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// The HTTP status of a stores_list call with `key`.
int CallStatus(McpHttp& http, const std::string& key) {
  return CallTool(http, key, "stores_list", "{}").http_status;
}

// Polls every 10 ms, for up to 5 s, until `key` is refused with 401;
// returns when that happened.
Clock::time_point WhenRefused(McpHttp& http, const std::string& key) {
  const Clock::time_point give_up = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < give_up) {
    const int status = CallStatus(http, key);
    if (status == 401) return Clock::now();
    EXPECT_EQ(status, 200);
    std::this_thread::sleep_for(milliseconds(10));
  }
  ADD_FAILURE() << "the key was still accepted after 5 s";
  return Clock::now();
}

milliseconds Since(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<milliseconds>(to - from);
}

TEST(TenantKeysTest, AKeyRotatedOrDeletedThroughTheCliIsRefusedByAServingHostWithinASecond) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  const std::string bob = world.CreateTenant("bob");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  // Both keys verified, and so remembered, by the host.
  ASSERT_EQ(CallStatus(http, alice), 200);
  ASSERT_EQ(CallStatus(http, bob), 200);

  // The CLI commits somewhere in its run: timed from its start (printed)
  // and from its exit (bounded), when the change was surely committed.
  const Clock::time_point rotating = Clock::now();
  TenantWorld::CliResult rotated =
      world.Cli({"tenant", "rotate-key", "alice"}, {{"ODMCP_MASTER_KEY", alice}});
  const Clock::time_point rotated_by = Clock::now();
  ASSERT_EQ(rotated.status, 0) << rotated.err;
  const Clock::time_point alice_refused = WhenRefused(http, alice);
  const std::string new_key = rotated.out.substr(0, rotated.out.find('\n'));
  EXPECT_EQ(CallStatus(http, new_key), 200);

  const Clock::time_point deleting = Clock::now();
  TenantWorld::CliResult deleted = world.Cli({"tenant", "delete", "bob", "--yes"});
  const Clock::time_point deleted_by = Clock::now();
  ASSERT_EQ(deleted.status, 0) << deleted.err;
  const Clock::time_point bob_refused = WhenRefused(http, bob);

  std::cout << "old key refused " << Since(rotating, alice_refused).count()
            << " ms after `tenant rotate-key` began, " << Since(rotated_by, alice_refused).count()
            << " ms after it ended; deleted tenant's key " << Since(deleting, bob_refused).count()
            << " ms after `tenant delete` began, " << Since(deleted_by, bob_refused).count()
            << " ms after it ended\n";
  EXPECT_LT(Since(rotated_by, alice_refused), milliseconds(1000));
  EXPECT_LT(Since(deleted_by, bob_refused), milliseconds(1000));
  // The host still serves the others.
  EXPECT_EQ(CallStatus(http, new_key), 200);
}

// Whether a stores_list call over the stdio host `host` is served (a
// result that is no error); `id` numbers the request.
bool StdioCallServed(HostProcess& host, int id) {
  host.WriteLine(StatelessRequest(std::to_string(id), "tools/call",
                                  R"("name":"stores_list","arguments":{})"));
  const std::string tag = "\"id\":" + std::to_string(id) + ",";
  while (std::optional<std::string> line = host.ReadLine(std::chrono::seconds(10))) {
    if (line->find(tag) == std::string::npos) continue;
    rapidjson::Document reply = ParseJson(*line);
    return reply.HasMember("result") && !(reply["result"].HasMember("isError") &&
                                          reply["result"]["isError"].GetBool());
  }
  ADD_FAILURE() << "no answer to request " << id;
  return false;
}

TEST(TenantKeysTest, AStdioConnectionWhoseKeyIsRotatedThroughTheCliLosesItsTenantWithinASecond) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  HostProcess host({"serve", "--config", world.config(), "--stdio"},
                   world.Env({{"ODMCP_MASTER_KEY", alice}}));
  int id = 1;
  ASSERT_TRUE(StdioCallServed(host, id++)) << host.Stderr();

  const Clock::time_point rotating = Clock::now();
  TenantWorld::CliResult rotated =
      world.Cli({"tenant", "rotate-key", "alice"}, {{"ODMCP_MASTER_KEY", alice}});
  const Clock::time_point rotated_by = Clock::now();
  ASSERT_EQ(rotated.status, 0) << rotated.err;
  const Clock::time_point give_up = rotated_by + std::chrono::seconds(5);
  while (StdioCallServed(host, id++) && Clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  const Clock::time_point refused = Clock::now();
  std::cout << "the stdio connection lost its tenant " << Since(rotating, refused).count()
            << " ms after `tenant rotate-key` began, " << Since(rotated_by, refused).count()
            << " ms after it ended\n";
  EXPECT_LT(Since(rotated_by, refused), milliseconds(1000));
  EXPECT_FALSE(StdioCallServed(host, id++)) << "served again after the refusal";
}

TEST(TenantKeysTest, FortyEightConcurrentFirstRequestsWithOneKeyRunOneKeyDerivation) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp metrics(host->url());
  ASSERT_EQ(Metric(metrics.client(), "odmcp_key_derivations_total"), 0);

  constexpr int kRequests = 48;
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<int> statuses(kRequests, 0);
  std::vector<std::thread> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.emplace_back([&, i] {
      McpHttp http(host->url());
      ++ready;
      while (!go) std::this_thread::yield();
      statuses[i] = CallStatus(http, alice);
    });
  }
  while (ready < kRequests) std::this_thread::yield();
  go = true;
  for (std::thread& client : clients) client.join();
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(statuses[i], 200) << "request " << i;

  const int64_t peak_kib = host->StatusKib("VmHWM");
  std::cout << kRequests << " concurrent first requests with one key: "
            << Metric(metrics.client(), "odmcp_key_derivations_total")
            << " key derivation(s), host peak RSS " << peak_kib / 1024 << " MiB\n";
  EXPECT_EQ(Metric(metrics.client(), "odmcp_key_derivations_total"), 1);
  EXPECT_GT(peak_kib, 0);
  EXPECT_LT(peak_kib, kSanitizerMemoryFactor * 100 * 1024);
}

TEST(TenantKeysTest, WrongKeysFromAnAddressAreSlowedDownButAKeyThatVerifiesIsNot) {
  TenantWorld world;
  const std::string alice = world.CreateTenant("alice");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(CallStatus(http, "odmk_guess" + std::to_string(i)), 401);
  httplib::Result refused =
      http.Post(StatelessRequest("1", "tools/call", R"("name":"stores_list","arguments":{})"),
                {{"Authorization", "Bearer odmk_guess-again"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_FALSE(refused->get_header_value("Retry-After").empty());
  // Alice shares the address (a proxy, a NAT) and is served all the same.
  ToolReply served = CallTool(http, alice, "stores_list", "{}");
  EXPECT_EQ(served.http_status, 200) << served.body;
  EXPECT_FALSE(served.is_error()) << served.body;
}

TEST(TenantKeysTest, BehindATrustedProxyEachForwardedClientHasItsOwnFailureCount) {
  TenantWorld world;
  world.CreateTenant("alice");
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(world.config(), world.Env({{"ODMCP_HTTP__TRUSTED_PROXIES", "127.0.0.1"}}));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  auto wrong_key_from = [&](const std::string& forwarded_for, httplib::Headers more = {}) {
    more.insert({"Authorization", "Bearer odmk_guess"});
    more.insert({"X-Forwarded-For", forwarded_for});
    httplib::Result r = http.Post(
        StatelessRequest("1", "tools/call", R"("name":"stores_list","arguments":{})"), more);
    return r ? r->status : 0;
  };
  // The client wrote the first entry; the proxy appended the real address.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(wrong_key_from("1.1.1.1, 198.51.100.7"), 401) << i;
  EXPECT_EQ(wrong_key_from("2.2.2.2, 198.51.100.7"), 429) << "the forged entry changed nothing";
  // Proxies pass a client's own Forwarded header through: it is not read.
  EXPECT_EQ(wrong_key_from("198.51.100.7", {{"Forwarded", "for=203.0.113.50"}}), 429)
      << "a client-written Forwarded header chose the address";
  EXPECT_EQ(wrong_key_from("198.51.100.8"), 401) << "another client behind the proxy";
  EXPECT_THAT(host->StderrWith(R"("address":"198.51.100.7")"),
              HasSubstr(R"("address":"198.51.100.7")"));
}

TEST(TenantKeysTest, ForwardingHeadersFromAPeerThatIsNoTrustedProxyAreIgnored) {
  TenantWorld world;
  world.CreateTenant("alice");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  int last = 0;
  for (int i = 0; i <= 10; ++i) {
    httplib::Result r = http.Post(
        StatelessRequest("1", "tools/call", R"("name":"stores_list","arguments":{})"),
        {{"Authorization", "Bearer odmk_guess"}, {"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
    last = r ? r->status : 0;
  }
  EXPECT_EQ(last, 429) << "each request claimed another address, and all came from 127.0.0.1";
}

}  // namespace
}  // namespace odmcp::testing
