// Bursts of uncached tool calls against one store with the sandbox's
// OrderDesk rate limit on: the store's bucket, shared by every OrderDesk
// plugin, paces them, so all complete and the sandbox never answers 429.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

constexpr int kCalls = 100;
constexpr int kThreads = 8;
constexpr int kFirstOrder = 200001;
constexpr int kFirstProduct = 2001;  // the sandbox seeds 30 inventory items per store
constexpr int kEachPlugin = 30;

TEST(OrdersBurstTest, HundredUncachedCallsAllCompleteWithNo429) {
  // stores_register's two requests to the store come first, from the same
  // per-store bucket: the burst starts with it partly spent.
  OrdersWorld world(SeededWith(kCalls, /*sandbox_rate_limit=*/true));
  const SandboxStats before = world.Stats();

  std::atomic<int> next{0};
  std::vector<std::string> outcomes(kCalls);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      McpHttp http(world.url());
      http.client().set_read_timeout(120, 0);
      for (int i = next++; i < kCalls; i = next++) {
        const std::string id = std::to_string(kFirstOrder + i);
        ToolReply reply =
            CallTool(http, world.key(), "orders_get", R"({"order_id":")" + id + R"("})");
        if (reply.http_status != 200 || reply.is_error() ||
            !reply.json.HasMember("structuredContent")) {
          outcomes[i] = "failed: " + reply.body.substr(0, 300);
        } else if (reply.json["structuredContent"]["order"]["id"].GetString() != id) {
          outcomes[i] = "wrong order: " + reply.body.substr(0, 300);
        } else {
          outcomes[i] = "ok";
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  int failed = 0;
  for (int i = 0; i < kCalls; ++i) {
    EXPECT_EQ(outcomes[i], "ok") << "call " << i;
    if (outcomes[i] != "ok") ++failed;
  }
  if (failed > 0) ADD_FAILURE() << "host log:\n" << world.HostLog();
  const SandboxStats after = world.Stats();
  EXPECT_EQ(after.Responses("429"), 0) << after.Text();
  EXPECT_EQ(after.Route("GET /orders/{order_id}") - before.Route("GET /orders/{order_id}"), kCalls)
      << after.Text();
}

TEST(OrdersBurstTest, OrdersAndProductsShareTheStoresBucket) {
  // Each plugin alone stays under OrderDesk's 20-token burst; together they
  // would exceed it if each had a bucket of its own.
  WorldOptions options = SeededWith(kEachPlugin, /*sandbox_rate_limit=*/true);
  options.plugins.emplace("products", "");
  OrdersWorld world(options);

  std::vector<std::string> outcomes(2 * kEachPlugin);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      McpHttp http(world.url());
      http.client().set_read_timeout(120, 0);
      for (int i = t; i < 2 * kEachPlugin; i += kThreads) {
        const bool order = i % 2 == 0;
        const std::string args =
            order ? R"({"order_id":")" + std::to_string(kFirstOrder + i / 2) + R"("})"
                  : R"({"product_id":)" + std::to_string(kFirstProduct + i / 2) + "}";
        ToolReply reply = CallTool(http, world.key(), order ? "orders_get" : "products_get", args);
        outcomes[i] = reply.http_status == 200 && !reply.is_error() ? "ok" : reply.body.substr(0, 300);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (size_t i = 0; i < outcomes.size(); ++i) EXPECT_EQ(outcomes[i], "ok") << "call " << i;
  const SandboxStats after = world.Stats();
  EXPECT_EQ(after.Responses("429"), 0) << after.Text();
  EXPECT_EQ(after.Route("GET /inventory-items/{id}"), kEachPlugin) << after.Text();
}

TEST(OrdersBurstTest, HundredIdenticalCallsShareOneReadThroughOrderDesks429) {
  OrdersWorld world(SeededWith(3, /*sandbox_rate_limit=*/true));
  const std::string id = std::to_string(kFirstOrder);
  const SandboxStats before = world.Stats();

  std::vector<std::string> outcomes(kCalls);
  std::vector<std::thread> threads;
  std::latch start(kCalls + 1);
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      McpHttp http(world.url());
      http.client().set_read_timeout(120, 0);
      start.arrive_and_wait();
      ToolReply reply = CallTool(http, world.key(), "orders_get", R"({"order_id":")" + id + R"("})");
      outcomes[i] = reply.http_status == 200 && !reply.is_error() ? "ok" : reply.body.substr(0, 300);
    });
  }
  // Another client of the store has spent its OrderDesk tokens just before
  // the calls start (so that no token comes back meanwhile, however slow the
  // build): the first GET meets a 429, and the calls must wait for its
  // retry, not make their own.
  EXPECT_GT(world.DrainSandboxBucket(), 0);
  start.arrive_and_wait();
  for (std::thread& thread : threads) thread.join();

  for (int i = 0; i < kCalls; ++i) EXPECT_EQ(outcomes[i], "ok") << "call " << i;
  const SandboxStats after = world.Stats();
  const int gets = after.Route("GET /orders/{order_id}") - before.Route("GET /orders/{order_id}");
  const int refused = after.Responses("429") - before.Responses("429") - 1;  // less the drain's
  EXPECT_GE(refused, 1) << "the test must make OrderDesk refuse the first GET: " << after.Text();
  EXPECT_EQ(gets, refused + 1) << "one GET and its retries serve every call: " << after.Text();
}

}  // namespace
}  // namespace odmcp::testing
