// Identical concurrent GETs reach the sandbox once: 100 threads asking for
// the same order while the sandbox takes 300 ms to answer share one
// upstream request, within a scope and not across scopes, and share its
// retry after a 429 too, paying (HttpRequest::pace) only for what is sent.

#include <atomic>
#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_client/sandbox_fixture.h"

namespace odmcp::testing {
namespace {

using SandboxCoalescingTest = SandboxFixture;

// Runs `request_for(i)` from `count` threads released together.
std::vector<HttpOutcome> FetchConcurrently(HttpClient& client, int count,
                                           const std::function<HttpRequest(int)>& request_for) {
  std::vector<HttpOutcome> outcomes(static_cast<size_t>(count));
  std::latch start(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      const HttpRequest request = request_for(i);
      start.arrive_and_wait();
      outcomes[static_cast<size_t>(i)] = client.Fetch(request);
    });
  }
  for (std::thread& thread : threads) thread.join();
  return outcomes;
}

TEST_F(SandboxCoalescingTest, HundredIdenticalGetsReachTheSandboxOnce) {
  const std::string id = FirstOrderId();
  HttpClient client;
  SetFaults(R"({"latency": {"ms": 300}})");

  const std::vector<HttpOutcome> outcomes = FetchConcurrently(client, 100, [&](int) {
    HttpRequest request = DemoRequest("GET", "/api/v2/orders/" + id);
    request.coalesce_scope = "tenant-a/store-1001";
    return request;
  });

  int coalesced = 0;
  for (const HttpOutcome& outcome : outcomes) {
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    EXPECT_EQ(outcome.response->status, 200);
    EXPECT_EQ(outcome.response, outcomes[0].response) << "one response, shared";
    coalesced += outcome.coalesced ? 1 : 0;
  }
  EXPECT_EQ(coalesced, 99);
  EXPECT_EQ(RouteCount("GET /orders/{order_id}"), 1);
  EXPECT_EQ(client.stats().upstream_attempts, 1u);
  EXPECT_EQ(client.stats().coalesced, 99u);
}

TEST_F(SandboxCoalescingTest, CallersShareTheRetryOfA429AndPayOnlyForWhatIsSent) {
  const std::string id = FirstOrderId();
  HttpClient client;
  // The first GET meets a 429 (another client drained the store) and is
  // retried after a second; every caller arrives before that retry.
  SetFaults(R"({"rate_limit_storm": {"rate": 1.0, "retry_after": 1}, "max_injections": 1})");
  std::atomic<int> paid{0};

  const std::vector<HttpOutcome> outcomes = FetchConcurrently(client, 100, [&](int) {
    HttpRequest request = DemoRequest("GET", "/api/v2/orders/" + id);
    request.coalesce_scope = "tenant-a/store-1001";
    request.pace = [&paid] {
      paid.fetch_add(1);
      return ODMCP_OK;
    };
    return request;
  });

  for (const HttpOutcome& outcome : outcomes) {
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    EXPECT_EQ(outcome.response->status, 200);
    EXPECT_EQ(outcome.response, outcomes[0].response) << "one response, shared";
  }
  EXPECT_EQ(RouteCount("GET /orders/{order_id}"), 2) << "the 429'd GET and its retry";
  EXPECT_EQ(client.stats().upstream_attempts, 2u);
  EXPECT_EQ(paid.load(), 2) << "one token per attempt sent, none for the callers who joined";
}

TEST_F(SandboxCoalescingTest, AnUnpaidAttemptIsNotSent) {
  const std::string id = FirstOrderId();
  HttpClient client;
  HttpRequest request = DemoRequest("GET", "/api/v2/orders/" + id);
  request.pace = [] { return ODMCP_DEADLINE_EXCEEDED; };

  const HttpOutcome outcome = client.Fetch(request);

  EXPECT_EQ(outcome.status, ODMCP_DEADLINE_EXCEEDED);
  EXPECT_NE(outcome.error.find("missed its deadline waiting for its rate limit"), std::string::npos)
      << outcome.error;
  EXPECT_EQ(RouteCount("GET /orders/{order_id}"), 0);
  EXPECT_EQ(client.stats().upstream_attempts, 0u);
}

TEST_F(SandboxCoalescingTest, DifferentScopesAreNotCoalesced) {
  const std::string id = FirstOrderId();
  HttpClient client;
  SetFaults(R"({"latency": {"ms": 300}})");

  // Three tenants (or credentials), ten callers each.
  const std::vector<HttpOutcome> outcomes = FetchConcurrently(client, 30, [&](int i) {
    HttpRequest request = DemoRequest("GET", "/api/v2/orders/" + id);
    request.coalesce_scope = "tenant-" + std::to_string(i % 3);
    return request;
  });

  int coalesced = 0;
  for (const HttpOutcome& outcome : outcomes) {
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    coalesced += outcome.coalesced ? 1 : 0;
  }
  EXPECT_EQ(RouteCount("GET /orders/{order_id}"), 3) << "one request per scope";
  EXPECT_EQ(coalesced, 27);
}

}  // namespace
}  // namespace odmcp::testing
