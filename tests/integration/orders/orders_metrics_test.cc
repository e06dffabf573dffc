// /metrics after a scripted workload through the real host, the orders
// plugin and the sandbox: each count is the one the workload implies, and
// the upstream counts agree with the sandbox's own request counters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/orders/orders_test_support.h"
#include "tests/support/eventually.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kGetOrder = "GET /orders/{order_id}";

// One scrape: each sample line's value by its name and labels as written
// ("odmcp_tool_calls_total{plugin=\"orders\",...}").
class Scrape {
 public:
  explicit Scrape(const std::string& text) : text_(text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      const size_t space = line.rfind(' ');
      samples_[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
  }
  // The sample's value; 0 when absent (a series appears on first use).
  double operator[](const std::string& sample) const {
    auto it = samples_.find(sample);
    return it == samples_.end() ? 0 : it->second;
  }
  bool Has(const std::string& sample) const { return samples_.count(sample) > 0; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::map<std::string, double> samples_;
};

std::string Calls(const std::string& tool, const std::string& outcome) {
  return R"(odmcp_tool_calls_total{plugin="orders",tool=")" + tool + R"(",outcome=")" + outcome +
         R"("})";
}
std::string Upstream(const std::string& status) {
  return R"(odmcp_upstream_requests_total{plugin="orders",status=")" + status + R"("})";
}

class OrdersMetricsTest : public ::testing::Test {
 protected:
  OrdersMetricsTest() : world_(SeededWith(50, /*sandbox_rate_limit=*/true)) {}

  // A request is counted (and logged) just after its answer is written, so
  // a client can see the answer before it counts. Waits until the host has
  // logged `n` requests, and so counted them.
  void WaitForRequestsLogged(size_t n) {
    size_t logged = 0;
    auto all_logged = [&] {
      const std::string log = world_.HostLog();
      logged = 0;
      for (size_t at = log.find(R"("msg":"http request")"); at != std::string::npos;
           at = log.find(R"("msg":"http request")", at + 1)) {
        ++logged;
      }
      return logged >= n;
    };
    if (!Eventually(all_logged, std::chrono::seconds(10), std::chrono::milliseconds(5))) {
      ADD_FAILURE() << "the host logged " << logged << " requests, not " << n;
    }
  }

  Scrape Metrics() {
    httplib::Result result = world_.http().client().Get("/metrics");
    EXPECT_TRUE(result);
    if (!result) return Scrape("");
    EXPECT_EQ(result->status, 200);
    EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("version=0.0.4"));
    return Scrape(result->body);
  }

  OrdersWorld world_;
};

TEST_F(OrdersMetricsTest, CountsWhatAScriptedWorkloadDid) {
  const SandboxStats sandbox_before = world_.Stats();
  WaitForRequestsLogged(1);  // the world's stores_register
  const Scrape before = Metrics();
  EXPECT_EQ(before[R"(odmcp_plugin_loads_total{outcome="ok"})"], 2) << before.text();
  EXPECT_THAT(before.text(), HasSubstr("odmcp_build_info{version=\""));

  // A read that goes upstream, the same read served from the cache, and a
  // read of an order that does not exist (NOT_FOUND after a 404; 50 orders
  // are seeded, 200001 to 200050).
  world_.Ok("orders_get", R"({"order_id":"200001"})");
  world_.Ok("orders_get", R"({"order_id":"200001"})");
  ToolReply missing = world_.Call("orders_get", R"({"order_id":"200999"})");
  EXPECT_TRUE(missing.is_error()) << missing.body;

  // Eight identical reads at once while the sandbox takes 400 ms to answer:
  // one goes upstream and seven wait for it.
  world_.SetSandboxFaults(R"({"latency":{"ms":400,"jitter_ms":0}})");
  std::vector<std::thread> readers;
  std::atomic<int> failed{0};
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([this, &failed] {
      McpHttp http(world_.url());
      ToolReply reply = CallTool(http, world_.key(), "orders_get", R"({"order_id":"200002"})");
      if (reply.http_status != 200 || reply.is_error()) ++failed;
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failed.load(), 0);
  world_.SetSandboxFaults("{}");

  // OrderDesk's bucket for the store emptied by another client: the next
  // read is answered 429 and retried.
  world_.DrainSandboxBucket();
  const int drain_429s = world_.Stats().Responses("429");
  world_.Ok("orders_get", R"({"order_id":"200003"})");

  // A wrong key.
  ToolReply refused = CallTool(world_.http(), "odmk_wrong", "orders_get", R"({"order_id":"1"})");
  EXPECT_EQ(refused.http_status, 401);

  // stores_register, `before`, 12 calls and the refusal.
  WaitForRequestsLogged(15);
  const Scrape after = Metrics();
  const SandboxStats sandbox_after = world_.Stats();
  auto delta = [&](const std::string& sample) { return after[sample] - before[sample]; };

  EXPECT_EQ(delta(Calls("orders_get", "ok")), 11) << after.text();
  EXPECT_EQ(delta(Calls("orders_get", "NOT_FOUND")), 1) << after.text();
  EXPECT_EQ(delta(R"(odmcp_tool_call_duration_seconds_count{plugin="orders",tool="orders_get"})"),
            12);

  // Upstream: 200001, 200002 once for eight calls, 200003 (after a 429),
  // and the 404 of 200999; the sandbox saw exactly these (its 429s to the
  // draining client aside).
  const int sandbox_gets = sandbox_after.Route(kGetOrder) - sandbox_before.Route(kGetOrder);
  ASSERT_GE(drain_429s, sandbox_before.Responses("429") + 1);
  const int sandbox_429s = sandbox_after.Responses("429") - drain_429s;
  EXPECT_EQ(delta(Upstream("2xx")), 3) << after.text();
  EXPECT_EQ(delta(Upstream("4xx")), 1) << after.text();
  EXPECT_EQ(delta(Upstream("2xx")) + delta(Upstream("4xx")) +
                delta(R"(odmcp_upstream_retries_total{plugin="orders"})"),
            sandbox_gets)
      << sandbox_after.Text();
  EXPECT_EQ(delta(R"(odmcp_upstream_coalesced_total{plugin="orders"})"), 7);
  EXPECT_GE(sandbox_429s, 1);
  EXPECT_EQ(delta(R"(odmcp_upstream_throttled_total{plugin="orders"})"), sandbox_429s);
  EXPECT_EQ(delta(R"(odmcp_upstream_retries_total{plugin="orders"})"), sandbox_429s);

  EXPECT_EQ(delta("odmcp_cache_hits_total"), 1) << after.text();
  EXPECT_EQ(delta(R"(odmcp_auth_failures_total{reason="unauthenticated"})"), 1);
  // 12 tool calls (a tool error is an HTTP 200 too) and the scrape `before`.
  EXPECT_EQ(delta(R"(odmcp_http_requests_total{code="200"})"), 13) << after.text();
  EXPECT_EQ(delta(R"(odmcp_http_requests_total{code="401"})"), 1);
  EXPECT_EQ(after["odmcp_http_sessions"], 0);
  EXPECT_EQ(after["odmcp_http_streams"], 0);
  EXPECT_GE(after["odmcp_http_connections"], 1);
  EXPECT_TRUE(after.Has("odmcp_audit_queue_depth"));
}

TEST(OrdersMetricsRefusalTest, CountsTheTenantsRateLimitRefusals) {
  WorldOptions options = SeededWith(5);
  options.extra_config = "[rate_limit]\nburst = 12\nper_minute = 1\n";
  OrdersWorld world(options);
  const std::string base = world.url().substr(0, world.url().find('/', 7));
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    ToolReply reply = CallTool(world.http(), world.key(), "orders_get", R"({"order_id":"200001"})");
    if (reply.body.find("-32005") != std::string::npos) ++refused;
  }
  ASSERT_GT(refused, 0);
  httplib::Client client(base);
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result);
  Scrape scrape(result->body);
  EXPECT_EQ(scrape[R"(odmcp_rate_limited_total{limit="tool_calls"})"], refused) << result->body;
  EXPECT_EQ(scrape[R"(odmcp_jsonrpc_errors_total{code="-32005"})"], refused);
}

}  // namespace
}  // namespace odmcp::testing
