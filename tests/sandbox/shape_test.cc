// Copyright 2026 The orderdesk-mcp Authors.
//
// Acceptance 2: each example reply in the reference's sections on orders,
// inventory items and store settings is matched in shape (keys and value
// types) by the sandbox's reply to the same request. The examples are in
// fixtures/ (see fixtures/README.md).

#include <string>

#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"
#include "tests/sandbox/shape_compare.h"

namespace odmcp::sandbox::testing {
namespace {

// Keys the sandbox sends that a reference example lacks, each documented
// elsewhere in the reference.
const std::set<std::string> kOrderExtras = {
    // 4.4: "appears in order-items responses"
    "order_items[].fulfillment_method",
    // 4.7: a read field of shipments
    "order_shipments[].label_shipment_id",
};

std::set<std::string> Prefixed(const std::string& prefix, const std::set<std::string>& paths) {
  std::set<std::string> out;
  for (const std::string& path : paths) out.insert(prefix + path);
  return out;
}

class ShapeTest : public ::testing::Test {
 protected:
  // Creates an order from the section 4 example (its folder_id swapped for
  // one of this store) and gives it a shipment, so every array and map of
  // the example has something in it. Returns the new order's id.
  std::string CreateReferenceOrder() {
    rapidjson::Document body = ParseJson(ReferenceOrderBody());
    body["folder_id"].SetInt64(FirstFolderId());
    Reply created = client_.Post("/api/v2/orders", ToJson(body));
    EXPECT_EQ(created.status, 200) << created.body;
    const std::string id = StringField(created.json["order"], "id");
    Reply shipped = client_.Post("/api/v2/orders/" + id + "/shipments",
                                 R"({"tracking_number":"1Z132456789","carrier_code":"UPS","shipment_method":"Ground"})");
    EXPECT_EQ(shipped.status, 200) << shipped.body;
    return id;
  }

  int64_t FirstFolderId() {
    Reply store = client_.Get("/api/v2/store");
    return std::stoll(store.json["store"]["folders"].MemberBegin()->name.GetString());
  }

  void ExpectShape(const std::string& fixture, const Reply& reply, const ShapeRules& rules = ShapeRules()) {
    ASSERT_TRUE(reply.json.IsObject()) << reply.body;
    const rapidjson::Document reference = ParseJson(ReadFixture(fixture));
    const std::vector<std::string> problems = CompareShape(reference, reply.json, rules);
    std::string listed;
    for (const std::string& problem : problems) listed += "\n  " + problem;
    EXPECT_TRUE(problems.empty()) << fixture << " differs from the reply:" << listed << "\nreply: " << reply.body;
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
};

TEST_F(ShapeTest, TestConnectionMatchesSection1_2) {
  ShapeRules rules;
  rules.allowed_extra = {"execution_time"};  // 8.3: every reply carries it
  ExpectShape("test_connection.json", client_.Get("/api/v2/test"), rules);
}

TEST_F(ShapeTest, StoreSettingsMatchSection1_3) { ExpectShape("store_get.json", client_.Get("/api/v2/store")); }

TEST_F(ShapeTest, SingleOrderMatchesSection3_2AndTheOrderObjectOfSection4) {
  const std::string id = CreateReferenceOrder();
  ShapeRules rules;
  rules.allowed_extra = Prefixed("order.", kOrderExtras);
  ExpectShape("order_get.json", client_.Get("/api/v2/orders/" + id), rules);
}

TEST_F(ShapeTest, OrderListMatchesSection3_1) {
  CreateReferenceOrder();
  ShapeRules rules;
  rules.allowed_extra = Prefixed("orders[].", kOrderExtras);
  ExpectShape("orders_list.json", client_.Get("/api/v2/orders?source_id=412218073"), rules);
}

TEST_F(ShapeTest, EverySeededOrderMatchesTheOrderObjectOfSection4) {
  // Seeded orders may lack notes, discounts or shipments; what they have
  // must still be shaped as documented.
  ShapeRules rules;
  rules.allowed_extra = Prefixed("orders[].", kOrderExtras);
  rules.allow_empty_arrays = true;
  Reply page = client_.Get("/api/v2/orders?limit=500");
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json["orders"].Size(), 300u);
  ExpectShape("orders_list.json", page, rules);
}

TEST_F(ShapeTest, AddOrderHistoryMatchesSection3_6) {
  const std::string id = CreateReferenceOrder();
  ShapeRules rules;
  rules.allowed_extra = Prefixed("order.", kOrderExtras);
  ExpectShape("order_history_post.json",
              client_.Post("/api/v2/orders/" + id + "/order-history", R"({"note":"My New Note","source_name":"API"})"),
              rules);
}

TEST_F(ShapeTest, MoveOrdersMatchesSection3_11) {
  Reply page = client_.Get("/api/v2/orders?limit=2&folder_name=Closed");
  ASSERT_EQ(page.json["orders"].Size(), 2u);
  const std::string body = R"({"order_id_list":[")" + StringField(page.json["orders"][0], "id") + R"(",")" +
                           StringField(page.json["orders"][1], "id") + R"("],"destination_folder_name":"Prepared"})";
  ExpectShape("move_orders.json", client_.Post("/api/v2/move-orders", body));
}

TEST_F(ShapeTest, InventoryListMatchesSection5) {
  ShapeRules rules;
  // Section 5's table lists these fields; its example predates them.
  rules.allowed_extra = {"inventory_items[].metadata", "inventory_items[].variation_list",
                         "inventory_items[].manufacturer_sku"};
  ExpectShape("inventory_list.json", client_.Get("/api/v2/inventory-items"), rules);
}

TEST_F(ShapeTest, InventoryItemMatchesSection2_1) {
  Reply list = client_.Get("/api/v2/inventory-items?limit=1");
  const int64_t id = list.json["inventory_items"][0]["id"].GetInt64();
  ShapeRules rules;
  rules.allowed_extra = {"inventory_item.metadata", "inventory_item.variation_list", "inventory_item.manufacturer_sku"};
  ExpectShape("inventory_get.json", client_.Get("/api/v2/inventory-items/" + std::to_string(id)), rules);
}

TEST_F(ShapeTest, OrderItemAndShipmentRepliesMatchSection2_1) {
  const std::string id = CreateReferenceOrder();
  ShapeRules rules;
  rules.allowed_extra = {"execution_time"};  // 8.3: every reply carries it
  ExpectShape("order_item_added.json",
              client_.Post("/api/v2/orders/" + id + "/order-items", R"({"name":"Glue","price":2,"quantity":1})"),
              rules);
  Reply items = client_.Get("/api/v2/orders/" + id + "/order-items");
  const std::string item_id = StringField(items.json["order_items"][0], "id");
  ExpectShape("order_item_updated.json",
              client_.Put("/api/v2/orders/" + id + "/order-items/" + item_id, R"({"name":"Crazy Glue","price":"10"})"),
              rules);

  const std::string shipment = R"({"tracking_number":"9400100000000000000001","carrier_code":"USPS"})";
  ExpectShape("shipment_added.json", client_.Post("/api/v2/orders/" + id + "/shipments", shipment));
  ExpectShape("shipment_not_added.json", client_.Post("/api/v2/orders/" + id + "/shipments", shipment));
  Reply shipments = client_.Get("/api/v2/orders/" + id + "/shipments");
  const std::string shipment_id = StringField(shipments.json["shipments"][0], "id");
  ExpectShape("shipment_deleted.json", client_.Delete("/api/v2/orders/" + id + "/shipments/" + shipment_id));
}

}  // namespace
}  // namespace odmcp::sandbox::testing
