// Copyright 2026 The orderdesk-mcp Authors.
//
// Creating, replacing and deleting orders, and order history, with
// OrderDesk's semantics: PUT replaces the whole order (a field left out is
// blanked, an item left out is removed), shipments are untouched by PUT,
// date_updated moves on every write, and bad input changes nothing.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sandbox/date_time.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kMinimalOrder[] = R"({
  "email": "ann.lee@example.com",
  "customer": {"first_name": "Ann", "last_name": "Lee", "address1": "1 Main St", "city": "Boise", "state": "ID"},
  "shipping_total": 5, "tax_total": "1.25",
  "discount_list": [{"name": "Discount", "code": "SAVE1", "amount": 1}],
  "order_items": [
    {"name": "Mug", "code": "MUG-1", "price": 10, "quantity": 2, "weight": 0.5},
    {"name": "Tea", "code": "TEA-1", "price": "2.50", "quantity": 1, "variation_list": {"Size": "Large"}}
  ]
})";

class OrdersWriteTest : public ::testing::Test {
 protected:
  rapidjson::Document GetOrder(const std::string& id) {
    Reply reply = client_.Get("/api/v2/orders/" + id);
    EXPECT_EQ(reply.status, 200) << reply.body;
    rapidjson::Document order;
    if (reply.status == 200) order.CopyFrom(reply.json["order"], order.GetAllocator());
    return order;
  }

  int TotalOrders() { return client_.Get("/api/v2/orders?limit=1").json["total_records"].GetInt(); }

  // The id of a seeded order that has a shipment, an e-mail and checkout data.
  std::string RichSeededOrderId() {
    for (const auto& order : FetchAllOrders(client_)) {
      if (order["order_shipments"].Size() > 0 && order["checkout_data"].IsObject() &&
          order["order_items"].Size() >= 2) {
        return StringField(order, "id");
      }
    }
    ADD_FAILURE() << "no seeded order with shipments, checkout data and two items";
    return "";
  }

  std::string CreateMinimalOrder() {
    Reply reply = client_.Post("/api/v2/orders", kMinimalOrder);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return StringField(reply.json["order"], "id");
  }

  Reply PutOrder(const std::string& id, const rapidjson::Value& body) {
    return client_.Put("/api/v2/orders/" + id, ToJson(body));
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
};

TEST_F(OrdersWriteTest, CreateAppliesDocumentedDefaultsAndComputesTotals) {
  const UnixSeconds before = NowUnixSeconds();
  Reply reply = client_.Post("/api/v2/orders", kMinimalOrder);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "Order Created");
  const rapidjson::Value& order = reply.json["order"];
  const std::string id = StringField(order, "id");
  EXPECT_GT(std::stoll(id), 0);
  EXPECT_EQ(StringField(order, "source_name"), "Order Desk");
  EXPECT_EQ(StringField(order, "source_id"), id);
  EXPECT_EQ(StringField(order, "payment_status"), "Captured");
  const Reply store = client_.Get("/api/v2/store");
  const rapidjson::Value& folders = store.json["store"]["folders"];
  EXPECT_EQ(std::to_string(order["folder_id"].GetInt64()), folders.MemberBegin()->name.GetString());
  EXPECT_EQ(order["quantity_total"].GetInt(), 3);
  EXPECT_DOUBLE_EQ(order["weight_total"].GetDouble(), 1.0);
  EXPECT_DOUBLE_EQ(order["product_total"].GetDouble(), 22.5);
  EXPECT_DOUBLE_EQ(order["discount_total"].GetDouble(), 1);
  EXPECT_DOUBLE_EQ(order["order_total"].GetDouble(), 22.5 + 5 + 1.25 - 1);
  EXPECT_DOUBLE_EQ(order["processor_balance"].GetDouble(), order["order_total"].GetDouble());
  // The shipping address is copied from the customer when missing.
  EXPECT_EQ(StringField(order["shipping"], "first_name"), "Ann");
  EXPECT_EQ(StringField(order["shipping"], "city"), "Boise");
  ASSERT_EQ(order["order_items"].Size(), 2u);
  EXPECT_NE(StringField(order["order_items"][0], "id"), StringField(order["order_items"][1], "id"));
  EXPECT_EQ(StringField(order["order_items"][1], "price"), "2.5");
  EXPECT_EQ(StringField(order["order_items"][0], "delivery_type"), "ship");
  EXPECT_EQ(ToJson(order["order_items"][1]["variation_list"]), R"({"Size":"Large"})");
  EXPECT_EQ(StringField(order["discount_list"][0], "amount"), "1.00");
  EXPECT_GE(StringField(order, "date_added"), FormatDateTime(before));
  // It is stored: a GET returns the same order.
  EXPECT_EQ(ToJson(GetOrder(id)), ToJson(order));
  EXPECT_EQ(TotalOrders(), 301);
}

TEST_F(OrdersWriteTest, CreateAcceptsFlattenedNamesAndKeepsAGivenDateAdded) {
  Reply reply = client_.Post("/api/v2/orders", R"({
    "shipping_first_name": "Bo", "shipping_last_name": "Diaz", "shipping_city": "Omaha",
    "date_added": "2024-01-02 03:04:05", "source_name": "GoodTunes", "source_id": "GT-1",
    "cc_number": "4242 4242 4242 4242",
    "order_items": [{"name": "Record", "price": 20}]})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const rapidjson::Value& order = reply.json["order"];
  EXPECT_EQ(StringField(order["shipping"], "first_name"), "Bo");
  EXPECT_EQ(StringField(order["customer"], "last_name"), "Diaz");
  EXPECT_EQ(StringField(order["customer"], "city"), "Omaha");
  EXPECT_EQ(StringField(order, "date_added"), "2024-01-02 03:04:05");
  EXPECT_EQ(StringField(order, "source_name"), "GoodTunes");
  EXPECT_EQ(StringField(order, "cc_number_masked"), "xxxxxxxxxxxx4242");
  EXPECT_FALSE(order.HasMember("cc_number"));
}

TEST_F(OrdersWriteTest, InvalidOrdersAreRejectedWithSpecificMessagesAndNothingIsCreated) {
  const std::string items = R"("order_items": [{"name": "Mug", "price": 1}])";
  const std::string names = R"("customer": {"first_name": "A", "last_name": "B"})";
  const struct {
    std::string body;
    std::string message;
  } cases[] = {
      {"{" + names + "}", "at least one item"},
      {"{" + names + R"(, "order_items": []})", "at least one item"},
      {"{" + items + "}", "first and last name or a company"},
      {R"({"customer": {"first_name": "OnlyFirst"}, )" + items + "}", "first and last name or a company"},
      {"{" + names + ", " + items + ", \"email\": {}}", "'email'"},
      {"{" + names + ", " + items + ", \"payment_status\": \"Paid\"}", "payment_status"},
      {"{" + names + ", " + items + ", \"folder_id\": 424242}", "Folder 424242"},
      {"{" + names + R"(, "order_items": [{"name": "X", "delivery_type": "teleport"}]})", "delivery_type"},
      {"{" + names + R"(, "order_items": [{"name": "X", "quantity": -1}]})", "quantity"},
      {"{" + names + R"(, "order_items": [{"name": "X", "price": "ten"}]})", "order_items[0].price"},
      {"{" + names + ", " + items + R"(, "checkout_data": {"note": ")" + std::string(3600, 'x') + "\"}}",
       "checkout_data"},
      {"{" + names + ", " + items + ", \"date_added\": \"last tuesday\"}", "date_added"},
      {"{" + names + ", " + items + R"(, "discount_list": [{"amount": -3}]})", "negative"},
      {"{\"customer\": ", "Malformed JSON"},
      {"[1, 2]", "JSON object"},
      {"", "empty"},
  };
  for (const auto& c : cases) {
    Reply reply = client_.Post("/api/v2/orders", c.body);
    EXPECT_EQ(reply.status, 400) << c.body.substr(0, 120);
    EXPECT_EQ(reply.json_status(), "error");
    EXPECT_THAT(reply.message(), HasSubstr(c.message)) << c.body.substr(0, 120);
  }
  EXPECT_EQ(TotalOrders(), 300);
}

TEST_F(OrdersWriteTest, DuplicateSourceIsRejectedNamingTheExistingOrder) {
  const std::string body = R"({"source_name": "Shopify", "source_id": "SHOP-77",
    "customer": {"company": "Acme"}, "order_items": [{"name": "Mug", "price": 1}]})";
  Reply first = client_.Post("/api/v2/orders", body);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string id = StringField(first.json["order"], "id");
  Reply second = client_.Post("/api/v2/orders", body);
  EXPECT_EQ(second.status, 400);
  EXPECT_THAT(second.message(), HasSubstr("Duplicate order"));
  EXPECT_THAT(second.message(), HasSubstr(id));
  EXPECT_EQ(TotalOrders(), 301);
}

TEST_F(OrdersWriteTest, PutThatOmitsAFieldBlanksIt) {
  const std::string id = RichSeededOrderId();
  rapidjson::Document order = GetOrder(id);
  ASSERT_FALSE(StringField(order, "email").empty());
  ASSERT_FALSE(StringField(order, "shipping_method").empty());
  ASSERT_GT(order["shipping_total"].GetDouble(), 0);
  const std::string first_name = StringField(order["shipping"], "first_name");
  const std::string items = ToJson(order["order_items"]);
  order.RemoveMember("email");
  order.RemoveMember("shipping_method");
  order.RemoveMember("checkout_data");
  order.RemoveMember("shipping_total");
  order["shipping"].RemoveMember("phone");

  Reply reply = PutOrder(id, order);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "Order Updated");
  const rapidjson::Document stored = GetOrder(id);
  EXPECT_EQ(StringField(stored, "email"), "");
  EXPECT_EQ(StringField(stored, "shipping_method"), "");
  EXPECT_EQ(ToJson(stored["checkout_data"]), "[]");
  EXPECT_EQ(stored["shipping_total"].GetDouble(), 0);
  EXPECT_EQ(StringField(stored["shipping"], "phone"), "");
  // What was sent is kept, and totals follow the blanked shipping.
  EXPECT_EQ(StringField(stored["shipping"], "first_name"), first_name);
  EXPECT_EQ(ToJson(stored["order_items"]), items);
  EXPECT_DOUBLE_EQ(stored["order_total"].GetDouble(),
                   stored["product_total"].GetDouble() + stored["handling_total"].GetDouble() +
                       stored["tax_total"].GetDouble() - stored["discount_total"].GetDouble());
}

TEST_F(OrdersWriteTest, PutItemsAreUpdatedByIdAddedWithoutIdAndRemovedWhenLeftOut) {
  const std::string id = RichSeededOrderId();
  rapidjson::Document order = GetOrder(id);
  auto& allocator = order.GetAllocator();
  rapidjson::Value& items = order["order_items"];
  const std::string kept_id = StringField(items[0], "id");
  const std::string removed_id = StringField(items[1], "id");
  // Keep item 0 with a new quantity, drop every other item, add a new one.
  items[0]["quantity"].SetInt(5);
  rapidjson::Value kept(items[0], allocator);
  items.Clear();
  items.PushBack(kept, allocator);
  rapidjson::Document added = ParseJson(R"({"name": "Gift Card", "code": "GIFT-25", "price": 25, "quantity": 1})");
  items.PushBack(rapidjson::Value(added, allocator), allocator);

  Reply reply = PutOrder(id, order);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const rapidjson::Document stored = GetOrder(id);
  ASSERT_EQ(stored["order_items"].Size(), 2u);
  EXPECT_EQ(StringField(stored["order_items"][0], "id"), kept_id);
  EXPECT_EQ(stored["order_items"][0]["quantity"].GetInt(), 5);
  const std::string new_id = StringField(stored["order_items"][1], "id");
  EXPECT_NE(new_id, kept_id);
  EXPECT_NE(new_id, removed_id);
  EXPECT_EQ(StringField(stored["order_items"][1], "code"), "GIFT-25");
  EXPECT_EQ(client_.Get("/api/v2/orders/" + id + "/order-items/" + removed_id).status, 404);
  const double price = std::stod(StringField(stored["order_items"][0], "price"));
  EXPECT_DOUBLE_EQ(stored["product_total"].GetDouble(), price * 5 + 25);
  EXPECT_EQ(stored["quantity_total"].GetInt(), 6);
}

TEST_F(OrdersWriteTest, PutWithoutTheItemsKeyKeepsTheItems) {
  const std::string id = RichSeededOrderId();
  rapidjson::Document order = GetOrder(id);
  const std::string items = ToJson(order["order_items"]);
  order.RemoveMember("order_items");
  ASSERT_EQ(PutOrder(id, order).status, 200);
  EXPECT_EQ(ToJson(GetOrder(id)["order_items"]), items);
}

TEST_F(OrdersWriteTest, PutNamingAnItemOfAnotherOrderIs400AndChangesNothing) {
  const std::string id = RichSeededOrderId();
  rapidjson::Document order = GetOrder(id);
  const std::string before = ToJson(order);
  order["order_items"][0]["id"].SetString("1");
  order["email"].SetString("changed@example.com");
  Reply reply = PutOrder(id, order);
  EXPECT_EQ(reply.status, 400);
  EXPECT_THAT(reply.message(), HasSubstr("Order item 1 is not on order"));
  EXPECT_EQ(ToJson(GetOrder(id)), before);
}

TEST_F(OrdersWriteTest, PutLeavesShipmentsUntouched) {
  const std::string id = RichSeededOrderId();
  rapidjson::Document order = GetOrder(id);
  const std::string shipments = ToJson(order["order_shipments"]);
  ASSERT_NE(shipments, "[]");
  order["order_shipments"][0]["tracking_number"].SetString("CHANGED");
  ASSERT_EQ(PutOrder(id, order).status, 200);
  EXPECT_EQ(ToJson(GetOrder(id)["order_shipments"]), shipments);
  order.RemoveMember("order_shipments");
  ASSERT_EQ(PutOrder(id, order).status, 200);
  EXPECT_EQ(ToJson(GetOrder(id)["order_shipments"]), shipments);
}

TEST_F(OrdersWriteTest, PutIgnoresReadOnlyFieldsAndMovesDateUpdatedOnEveryWrite) {
  const std::string id = CreateMinimalOrder();
  rapidjson::Document order = GetOrder(id);
  const std::string date_added = StringField(order, "date_added");
  const double total = order["order_total"].GetDouble();
  order["id"].SetString("1");
  order["order_total"].SetDouble(0.01);
  order["date_added"].SetString("2001-01-01 00:00:00");
  order["email_count"].SetString("99");
  std::string previous = StringField(order, "date_updated");
  for (int write = 0; write < 3; ++write) {
    Reply reply = PutOrder(id, order);
    ASSERT_EQ(reply.status, 200) << reply.body;
    const std::string updated = StringField(reply.json["order"], "date_updated");
    EXPECT_GT(updated, previous) << "write " << write;
    previous = updated;
  }
  const rapidjson::Document stored = GetOrder(id);
  EXPECT_EQ(StringField(stored, "id"), id);
  EXPECT_EQ(StringField(stored, "date_added"), date_added);
  EXPECT_DOUBLE_EQ(stored["order_total"].GetDouble(), total);
  EXPECT_EQ(StringField(stored, "email_count"), "1");
}

TEST_F(OrdersWriteTest, PutWithFolderIdMovesTheOrderAndAnUnknownFolderIs400) {
  const std::string id = CreateMinimalOrder();
  const Reply store = client_.Get("/api/v2/store");
  const rapidjson::Value& folders = store.json["store"]["folders"];
  const int64_t closed = std::stoll((folders.MemberBegin() + 2)->name.GetString());
  rapidjson::Document order = GetOrder(id);
  order["folder_id"].SetInt64(closed);
  ASSERT_EQ(PutOrder(id, order).status, 200);
  EXPECT_EQ(GetOrder(id)["folder_id"].GetInt64(), closed);
  order["folder_id"].SetInt64(31337);
  EXPECT_EQ(PutOrder(id, order).status, 400);
  EXPECT_EQ(GetOrder(id)["folder_id"].GetInt64(), closed);
}

TEST_F(OrdersWriteTest, PutKeepsTheMaskedCardUnlessANewNumberIsSent) {
  const std::string id = RichSeededOrderId();
  rapidjson::Document order = GetOrder(id);
  const std::string masked = StringField(order, "cc_number_masked");
  order.RemoveMember("cc_number_masked");
  ASSERT_EQ(PutOrder(id, order).status, 200);
  EXPECT_EQ(StringField(GetOrder(id), "cc_number_masked"), masked);
  order.AddMember("cc_number", "5555555555554444", order.GetAllocator());
  ASSERT_EQ(PutOrder(id, order).status, 200);
  EXPECT_EQ(StringField(GetOrder(id), "cc_number_masked"), "xxxxxxxxxxxx4444");
}

TEST_F(OrdersWriteTest, PutToAMissingOrderIs404) {
  Reply reply = client_.Put("/api/v2/orders/999999999", kMinimalOrder);
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.message(), "Order 999999999 Not Found");
  EXPECT_EQ(client_.Get("/api/v2/orders/new").message(), "Order new Not Found");
}

TEST_F(OrdersWriteTest, DeleteRemovesTheOrder) {
  const std::string id = CreateMinimalOrder();
  Reply reply = client_.Delete("/api/v2/orders/" + id);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.message(), "Order " + id + " Deleted");
  EXPECT_EQ(client_.Get("/api/v2/orders/" + id).status, 404);
  EXPECT_EQ(client_.Delete("/api/v2/orders/" + id).status, 404);
  EXPECT_EQ(TotalOrders(), 300);
}

TEST_F(OrdersWriteTest, OrderHistoryIsAppendedAndReadable) {
  const std::string id = CreateMinimalOrder();
  const std::string updated_before = StringField(GetOrder(id), "date_updated");
  Reply reply = client_.Post("/api/v2/orders/" + id + "/order-history", R"({"note": "My New Note"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json["total_records"].GetInt(), 1);
  const rapidjson::Value& history = reply.json["order"]["order_history"];
  ASSERT_EQ(history.Size(), 1u);
  EXPECT_EQ(StringField(history[0], "note"), "My New Note");
  EXPECT_EQ(StringField(history[0], "source_name"), "API");
  client_.Post("/api/v2/orders/" + id + "/order-history", R"({"note": "Second", "source_name": "Zapier"})");
  Reply read = client_.Get("/api/v2/orders/" + id + "?get_order_history=1");
  ASSERT_EQ(read.json["order"]["order_history"].Size(), 2u);
  EXPECT_EQ(StringField(read.json["order"]["order_history"][1], "source_name"), "Zapier");
  EXPECT_GT(StringField(read.json["order"], "date_updated"), updated_before);
  EXPECT_FALSE(client_.Get("/api/v2/orders/" + id).json["order"].HasMember("order_history"));

  Reply missing_note = client_.Post("/api/v2/orders/" + id + "/order-history", R"({"source_name": "API"})");
  EXPECT_EQ(missing_note.status, 400);
  EXPECT_THAT(missing_note.message(), HasSubstr("note"));
  EXPECT_EQ(client_.Post("/api/v2/orders/424242/order-history", R"({"note": "x"})").status, 404);
}

TEST_F(OrdersWriteTest, OrderHistoryStopsAt250Entries) {
  const std::string id = CreateMinimalOrder();
  for (int i = 0; i < 250; ++i) {
    ASSERT_EQ(client_.Post("/api/v2/orders/" + id + "/order-history", R"({"note": "entry"})").status, 200) << i;
  }
  Reply full = client_.Post("/api/v2/orders/" + id + "/order-history", R"({"note": "one too many"})");
  EXPECT_EQ(full.status, 400);
  EXPECT_THAT(full.message(), HasSubstr("250"));
  EXPECT_EQ(client_.Get("/api/v2/orders/" + id + "?get_order_history=1").json["order"]["order_history"].Size(), 250u);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
