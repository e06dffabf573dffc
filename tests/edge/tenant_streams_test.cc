// With the default limits, one tenant that opens event streams until it is
// refused takes nothing from another tenant: its refusal is 429 with
// Retry-After, at once, and the other tenant's calls and streams, and
// /health/live, go on being served.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "tests/edge/edge_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::seconds;

constexpr size_t kStreamsPerTenant = 100;  // http.max_streams_per_tenant, the default

std::string Listen(const UrlParts& url, const std::string& key) {
  return RawStatelessPost(url, "1", "subscriptions/listen",
                          R"("notifications":{"toolsListChanged":true})", "",
                          {{"Authorization", "Bearer " + key}});
}

TEST(TenantStreamsTest, OneTenantFillingItsStreamsStopsNoOtherTenant) {
  const std::string config = TenantConfig();
  const std::string greedy = CreateTenant(config, "greedy");
  const std::string other = CreateTenant(config, "other");
  std::unique_ptr<HostProcess> host = HostProcess::Http(config, TenantEnv());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());

  edge::ConnectionSwarm greedy_streams(url.host, url.port, {});
  greedy_streams.ResetMarks();
  ASSERT_EQ(greedy_streams.Open(kStreamsPerTenant, Listen(url, greedy), seconds(30)).opened,
            kStreamsPerTenant);
  edge::ArrivalSummary open = greedy_streams.WaitUntilEach("acknowledged", seconds(30));
  ASSERT_EQ(open.reached, kStreamsPerTenant)
      << greedy_streams.FirstReceivedWithout("acknowledged").value_or("");

  // One more from the same tenant: refused at once, not queued.
  edge::ConnectionSwarm one_more(url.host, url.port, {});
  one_more.ResetMarks();
  ASSERT_EQ(one_more.Open(1, Listen(url, greedy), seconds(10)).opened, 1u);
  edge::ArrivalSummary refused = one_more.WaitUntilEach("\r\n\r\n{", seconds(5));
  ASSERT_EQ(refused.reached, 1u);
  const std::string refusal = one_more.ReceivedBy(0);
  EXPECT_EQ(refusal.rfind("HTTP/1.1 429", 0), 0u) << refusal;
  EXPECT_THAT(refusal, HasSubstr("Retry-After:"));
  EXPECT_THAT(refusal, HasSubstr("http.max_streams_per_tenant"));
  std::cout << "one stream beyond the tenant's " << kStreamsPerTenant << " was refused after "
            << refused.slowest.count() << " ms\n";

  // The other tenant: calls, a stream of its own, and the health check.
  McpHttp http(host->url());
  httplib::Result call = http.Post(
      StatelessRequest("2", "tools/call", R"("name":"system_ping","arguments":{})"),
      [&] {
        httplib::Headers h = StatelessHeaders("tools/call", "system_ping");
        h.emplace("Authorization", "Bearer " + other);
        return h;
      }());
  ASSERT_TRUE(call);
  EXPECT_EQ(call->status, 200);
  EXPECT_THAT(call->body, HasSubstr("pong"));
  edge::ConnectionSwarm other_stream(url.host, url.port, {});
  other_stream.ResetMarks();
  ASSERT_EQ(other_stream.Open(1, Listen(url, other), seconds(10)).opened, 1u);
  EXPECT_EQ(other_stream.WaitUntilEach("acknowledged", seconds(5)).reached, 1u);
  httplib::Client health(host->url().substr(0, host->url().find('/', 7)));
  httplib::Result live = health.Get("/health/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
  // And the first tenant's streams are all still open.
  EXPECT_EQ(greedy_streams.ClosedByPeer(), 0u);
}

}  // namespace
}  // namespace odmcp::testing
