// Copyright 2026 The orderdesk-mcp Authors.
//
// The seeded data: the same seed gives byte-identical replies, another seed
// other data; totals add up; dates have the documented formats; and the
// data is varied enough to exercise a client (sources, folders, notes,
// discounts, refunds, shipments).

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

std::string WithoutTimings(const std::string& body) {
  static const std::regex kTiming(R"re("(message|execution_time)":"(Execution took )?[0-9.]+ seconds")re");
  return std::regex_replace(body, kTiming, "\"$1\":\"\"");
}

// Every reply a client can read the seeded data through.
std::vector<std::string> Snapshot(const std::string& base_url) {
  ApiClient client(base_url, DemoStore());
  std::vector<std::string> bodies;
  for (const char* path : {"/api/v2/store", "/api/v2/orders?limit=500&get_order_history=1",
                           "/api/v2/orders?limit=500&offset=500&get_order_history=1",
                           "/api/v2/inventory-items?limit=500"}) {
    Reply reply = client.Get(path);
    EXPECT_EQ(reply.status, 200) << path;
    bodies.push_back(WithoutTimings(reply.body));
  }
  return bodies;
}

SandboxOptions Seeded(uint64_t seed) {
  SandboxOptions options = TestOptions();
  options.seed = seed;
  options.orders_per_store = 600;
  return options;
}

double Cents(double amount) { return std::round(amount * 100); }

TEST(SeedTest, SameSeedGivesByteIdenticalData) {
  std::vector<std::string> first;
  {
    TestSandbox sandbox(Seeded(42));
    first = Snapshot(sandbox.base_url());
  }
  TestSandbox again(Seeded(42));
  const std::vector<std::string> second = Snapshot(again.base_url());
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_GT(first[i].size(), 1000u);
    EXPECT_TRUE(first[i] == second[i]) << "reply " << i << " differs between two runs with seed 42";
  }
}

TEST(SeedTest, AnotherSeedGivesOtherData) {
  TestSandbox one(Seeded(1));
  TestSandbox two(Seeded(2));
  const std::vector<std::string> a = Snapshot(one.base_url());
  const std::vector<std::string> b = Snapshot(two.base_url());
  EXPECT_NE(a[1], b[1]);
  EXPECT_NE(a[3], b[3]);
}

TEST(SeedTest, CountsFollowTheOptions) {
  SandboxOptions options = TestOptions();
  options.orders_per_store = 77;
  options.products_per_store = 140;  // more than the product templates: codes must stay unique
  TestSandbox sandbox(options);
  ApiClient client(sandbox.base_url(), DemoStore());
  EXPECT_EQ(client.Get("/api/v2/orders").json["total_records"].GetInt(), 77);
  Reply inventory = client.Get("/api/v2/inventory-items?limit=500");
  EXPECT_EQ(StringField(inventory.json, "total_records"), "140");
  std::set<std::string> codes;
  for (const rapidjson::Value& item : inventory.json["inventory_items"].GetArray()) {
    codes.insert(StringField(item, "code"));
  }
  EXPECT_EQ(codes.size(), 140u);
}

class SeededDataTest : public ::testing::Test {
 protected:
  void SetUp() override { orders_ = FetchAllOrders(client_); }

  TestSandbox sandbox_{Seeded(11)};
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  std::vector<rapidjson::Document> orders_;
};

TEST_F(SeededDataTest, TotalsAddUp) {
  std::map<std::string, int> orders_per_email;
  for (const auto& order : orders_) orders_per_email[StringField(order, "email")]++;
  for (const auto& order : orders_) {
    const std::string id = StringField(order, "id");
    double products = 0;
    double weight = 0;
    int64_t quantity = 0;
    for (const rapidjson::Value& item : order["order_items"].GetArray()) {
      products += Cents(std::stod(StringField(item, "price"))) * item["quantity"].GetInt();
      weight += item["weight"].GetDouble() * item["quantity"].GetInt();
      quantity += item["quantity"].GetInt();
    }
    double discounts = 0;
    for (const rapidjson::Value& discount : order["discount_list"].GetArray()) {
      discounts += Cents(std::stod(StringField(discount, "amount")));
    }
    ASSERT_GT(order["order_items"].Size(), 0u) << id;
    EXPECT_EQ(order["quantity_total"].GetInt64(), quantity) << id;
    EXPECT_NEAR(order["weight_total"].GetDouble(), weight, 1e-6) << id;
    EXPECT_EQ(Cents(order["product_total"].GetDouble()), products) << id;
    EXPECT_EQ(Cents(order["discount_total"].GetDouble()), discounts) << id;
    EXPECT_EQ(Cents(order["order_total"].GetDouble()),
              products + Cents(order["shipping_total"].GetDouble()) + Cents(order["handling_total"].GetDouble()) +
                  Cents(order["tax_total"].GetDouble()) - discounts)
        << id;
    EXPECT_EQ(Cents(order["processor_balance"].GetDouble()),
              Cents(order["order_total"].GetDouble()) - Cents(order["refund_total"].GetDouble()))
        << id;
    EXPECT_EQ(StringField(order, "email_count"), std::to_string(orders_per_email[StringField(order, "email")])) << id;
  }
}

TEST_F(SeededDataTest, DatesUseTheDocumentedFormats) {
  const std::regex date_time("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}");
  const std::regex date("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  for (const auto& order : orders_) {
    const std::string added = StringField(order, "date_added");
    EXPECT_TRUE(std::regex_match(added, date_time)) << added;
    EXPECT_TRUE(std::regex_match(StringField(order, "date_updated"), date_time));
    EXPECT_GE(StringField(order, "date_updated"), added);
    for (const rapidjson::Value& shipment : order["order_shipments"].GetArray()) {
      EXPECT_TRUE(std::regex_match(StringField(shipment, "date_shipped"), date));
      EXPECT_TRUE(std::regex_match(StringField(shipment, "date_added"), date_time));
      EXPECT_GE(StringField(shipment, "date_added"), added);
    }
    for (const rapidjson::Value& note : order["order_notes"].GetArray()) {
      EXPECT_TRUE(std::regex_match(StringField(note, "date_added"), date_time));
    }
  }
}

TEST_F(SeededDataTest, IdsHaveTheDocumentedJsonTypes) {
  for (const auto& order : orders_) {
    EXPECT_TRUE(order["id"].IsString());
    EXPECT_TRUE(order["folder_id"].IsInt64());
    EXPECT_TRUE(order["email_count"].IsString());
    for (const rapidjson::Value& item : order["order_items"].GetArray()) EXPECT_TRUE(item["id"].IsString());
    for (const rapidjson::Value& shipment : order["order_shipments"].GetArray()) {
      EXPECT_TRUE(shipment["id"].IsString());
      EXPECT_TRUE(shipment["order_id"].IsString());
    }
  }
}

TEST_F(SeededDataTest, DataIsVariedAndUsesReservedDomainsAndAddresses) {
  std::set<std::string> sources;
  std::set<int64_t> folders;
  std::set<std::string> statuses;
  int notes = 0;
  int discounts = 0;
  int shipped = 0;
  int split = 0;
  int refunded = 0;
  int with_checkout_data = 0;
  const std::regex email("[a-z]+\\.[a-z]+[0-9]+@example\\.(com|net|org)");
  const std::regex ip("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.[0-9]+");
  for (const auto& order : orders_) {
    sources.insert(StringField(order, "source_name"));
    folders.insert(order["folder_id"].GetInt64());
    statuses.insert(StringField(order, "payment_status"));
    notes += order["order_notes"].Size() > 0 ? 1 : 0;
    discounts += order["discount_list"].Size() > 0 ? 1 : 0;
    shipped += order["order_shipments"].Size() > 0 ? 1 : 0;
    split += order["order_shipments"].Size() > 1 ? 1 : 0;
    refunded += order["refund_total"].GetDouble() > 0 ? 1 : 0;
    with_checkout_data += order["checkout_data"].IsObject() ? 1 : 0;
    EXPECT_TRUE(std::regex_match(StringField(order, "email"), email)) << StringField(order, "email");
    EXPECT_TRUE(std::regex_match(StringField(order, "ip_address"), ip)) << StringField(order, "ip_address");
    EXPECT_FALSE(StringField(order["shipping"], "first_name").empty());
  }
  EXPECT_GE(sources.size(), 5u);
  EXPECT_EQ(folders.size(), 4u);
  EXPECT_GE(statuses.size(), 4u);
  EXPECT_GT(notes, 0);
  EXPECT_GT(discounts, 0);
  EXPECT_GT(shipped, 300);
  EXPECT_GT(split, 0);
  EXPECT_GT(refunded, 0);
  EXPECT_GT(with_checkout_data, 0);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
