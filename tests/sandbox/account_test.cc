// Copyright 2026 The orderdesk-mcp Authors.
//
// GET /test, GET /store, authentication and store isolation, and how the
// sandbox answers requests that are wrong at the HTTP level (unknown
// routes, unsupported methods, method override, legacy error mode).

#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sandbox/date_time.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

const StoreConfig kSecondStore{"2002", "SecondStoreKey0123456789abcdefghijklmnopqrstuvwxy", "Second Shop"};

SandboxOptions TwoStores() {
  SandboxOptions options = TestOptions();
  options.orders_per_store = 40;
  options.stores = {DemoStore(), kSecondStore};
  return options;
}

class AccountTest : public ::testing::Test {
 protected:
  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
};

TEST_F(AccountTest, TestEndpointReportsCurrentUtcTime) {
  const UnixSeconds before = NowUnixSeconds();
  Reply reply = client_.Get("/api/v2/test");
  const UnixSeconds after = NowUnixSeconds();
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json_status(), "success");
  EXPECT_EQ(reply.message(), "Connection Successful");
  const std::string now = StringField(reply.json, "current_date_time");
  EXPECT_TRUE(now == FormatDateTime(before) || now == FormatDateTime(after)) << now;
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
}

TEST_F(AccountTest, StoreListsFoldersAsAnIdToNameMap) {
  Reply reply = client_.Get("/api/v2/store");
  ASSERT_EQ(reply.status, 200);
  const rapidjson::Value& store = reply.json["store"];
  EXPECT_EQ(StringField(store, "id"), kDemoStoreId);
  EXPECT_EQ(StringField(store, "name"), kDemoStoreName);
  EXPECT_EQ(StringField(store["settings"], "timezone"), "America/Los_Angeles");
  const rapidjson::Value& folders = store["folders"];
  ASSERT_TRUE(folders.IsObject());
  std::vector<std::string> names;
  for (auto it = folders.MemberBegin(); it != folders.MemberEnd(); ++it) {
    EXPECT_TRUE(std::regex_match(it->name.GetString(), std::regex("[0-9]+"))) << it->name.GetString();
    names.push_back(it->value.GetString());
  }
  EXPECT_THAT(names, ::testing::ElementsAre("New", "Prepared", "Closed", "Canceled"));
  // The sandbox never echoes the store's real key.
  EXPECT_THAT(reply.body, ::testing::Not(HasSubstr(kDemoStoreApiKey)));
}

TEST_F(AccountTest, MissingOrWrongCredentialsGet401) {
  ApiClient anonymous(sandbox_.base_url());
  ApiClient wrong_key(sandbox_.base_url(), {kDemoStoreId, "not-the-key", ""});
  ApiClient unknown_store(sandbox_.base_url(), {"999999", kDemoStoreApiKey, ""});
  ApiClient key_prefix(sandbox_.base_url(), {kDemoStoreId, std::string(kDemoStoreApiKey).substr(0, 20), ""});
  for (ApiClient* client : {&anonymous, &wrong_key, &unknown_store, &key_prefix}) {
    Reply reply = client->Get("/api/v2/orders");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.json_status(), "error");
    EXPECT_EQ(reply.message(), "Invalid Store ID or API Key");
    EXPECT_TRUE(reply.json.HasMember("execution_time"));
    EXPECT_FALSE(reply.json.HasMember("orders"));
  }
}

TEST(AccountIsolationTest, EachStoreSeesOnlyItsOwnData) {
  TestSandbox sandbox(TwoStores());
  ApiClient first(sandbox.base_url(), DemoStore());
  ApiClient second(sandbox.base_url(), kSecondStore);
  const std::vector<rapidjson::Document> first_orders = FetchAllOrders(first);
  const std::vector<rapidjson::Document> second_orders = FetchAllOrders(second);
  ASSERT_EQ(first_orders.size(), 40u);
  ASSERT_EQ(second_orders.size(), 40u);
  std::set<std::string> first_ids;
  for (const auto& order : first_orders) first_ids.insert(StringField(order, "id"));
  for (const auto& order : second_orders) {
    const std::string id = StringField(order, "id");
    EXPECT_EQ(first_ids.count(id), 0u) << "order " << id << " is in both stores";
    EXPECT_EQ(first.Get("/api/v2/orders/" + id).status, 404) << "store 1 can read store 2's order " << id;
  }
  // Writes are isolated too: store 2 cannot delete store 1's order.
  const std::string first_id = StringField(first_orders[0], "id");
  EXPECT_EQ(second.Delete("/api/v2/orders/" + first_id).status, 404);
  EXPECT_EQ(first.Get("/api/v2/orders/" + first_id).status, 200);
  // Each store has its own folders, settings and inventory.
  EXPECT_EQ(StringField(second.Get("/api/v2/store").json["store"], "name"), "Second Shop");
  Reply first_inventory = first.Get("/api/v2/inventory-items?limit=1");
  const int64_t item_id = first_inventory.json["inventory_items"][0]["id"].GetInt64();
  EXPECT_EQ(second.Get("/api/v2/inventory-items/" + std::to_string(item_id)).status, 404);
}

TEST_F(AccountTest, UnknownRoutesGet404AndWrongMethods405) {
  Reply unknown = client_.Get("/api/v2/batch-orders");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json_status(), "error");
  EXPECT_THAT(unknown.message(), HasSubstr("Unknown endpoint"));

  Reply outside = client_.Get("/api/orders");
  EXPECT_EQ(outside.status, 404);
  EXPECT_EQ(outside.json_status(), "error");

  Reply patch = client_.Send("PATCH", "/api/v2/orders/200001", "{}");
  EXPECT_EQ(patch.status, 405);
  EXPECT_EQ(patch.json_status(), "error");
  EXPECT_EQ(patch.header("Allow"), "GET, PUT, DELETE");

  Reply options = client_.Send("OPTIONS", "/api/v2/orders", "");
  EXPECT_EQ(options.status, 405);
  EXPECT_EQ(options.header("Allow"), "GET, POST");
}

TEST_F(AccountTest, TraceAndConnectAre405) {
  httplib::Client raw(sandbox_.base_url());
  httplib::Request request;
  request.method = "TRACE";
  request.path = "/api/v2/test";
  httplib::Result result = raw.send(request);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_THAT(result->body, HasSubstr("\"status\":\"error\""));
}

TEST_F(AccountTest, PostWithMethodOverrideActsAsPut) {
  Reply inventory = client_.Get("/api/v2/inventory-items?limit=1");
  const rapidjson::Value& item = inventory.json["inventory_items"][0];
  const std::string path = "/api/v2/inventory-items/" + std::to_string(item["id"].GetInt64());
  const std::string body = R"({"name":"Renamed Through Override","code":")" + StringField(item, "code") + R"("})";
  Reply reply = client_.Send("POST", path, body, {{"X-HTTP-Method-Override", "PUT"}});
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "Inventory Item Updated");
  EXPECT_EQ(StringField(client_.Get(path).json["inventory_item"], "name"), "Renamed Through Override");

  Reply bad = client_.Send("POST", path, body, {{"X-HTTP-Method-Override", "FROB"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.message(), HasSubstr("X-HTTP-Method-Override"));
}

TEST_F(AccountTest, TrailingSlashAndHeadAreAccepted) {
  EXPECT_EQ(client_.Get("/api/v2/orders/").status, 200);
  httplib::Client raw(sandbox_.base_url());
  httplib::Result head = raw.Head("/api/v2/test", {{"ORDERDESK-STORE-ID", kDemoStoreId},
                                                   {"ORDERDESK-API-KEY", kDemoStoreApiKey}});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST(AccountLegacyErrorsTest, LegacyModeAnswersErrorsWith200AndStatusError) {
  SandboxOptions options = TestOptions();
  options.legacy_errors = true;
  TestSandbox sandbox(options);
  ApiClient client(sandbox.base_url(), DemoStore());
  ApiClient anonymous(sandbox.base_url());
  std::vector<Reply> replies;
  replies.push_back(client.Get("/api/v2/orders/1"));
  replies.push_back(client.Get("/api/v2/orders?limit=501"));
  replies.push_back(anonymous.Get("/api/v2/test"));
  for (const Reply& reply : replies) {
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json_status(), "error") << reply.body;
  }
  EXPECT_EQ(client.Get("/api/v2/test").json_status(), "success");
}

}  // namespace
}  // namespace odmcp::sandbox::testing
