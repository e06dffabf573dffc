// Copyright 2026 The orderdesk-mcp Authors.
//
// Shipments: list, get, add (with the documented refusal of an equal
// shipment and the guessed tracking URL), replace, delete, and batch
// creation across orders.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

class ShipmentsTest : public ::testing::Test {
 protected:
  std::string NewOrder() {
    Reply created = client_.Post("/api/v2/orders", R"({"customer": {"company": "Acme"},
      "order_items": [{"name": "Anvil", "price": 99, "quantity": 1}]})");
    EXPECT_EQ(created.status, 200) << created.body;
    return StringField(created.json["order"], "id");
  }

  rapidjson::Document Shipments(const std::string& order_id) {
    Reply reply = client_.Get("/api/v2/orders/" + order_id + "/shipments");
    EXPECT_EQ(reply.status, 200) << reply.body;
    rapidjson::Document shipments;
    shipments.CopyFrom(reply.json["shipments"], shipments.GetAllocator());
    return shipments;
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
};

TEST_F(ShipmentsTest, AddedShipmentIsListedWithDocumentedFields) {
  const std::string order_id = NewOrder();
  const std::string before = StringField(client_.Get("/api/v2/orders/" + order_id).json["order"], "date_updated");
  Reply added = client_.Post("/api/v2/orders/" + order_id + "/shipments",
                             R"({"tracking_number": "1Z2398479234000001", "carrier_code": "UPS",
                                 "shipment_method": "Ground", "weight": 2.5, "cost": 7})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.message(), "Shipment Added");
  Reply list = client_.Get("/api/v2/orders/" + order_id + "/shipments");
  EXPECT_EQ(list.json["total_records"].GetInt(), 1);
  const rapidjson::Value& shipment = list.json["shipments"][0];
  EXPECT_EQ(StringField(shipment, "order_id"), order_id);
  EXPECT_EQ(StringField(shipment, "store_id"), kDemoStoreId);
  EXPECT_EQ(StringField(shipment, "tracking_url"), "https://www.ups.com/track?tracknum=1Z2398479234000001");
  EXPECT_EQ(StringField(shipment, "weight"), "2.5");
  EXPECT_EQ(StringField(shipment, "cost"), "7");
  EXPECT_EQ(StringField(shipment, "order_items"), "");
  EXPECT_THAT(StringField(shipment, "date_shipped"), ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}"));
  const std::string id = StringField(shipment, "id");
  Reply one = client_.Get("/api/v2/orders/" + order_id + "/shipments/" + id);
  EXPECT_EQ(ToJson(one.json["shipment"]), ToJson(shipment));
  // The shipment is on the order, and the order moved on.
  const Reply read = client_.Get("/api/v2/orders/" + order_id);
  const rapidjson::Value& order = read.json["order"];
  EXPECT_EQ(order["order_shipments"].Size(), 1u);
  EXPECT_GT(StringField(order, "date_updated"), before);
}

TEST_F(ShipmentsTest, APartialShipmentKeepsItsItemsAsDocumentedString) {
  const std::string order_id = NewOrder();
  Reply added = client_.Post("/api/v2/orders/" + order_id + "/shipments",
                             R"({"tracking_number": "P-1", "order_items": [{"code": "ANV", "quantity": 1}]})");
  ASSERT_EQ(added.status, 200) << added.body;
  const rapidjson::Document shipments = Shipments(order_id);
  const rapidjson::Value& items = shipments[0]["order_items"];
  ASSERT_TRUE(items.IsString()) << "section 4.7 types order_items as a string";
  EXPECT_EQ(std::string(items.GetString()), R"([{"code":"ANV","quantity":1}])");
}

TEST_F(ShipmentsTest, AnEqualShipmentIsNotAddedTwice) {
  const std::string order_id = NewOrder();
  const std::string body = R"({"tracking_number": "n/a", "carrier_code": "USPS"})";
  ASSERT_EQ(client_.Post("/api/v2/orders/" + order_id + "/shipments", body).status, 200);
  Reply again = client_.Post("/api/v2/orders/" + order_id + "/shipments", body);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.json_status(), "error");
  EXPECT_EQ(again.message(), "Shipment Not Added");
  EXPECT_EQ(Shipments(order_id).Size(), 1u);
  EXPECT_EQ(StringField(Shipments(order_id)[0], "tracking_url"), "") << "no URL for n/a";
}

TEST_F(ShipmentsTest, TrackingNumberIsRequired) {
  const std::string order_id = NewOrder();
  Reply reply = client_.Post("/api/v2/orders/" + order_id + "/shipments", R"({"carrier_code": "UPS"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(reply.message(), HasSubstr("tracking_number"));
  EXPECT_THAT(reply.message(), HasSubstr("n/a"));
  EXPECT_EQ(client_.Post("/api/v2/orders/" + order_id + "/shipments",
                         R"({"tracking_number": "1", "date_shipped": "01/02/2025"})").status,
            400);
  EXPECT_EQ(Shipments(order_id).Size(), 0u);
}

TEST_F(ShipmentsTest, UpdateReplacesTheShipment) {
  const std::string order_id = NewOrder();
  client_.Post("/api/v2/orders/" + order_id + "/shipments",
               R"({"tracking_number": "9400100000000000000001", "carrier_code": "USPS", "status": "shipped",
                   "date_shipped": "2025-04-01"})");
  const std::string id = StringField(Shipments(order_id)[0], "id");
  Reply updated = client_.Put("/api/v2/orders/" + order_id + "/shipments/" + id,
                              R"({"tracking_number": "123456789012", "carrier_code": "FedEx"})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.message(), "Shipment Updated");
  const rapidjson::Document shipments = Shipments(order_id);
  const rapidjson::Value& shipment = shipments[0];
  EXPECT_EQ(StringField(shipment, "id"), id);
  EXPECT_EQ(StringField(shipment, "tracking_number"), "123456789012");
  EXPECT_EQ(StringField(shipment, "status"), "") << "left out, so blanked";
  EXPECT_EQ(StringField(shipment, "date_shipped"), "2025-04-01") << "kept when not sent";
  EXPECT_EQ(StringField(shipment, "tracking_url"), "https://www.fedex.com/fedextrack/?trknbr=123456789012");
  EXPECT_EQ(client_.Put("/api/v2/orders/" + order_id + "/shipments/1", R"({"tracking_number": "x"})").status, 404);
}

TEST_F(ShipmentsTest, DeleteRemovesTheShipment) {
  const std::string order_id = NewOrder();
  client_.Post("/api/v2/orders/" + order_id + "/shipments", R"({"tracking_number": "T1"})");
  const std::string id = StringField(Shipments(order_id)[0], "id");
  Reply deleted = client_.Delete("/api/v2/orders/" + order_id + "/shipments/" + id);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.message(), "Shipment " + id + " Deleted");
  EXPECT_EQ(Shipments(order_id).Size(), 0u);
  Reply again = client_.Delete("/api/v2/orders/" + order_id + "/shipments/" + id);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.message(), "Shipment " + id + " Not Found");
}

TEST_F(ShipmentsTest, BatchAddsShipmentsToSeveralOrders) {
  const std::string first = NewOrder();
  const std::string second = NewOrder();
  client_.Post("/api/v2/orders/" + second + "/shipments", R"({"tracking_number": "DUP-1"})");
  const std::string body = "[{\"order_id\": " + first + R"(, "tracking_number": "A-1", "carrier_code": "UPS"},)" +
                           "{\"order_id\": \"" + first + R"(", "tracking_number": "A-2"},)" +
                           "{\"order_id\": " + second + R"(, "tracking_number": "DUP-1"}])";
  Reply reply = client_.Post("/api/v2/batch-shipments", body);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "2 Shipments Added");
  const rapidjson::Value& results = reply.json["results"];
  ASSERT_EQ(results.Size(), 3u);
  EXPECT_EQ(StringField(results[0], "status"), "success");
  EXPECT_EQ(StringField(results[0], "order_id"), first);
  EXPECT_FALSE(StringField(results[0], "shipment_id").empty());
  EXPECT_EQ(StringField(results[2], "status"), "error");
  EXPECT_EQ(StringField(results[2], "message"), "Shipment Not Added");
  EXPECT_EQ(Shipments(first).Size(), 2u);
  EXPECT_EQ(Shipments(second).Size(), 1u);

  // The wrapped form is accepted too.
  Reply wrapped = client_.Post("/api/v2/batch-shipments",
                               "{\"shipments\": [{\"order_id\": " + second + ", \"tracking_number\": \"B-1\"}]}");
  EXPECT_EQ(wrapped.status, 200) << wrapped.body;
  EXPECT_EQ(Shipments(second).Size(), 2u);
}

TEST_F(ShipmentsTest, ABadBatchChangesNothing) {
  const std::string order_id = NewOrder();
  for (const std::string& body :
       {"[{\"order_id\": " + order_id + ", \"tracking_number\": \"OK-1\"}, {\"order_id\": 999999999, "
        "\"tracking_number\": \"X\"}]",
        "[{\"order_id\": " + order_id + ", \"tracking_number\": \"OK-1\"}, {\"tracking_number\": \"X\"}]",
        "[{\"order_id\": " + order_id + "}]", std::string("[]"), std::string("{\"shipments\": 5}")}) {
    Reply reply = client_.Post("/api/v2/batch-shipments", body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.json_status(), "error");
  }
  EXPECT_EQ(Shipments(order_id).Size(), 0u);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
