// Copyright 2026 The orderdesk-mcp Authors.
//
// The order-item endpoints: list, get, add, replace and delete, each
// keeping the order's totals and date_updated right.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

class OrderItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reply created = client_.Post("/api/v2/orders", R"({
      "customer": {"first_name": "Ann", "last_name": "Lee"}, "shipping_total": 4,
      "order_items": [{"name": "Mug", "code": "MUG-1", "price": 10, "quantity": 2, "weight": 0.5}]})");
    ASSERT_EQ(created.status, 200) << created.body;
    order_id_ = StringField(created.json["order"], "id");
    item_id_ = StringField(created.json["order"]["order_items"][0], "id");
    base_ = "/api/v2/orders/" + order_id_ + "/order-items";
  }

  rapidjson::Document Order() {
    rapidjson::Document order;
    Reply reply = client_.Get("/api/v2/orders/" + order_id_);
    order.CopyFrom(reply.json["order"], order.GetAllocator());
    return order;
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  std::string order_id_;
  std::string item_id_;
  std::string base_;
};

TEST_F(OrderItemsTest, ListsAndGetsItems) {
  Reply list = client_.Get(base_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json_status(), "success");
  EXPECT_TRUE(list.json.HasMember("execution_time"));
  EXPECT_EQ(list.json["total_records"].GetInt(), 1);
  ASSERT_EQ(list.json["order_items"].Size(), 1u);
  EXPECT_EQ(StringField(list.json["order_items"][0], "id"), item_id_);

  Reply one = client_.Get(base_ + "/" + item_id_);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(StringField(one.json["order_item"], "name"), "Mug");
  EXPECT_EQ(StringField(one.json["order_item"], "price"), "10");
  EXPECT_EQ(one.json["order_item"]["quantity"].GetInt(), 2);
}

TEST_F(OrderItemsTest, AddingAnItemRecomputesTotals) {
  const std::string updated_before = StringField(Order(), "date_updated");
  Reply added = client_.Post(base_, R"({"id": "12345", "name": "Tea", "code": "TEA", "price": "3.25", "quantity": 3})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.message(), "Order Item Added");
  const rapidjson::Document order = Order();
  ASSERT_EQ(order["order_items"].Size(), 2u);
  EXPECT_NE(StringField(order["order_items"][1], "id"), "12345") << "a new item gets a new id";
  EXPECT_DOUBLE_EQ(order["product_total"].GetDouble(), 20 + 9.75);
  EXPECT_EQ(order["quantity_total"].GetInt(), 5);
  EXPECT_DOUBLE_EQ(order["order_total"].GetDouble(), 29.75 + 4);
  EXPECT_GT(StringField(order, "date_updated"), updated_before);
}

TEST_F(OrderItemsTest, UpdatingAnItemReplacesItWhole) {
  Reply updated = client_.Put(base_ + "/" + item_id_, R"({"name": "Big Mug", "price": 12, "quantity": 1})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.message(), "Order Item Updated");
  const rapidjson::Document order = Order();
  const rapidjson::Value& item = order["order_items"][0];
  EXPECT_EQ(StringField(item, "id"), item_id_);
  EXPECT_EQ(StringField(item, "name"), "Big Mug");
  EXPECT_EQ(StringField(item, "code"), "") << "left out, so blanked";
  EXPECT_EQ(item["weight"].GetDouble(), 0);
  EXPECT_DOUBLE_EQ(order["product_total"].GetDouble(), 12);
}

TEST_F(OrderItemsTest, DeletingAnItemRecomputesTotals) {
  Reply deleted = client_.Delete(base_ + "/" + item_id_);
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.message(), "Order Item " + item_id_ + " Deleted");
  const rapidjson::Document order = Order();
  EXPECT_EQ(order["order_items"].Size(), 0u);
  EXPECT_EQ(order["product_total"].GetDouble(), 0);
  EXPECT_EQ(order["order_total"].GetDouble(), 4);
  EXPECT_EQ(client_.Get(base_ + "/" + item_id_).status, 404);
}

TEST_F(OrderItemsTest, UnknownOrdersItemsAndBadBodiesAreRejected) {
  EXPECT_EQ(client_.Get("/api/v2/orders/999999999/order-items").message(), "Order 999999999 Not Found");
  EXPECT_EQ(client_.Get(base_ + "/999").message(), "Order Item 999 Not Found");
  EXPECT_EQ(client_.Put(base_ + "/999", R"({"name": "x"})").status, 404);
  EXPECT_EQ(client_.Delete(base_ + "/abc").status, 404);
  EXPECT_EQ(client_.Post("/api/v2/orders/999999999/order-items", R"({"name": "x"})").status, 404);
  const std::string before = ToJson(Order());
  Reply bad = client_.Post(base_, R"({"name": "x", "quantity": "lots"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.message(), HasSubstr("quantity"));
  EXPECT_EQ(client_.Put(base_ + "/" + item_id_, "not json").status, 400);
  EXPECT_EQ(ToJson(Order()), before);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
