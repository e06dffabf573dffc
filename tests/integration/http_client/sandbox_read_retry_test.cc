// Reads through the sandbox's injected 503s: every GET eventually succeeds
// within its retry budget, and the sandbox's counters show the failures
// and the retries that got past them.

#include <chrono>
#include <string>
#include <vector>

#include "tests/integration/http_client/sandbox_fixture.h"

namespace odmcp::testing {
namespace {

using SandboxReadRetryTest = SandboxFixture;

TEST_F(SandboxReadRetryTest, GetsSucceedThroughA30PercentFailureRate) {
  std::vector<std::string> ids;
  const sandbox::testing::Reply list = demo_.Get("/api/v2/orders?limit=20");
  ASSERT_EQ(list.status, 200);
  for (const auto& order : list.json["orders"].GetArray()) ids.push_back(sandbox::testing::StringField(order, "id"));
  ASSERT_EQ(ids.size(), 20u);

  HttpClientOptions options = FastRetries();
  // A read fails only if every attempt draws a failure: 0.3^n. With the
  // default 4 attempts that is 0.8% per read, so 200 reads would fail the
  // test most runs; with 16 it is 4e-9 per read, 9e-7 for the test.
  options.max_attempts = 16;
  HttpClient client(options);
  SetFaults(R"({"failures": {"rate": 0.3, "status": 503}})");

  constexpr int kReads = 200;
  for (int i = 0; i < kReads; ++i) {
    const std::string& id = ids[static_cast<size_t>(i) % ids.size()];
    const HttpOutcome outcome = client.Fetch(DemoRequest("GET", "/api/v2/orders/" + id));
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    ASSERT_EQ(outcome.response->status, 200) << outcome.response->body;
    ASSERT_NE(outcome.response->body.find("\"id\":\"" + id + "\""), std::string::npos) << outcome.response->body;
  }

  // Each injected failure was answered 503 and made exactly one retry.
  const int64_t failures = FaultCount("failures");
  const HttpClientStats stats = client.stats();
  // Binomial(~286, 0.3): below 30 with probability far under 1e-9.
  EXPECT_GT(failures, 30);
  EXPECT_EQ(ResponseCount(503), failures);
  EXPECT_EQ(static_cast<int64_t>(stats.retries), failures);
  EXPECT_EQ(static_cast<int64_t>(stats.upstream_attempts), kReads + failures);
  EXPECT_EQ(RouteCount("GET /orders/{order_id}"), kReads + failures);
  EXPECT_EQ(stats.requests, static_cast<uint64_t>(kReads));
}

TEST_F(SandboxReadRetryTest, AGetWhoseKeptAliveConnectionDropsIsRetriedAtOnceOnANewOne) {
  const std::string id = FirstOrderId();
  HttpClientOptions options;
  options.backoff_base_ms = 10000;  // a backoff would show in the time taken
  options.backoff_cap_ms = 10000;
  HttpClient client(options);
  ASSERT_EQ(client.Fetch(DemoRequest("GET", "/api/v2/test")).status, ODMCP_OK);  // leaves a pooled connection
  SetFaults(R"({"drops": {"before_rate": 1.0}, "match": {"methods": ["GET"]}, "max_injections": 1})");

  // The kept-alive connection fails under the request, as one the server
  // closed while idle would: the client retries at once, on a new one.
  const auto start = std::chrono::steady_clock::now();
  const HttpOutcome outcome = client.Fetch(DemoRequest("GET", "/api/v2/orders/" + id));
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_EQ(outcome.response->attempts, 2);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(FaultCount("drops_before"), 1);
  EXPECT_EQ(client.stats().connections_opened, 2u);
}

}  // namespace
}  // namespace odmcp::testing
