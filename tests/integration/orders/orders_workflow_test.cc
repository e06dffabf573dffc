// The tools not covered elsewhere, each checked against the sandbox's own
// state: paging with max_results, create and delete, adding items, history
// entries, and the shipment tools.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

TEST(OrdersWorkflowTest, MaxResultsPagesThroughInLimitSizedPages) {
  OrdersWorld world(SeededWith(60));
  std::vector<std::string> expected;
  const rapidjson::Document ids = world.SandboxOrderIds();
  for (const rapidjson::Value& id : ids.GetArray()) expected.push_back(id.GetString());
  std::reverse(expected.begin(), expected.end());  // newest first, as listed
  const SandboxStats before = world.Stats();

  rapidjson::Document paged =
      world.Ok("orders_list", R"({"limit":20,"offset":3,"max_results":45})");
  EXPECT_EQ(world.Stats().Route("GET /orders") - before.Route("GET /orders"), 3) << "20 + 20 + 5";
  ASSERT_EQ(paged["returned"].GetInt(), 45);
  EXPECT_EQ(paged["total_records"].GetInt(), 60);
  EXPECT_TRUE(paged["has_more"].GetBool());
  EXPECT_EQ(paged["next_offset"].GetInt(), 48);
  for (int i = 0; i < 45; ++i) {
    EXPECT_EQ(std::string(paged["orders"][i]["id"].GetString()), expected[3 + i]) << i;
  }
  // Past the end: the pages stop at the last order.
  rapidjson::Document rest =
      world.Ok("orders_list", R"({"limit":20,"offset":48,"max_results":1000})");
  EXPECT_EQ(rest["returned"].GetInt(), 12);
  EXPECT_FALSE(rest["has_more"].GetBool());
}

TEST(OrdersWorkflowTest, PagingReportsProgressAfterEachPage) {
  OrdersWorld world(SeededWith(60));
  httplib::Result init = world.http().Post(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
      R"("capabilities":{},"clientInfo":{"name":"it","version":"1"}}})",
      {{"Authorization", "Bearer " + world.key()}});
  ASSERT_TRUE(init);
  const std::string session = init->get_header_value("Mcp-Session-Id");
  httplib::Result r = world.http().Post(
      R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"orders_list",)"
      R"("arguments":{"limit":20,"max_results":45},"_meta":{"progressToken":"pages"}}})",
      {{"Authorization", "Bearer " + world.key()}, {"Mcp-Session-Id", session}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->get_header_value("Content-Type"), "text/event-stream") << r->body;
  std::vector<std::string> data;
  for (size_t at = r->body.find("data: "); at != std::string::npos;
       at = r->body.find("data: ", at + 1)) {
    data.push_back(r->body.substr(at + 6, r->body.find('\n', at) - at - 6));
  }
  ASSERT_EQ(data.size(), 4u) << r->body;
  const int progress[] = {20, 40, 45};
  for (size_t i = 0; i < 3; ++i) {
    rapidjson::Document event = ParseJson(data[i]);
    EXPECT_EQ(std::string(event["method"].GetString()), "notifications/progress");
    EXPECT_EQ(event["params"]["progress"].GetInt(), progress[i]);
    EXPECT_EQ(event["params"]["total"].GetInt(), 45);
  }
  EXPECT_EQ(ParseJson(data[3])["result"]["structuredContent"]["returned"].GetInt(), 45);
}

TEST(OrdersWorkflowTest, CreateAddItemsAndDelete) {
  OrdersWorld world;
  rapidjson::Document created = world.Ok("orders_create", R"({"order":{
      "email":"ada@example.com","source_id":"WEB-1001","shipping_total":4.5,
      "shipping":{"first_name":"Ada","last_name":"Lovelace","address1":"1 Analytical Way",
                  "city":"London","postal_code":"N1 1AA","country":"GB"},
      "order_items":[{"name":"Difference Engine Mug","code":"MUG-1","price":12,"quantity":2}],
      "order_notes":[{"content":"Gift wrap, please"}]}})");
  const std::string id = created["order_id"].GetString();
  ASSERT_FALSE(id.empty()) << Json(created);
  rapidjson::Document saved = world.SandboxOrder(id);
  EXPECT_EQ(std::string(saved["source_id"].GetString()), "WEB-1001");
  EXPECT_EQ(std::string(saved["customer"]["last_name"].GetString()), "Lovelace");
  EXPECT_DOUBLE_EQ(saved["order_total"].GetDouble(), 28.5);

  rapidjson::Document added = world.Ok(
      "orders_add_items",
      R"({"order_id":")" + id +
          R"(","order_items":[{"name":"Punch Card Coasters","code":"CST-4","price":"6.25",)"
          R"("quantity":1}]})");
  EXPECT_EQ(added["changes"]["items_added"].GetInt(), 1);
  saved = world.SandboxOrder(id);
  ASSERT_EQ(saved["order_items"].Size(), 2u);
  EXPECT_EQ(std::string(saved["order_items"][0]["name"].GetString()), "Difference Engine Mug");
  EXPECT_EQ(saved["order_items"][0]["quantity"].GetInt(), 2);
  EXPECT_DOUBLE_EQ(saved["order_total"].GetDouble(), 34.75);
  EXPECT_EQ(std::string(saved["order_notes"][0]["content"].GetString()), "Gift wrap, please");

  // A second order with the same source is refused by OrderDesk, by name.
  ToolReply duplicate = world.Call("orders_create", R"({"order":{"source_id":"WEB-1001",
      "shipping":{"company":"Acme"},"order_items":[{"name":"Anvil"}]}})");
  EXPECT_TRUE(duplicate.is_error());
  EXPECT_THAT(duplicate.text(), HasSubstr(id));

  world.Ok("orders_delete", R"({"order_id":")" + id + R"("})");
  ToolReply gone = world.Call("orders_get", R"({"order_id":")" + id + R"("})");
  EXPECT_TRUE(gone.is_error());
  EXPECT_THAT(gone.text(), HasSubstr("order_id"));
}

TEST(OrdersWorkflowTest, HistoryEntriesAreAppendedAndRead) {
  OrdersWorld world;
  const size_t before =
      world.Ok("orders_history", R"({"order_id":"200008"})")["order_history"].Size();
  rapidjson::Document added = world.Ok(
      "orders_add_note",
      R"({"order_id":"200008","note":"Carrier claim opened","to":"history","username":"Support"})");
  EXPECT_TRUE(added["added"].GetBool());
  rapidjson::Document history = world.Ok("orders_history", R"({"order_id":"200008"})");
  ASSERT_EQ(history["order_history"].Size(), before + 1);
  EXPECT_FALSE(history["cached"].GetBool()) << "the entry dropped the cached history";
  const rapidjson::Value& entry =
      history["order_history"][static_cast<rapidjson::SizeType>(before)];
  EXPECT_EQ(std::string(entry["note"].GetString()), "Carrier claim opened");
  EXPECT_EQ(std::string(entry["source_name"].GetString()), "Support");
  // History is not a note: the order's notes are as they were.
  EXPECT_EQ(world.SandboxOrder("200008")["order_notes"].Size(),
            world.Ok("orders_get", R"({"order_id":"200008"})")["order"]["order_notes"].Size());
}

// The shipment with that tracking number in the sandbox's order, or null.
const rapidjson::Value* Shipment(const rapidjson::Value& order, const std::string& tracking) {
  for (const rapidjson::Value& shipment : order["order_shipments"].GetArray()) {
    if (tracking == shipment["tracking_number"].GetString()) return &shipment;
  }
  return nullptr;
}

TEST(OrdersWorkflowTest, ShipmentsAddListUpdateDeleteAndBatch) {
  OrdersWorld world;
  const std::string id = "200009";
  rapidjson::Document added = world.Ok(
      "shipments_add",
      R"({"order_id":")" + id +
          R"(","tracking_number":"9400111899223197428490","carrier_code":"USPS",)"
          R"("shipment_method":"Priority","weight":"1.5"})");
  ASSERT_TRUE(added["shipment"].IsObject()) << Json(added);
  const std::string shipment_id = added["shipment"]["id"].GetString();
  EXPECT_THAT(std::string(added["shipment"]["tracking_url"].GetString()), HasSubstr("usps"));

  // Adding it again is refused, naming the field, and adds nothing.
  ToolReply again = world.Call(
      "shipments_add",
      R"({"order_id":")" + id +
          R"(","tracking_number":"9400111899223197428490","carrier_code":"USPS",)"
          R"("shipment_method":"Priority"})");
  EXPECT_TRUE(again.is_error());
  EXPECT_THAT(again.text(), HasSubstr("tracking_number"));

  rapidjson::Document listed = world.Ok("shipments_list", R"({"order_id":")" + id + R"("})");
  int with_number = 0;
  for (const rapidjson::Value& shipment : listed["shipments"].GetArray()) {
    if (std::string(shipment["tracking_number"].GetString()) == "9400111899223197428490")
      ++with_number;
  }
  EXPECT_EQ(with_number, 1);

  world.Ok("shipments_update", R"({"order_id":")" + id + R"(","shipment_id":")" + shipment_id +
                                   R"(","shipment_method":"Ground Advantage","status":null})");
  rapidjson::Document order = world.SandboxOrder(id);
  const rapidjson::Value* updated = Shipment(order, "9400111899223197428490");
  ASSERT_NE(updated, nullptr);
  EXPECT_EQ(std::string((*updated)["shipment_method"].GetString()), "Ground Advantage");
  EXPECT_EQ(std::string((*updated)["carrier_code"].GetString()), "USPS") << "kept";
  EXPECT_EQ(std::string((*updated)["weight"].GetString()), "1.5") << "kept";

  world.Ok("shipments_delete",
           R"({"order_id":")" + id + R"(","shipment_id":")" + shipment_id + R"("})");
  EXPECT_EQ(Shipment(world.SandboxOrder(id), "9400111899223197428490"), nullptr);

  rapidjson::Document batch = world.Ok("shipments_batch_add", R"({"shipments":[
      {"order_id":"200010","tracking_number":"1Z999AA10123456784","carrier_code":"UPS"},
      {"order_id":"200011","tracking_number":"n/a","carrier_code":"Courier"}]})");
  EXPECT_EQ(batch["added"].GetInt(), 2);
  EXPECT_NE(Shipment(world.SandboxOrder("200010"), "1Z999AA10123456784"), nullptr);
  EXPECT_NE(Shipment(world.SandboxOrder("200011"), "n/a"), nullptr);
  EXPECT_EQ(world.Stats().Route("POST /batch-shipments"), 1);
}

}  // namespace
}  // namespace odmcp::testing
