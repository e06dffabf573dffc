// Copyright 2026 The orderdesk-mcp Authors.
//
// The /_sandbox/ control routes: request counters per store and route
// template, reset to the seeded state, and their absence on a listener that
// is not loopback.

#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

// The body with the timing fields, which differ from request to request,
// blanked out.
std::string WithoutTimings(const std::string& body) {
  static const std::regex kTiming(R"re("(message|execution_time)":"(Execution took )?[0-9.]+ seconds")re");
  return std::regex_replace(body, kTiming, "\"$1\":\"\"");
}

class ControlTest : public ::testing::Test {
 protected:
  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  ApiClient control_{sandbox_.base_url()};
};

TEST_F(ControlTest, StatsCountRequestsPerStoreAndRouteTemplate) {
  Reply fresh = control_.Get("/_sandbox/stats");
  ASSERT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.json["requests_total"].GetInt(), 0);

  Reply page = client_.Get("/api/v2/orders?limit=2");
  const std::string a = StringField(page.json["orders"][0], "id");
  const std::string b = StringField(page.json["orders"][1], "id");
  client_.Get("/api/v2/orders/" + a);
  client_.Get("/api/v2/orders/" + b);
  client_.Get("/api/v2/orders/" + a);
  client_.Post("/api/v2/orders/" + a + "/order-history", R"({"note": "counted"})");
  client_.Get("/api/v2/no-such-thing");
  ApiClient(sandbox_.base_url(), {kDemoStoreId, "bad", ""}).Get("/api/v2/orders/" + a);
  ApiClient(sandbox_.base_url()).Get("/api/v2/test");

  Reply stats = control_.Get("/_sandbox/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.json["requests_total"].GetInt(), 8);
  const rapidjson::Value& store = stats.json["stores"][kDemoStoreId];
  EXPECT_EQ(store["requests"].GetInt(), 6);
  EXPECT_EQ(store["routes"]["GET /orders"].GetInt(), 1);
  EXPECT_EQ(store["routes"]["GET /orders/{order_id}"].GetInt(), 3);
  EXPECT_EQ(store["routes"]["POST /orders/{order_id}/order-history"].GetInt(), 1);
  EXPECT_EQ(store["routes"]["GET (unknown route)"].GetInt(), 1);
  EXPECT_FALSE(store["routes"].HasMember("PUT /orders/{order_id}")) << "routes never called are left out";
  const rapidjson::Value& unauthenticated = stats.json["unauthenticated"];
  EXPECT_EQ(unauthenticated["requests"].GetInt(), 2);
  EXPECT_EQ(unauthenticated["routes"]["GET /orders/{order_id}"].GetInt(), 1);
  EXPECT_EQ(unauthenticated["routes"]["GET /test"].GetInt(), 1);
  EXPECT_EQ(stats.json["responses"]["200"].GetInt(), 5);
  EXPECT_EQ(stats.json["responses"]["401"].GetInt(), 2);
  EXPECT_EQ(stats.json["responses"]["404"].GetInt(), 1);
  // Control requests are not counted.
  EXPECT_EQ(control_.Get("/_sandbox/stats").json["requests_total"].GetInt(), 8);
}

TEST_F(ControlTest, ResetRestoresTheSeededStateAndZeroesCounters) {
  const std::string orders_before = WithoutTimings(client_.Get("/api/v2/orders?limit=500&get_order_history=1").body);
  const std::string inventory_before = WithoutTimings(client_.Get("/api/v2/inventory-items?limit=500").body);
  const std::string faults_before = control_.Get("/_sandbox/faults").body;

  // Change everything that can change.
  Reply page = client_.Get("/api/v2/orders?limit=2");
  const std::string a = StringField(page.json["orders"][0], "id");
  const std::string b = StringField(page.json["orders"][1], "id");
  ASSERT_EQ(client_.Delete("/api/v2/orders/" + a).status, 200);
  ASSERT_EQ(client_.Post("/api/v2/orders/" + b + "/shipments", R"({"tracking_number": "RESET-ME"})").status, 200);
  Reply created = client_.Post("/api/v2/orders", R"({"customer": {"company": "Acme"},
    "order_items": [{"name": "Mug", "price": 1}]})");
  const std::string created_id = StringField(created.json["order"], "id");
  const int64_t item = client_.Get("/api/v2/inventory-items?limit=1").json["inventory_items"][0]["id"].GetInt64();
  ASSERT_EQ(client_.Delete("/api/v2/inventory-items/" + std::to_string(item)).status, 200);
  ASSERT_EQ(control_.Post("/_sandbox/faults", R"({"latency": {"ms": 1}})").status, 200);

  Reply reset = control_.Post("/_sandbox/reset", "");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.json_status(), "success");

  EXPECT_EQ(WithoutTimings(client_.Get("/api/v2/orders?limit=500&get_order_history=1").body), orders_before);
  EXPECT_EQ(WithoutTimings(client_.Get("/api/v2/inventory-items?limit=500").body), inventory_before);
  EXPECT_EQ(control_.Get("/_sandbox/faults").body, faults_before);
  // Id sequences restart too: the same create gets the same id again.
  Reply again = client_.Post("/api/v2/orders", R"({"customer": {"company": "Acme"},
    "order_items": [{"name": "Mug", "price": 1}]})");
  EXPECT_EQ(StringField(again.json["order"], "id"), created_id);

  Reply stats = control_.Get("/_sandbox/stats");
  EXPECT_EQ(stats.json["requests_total"].GetInt(), 3) << "counted since the reset: " << stats.body;
}

TEST_F(ControlTest, UnknownControlRoutesAndMethodsAreRejected) {
  EXPECT_EQ(control_.Get("/_sandbox/reset").status, 405);
  EXPECT_EQ(control_.Post("/_sandbox/stats", "").status, 405);
  EXPECT_EQ(control_.Delete("/_sandbox/faults").status, 405);
  Reply unknown = control_.Get("/_sandbox/everything");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_THAT(unknown.message(), HasSubstr("/_sandbox/stats"));
}

TEST(ControlListenerTest, ControlRoutesAreAbsentOnANonLoopbackListener) {
  SandboxOptions options = TestOptions();
  options.listen_host = "0.0.0.0";
  TestSandbox sandbox(options);
  EXPECT_FALSE(sandbox.sandbox().control_routes_enabled());
  const std::string url = "http://127.0.0.1:" + std::to_string(sandbox.port());
  ApiClient control(url);
  std::vector<Reply> replies;
  replies.push_back(control.Get("/_sandbox/stats"));
  replies.push_back(control.Post("/_sandbox/reset", ""));
  replies.push_back(control.Post("/_sandbox/faults", R"({"failures": {"rate": 1}})"));
  for (const Reply& reply : replies) {
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(reply.json_status(), "error");
  }
  ApiClient client(url, DemoStore());
  EXPECT_EQ(client.Get("/api/v2/test").status, 200) << "the API itself is served, and no fault was set";
}

}  // namespace
}  // namespace odmcp::sandbox::testing
