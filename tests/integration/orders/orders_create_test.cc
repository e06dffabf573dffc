// Creates whose answer is lost are never reported as simply failed: with
// the sandbox dropping connections before or after it applies a POST, every
// orders_create and products_create says "created" exactly when the sandbox
// holds the new order or product, and a retry with the same source_id never
// duplicates one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kCreates = 80;

// Unpaced: these tests count outcomes, not OrderDesk's limit.
WorldOptions Unpaced() {
  WorldOptions options;
  options.upstream_settings = "upstream_burst = 1000\nupstream_per_second = 1000\n";
  return options;
}

std::string NewOrder(const std::string& source_id) {
  std::string order = R"({"order":{)";
  if (!source_id.empty()) order += R"("source_id":")" + source_id + R"(",)";
  return order + R"("shipping":{"company":"Acme"},"order_items":[{"name":"Anvil","price":9}]}})";
}

// The sandbox's orders whose source_id starts with prefix, by source_id.
std::multiset<std::string> SourcesInSandbox(OrdersWorld& world, const std::string& prefix) {
  std::multiset<std::string> sources;
  for (const std::string& source : world.SandboxSourceIds()) {
    if (source.rfind(prefix, 0) == 0) sources.insert(source);
  }
  return sources;
}

TEST(OrdersCreateTest, ACreateWhoseAnswerIsLostIsFoundAndReportedCreated) {
  OrdersWorld world(Unpaced());
  world.SetSandboxFaults(
      R"({"drops": {"after_rate": 0.3}, "match": {"routes": ["POST /orders"]}})");

  std::set<std::string> reported;
  for (int i = 0; i < kCreates; ++i) {
    ToolReply reply = world.Call("orders_create", NewOrder(""));
    ASSERT_FALSE(reply.is_error()) << "call " << i << ": " << reply.text();
    const rapidjson::Value& out = reply.json["structuredContent"];
    EXPECT_FALSE(std::string(out["order_id"].GetString()).empty()) << reply.body;
    const std::string source = out["source_id"].GetString();
    EXPECT_THAT(source, ::testing::MatchesRegex("odmcp-[0-9a-f]{16}"));
    EXPECT_EQ(source, out["order"]["source_id"].GetString());
    reported.insert(source);
  }
  EXPECT_GT(world.Stats().FaultsInjected("drops_after"), 10) << "the test must lose answers";
  EXPECT_EQ(reported.size(), static_cast<size_t>(kCreates)) << "a source_id per order";
  const std::multiset<std::string> held = SourcesInSandbox(world, "odmcp-");
  EXPECT_EQ(held, std::multiset<std::string>(reported.begin(), reported.end()))
      << "each reported order exists, once";
}

TEST(OrdersCreateTest, NotCreatedIsSaidOnlyOfWhatDoesNotExistAndARetryNeverDuplicates) {
  OrdersWorld world(Unpaced());
  world.SetSandboxFaults(R"({"drops": {"before_rate": 0.25, "after_rate": 0.25},
                             "match": {"routes": ["POST /orders"]}})");

  int not_created = 0;
  for (int i = 0; i < kCreates; ++i) {
    const std::string source = "HONEST-" + std::to_string(i);
    for (int attempt = 0;; ++attempt) {
      ASSERT_LT(attempt, 20) << source << " was never created";
      ToolReply reply = world.Call("orders_create", NewOrder(source));
      if (!reply.is_error()) break;
      ASSERT_THAT(reply.text(), HasSubstr("Not created")) << reply.text();
      EXPECT_THAT(reply.text(), HasSubstr(source));
      ASSERT_EQ(SourcesInSandbox(world, source).count(source), 0u)
          << "said not created, but the sandbox holds it: " << reply.text();
      ++not_created;
    }
  }
  EXPECT_GT(not_created, 5) << "the test must meet unsent orders";
  EXPECT_GT(world.Stats().FaultsInjected("drops_after"), 5) << "and lost answers";
  const std::multiset<std::string> held = SourcesInSandbox(world, "HONEST-");
  EXPECT_EQ(held.size(), static_cast<size_t>(kCreates));
  for (const std::string& source : held) EXPECT_EQ(held.count(source), 1u) << source;
}

TEST(OrdersCreateTest, WhenTheLookupFailsTooTheErrorSaysHowToCheck) {
  OrdersWorld world;
  world.SetSandboxFaults(
      R"({"drops": {"after_rate": 1.0}, "match": {"routes": ["POST /orders", "GET /orders"]}})");

  ToolReply reply = world.Call("orders_create", NewOrder("UNSURE-1"));

  ASSERT_TRUE(reply.is_error()) << reply.body;
  EXPECT_THAT(reply.text(), HasSubstr("Unknown whether the order with source_id UNSURE-1"));
  EXPECT_THAT(reply.text(), HasSubstr(R"(orders_list with source_id "UNSURE-1")"));
  world.SetSandboxFaults("{}");
  EXPECT_EQ(SourcesInSandbox(world, "UNSURE-").count("UNSURE-1"), 1u)
      << "the order was created: the error must not have said otherwise";
}

TEST(OrdersCreateTest, AProductWhoseAnswerIsLostIsFoundByItsCode) {
  WorldOptions options;
  options.plugins.emplace("products", "");
  OrdersWorld world(options);
  world.SetSandboxFaults(
      R"({"drops": {"after_rate": 1.0}, "match": {"routes": ["POST /inventory-items"]}})");

  ToolReply reply = world.Call("products_create", R"({"name":"Anvil","code":"ANV-LOST"})");

  ASSERT_FALSE(reply.is_error()) << reply.text();
  EXPECT_THAT(reply.text(), HasSubstr("answer was lost"));
  const rapidjson::Value& product = reply.json["structuredContent"]["product"];
  EXPECT_EQ(std::string(product["code"].GetString()), "ANV-LOST");
  EXPECT_EQ(world.Stats().FaultsInjected("drops_after"), 1);
}

}  // namespace
}  // namespace odmcp::testing
