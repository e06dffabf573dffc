// Caching, proven with the sandbox's request counters: repeated reads
// within the TTL reach the sandbox once, a write makes the next read fresh
// (and drops only what it touched), and two different filter sets are never
// served each other's results.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

constexpr const char* kGetOrder = "GET /orders/{order_id}";
constexpr const char* kListOrders = "GET /orders";

// Long TTLs, so that no entry expires during a test and every refetch seen
// is an invalidation's doing.
const char* kLongTtls = "order_ttl_s = 600\nlist_ttl_s = 600\n";

TEST(OrdersCacheTest, RepeatedReadsWithinTheTtlReachTheSandboxOnce) {
  OrdersWorld world(WorldOptions{}, kLongTtls);
  const SandboxStats before = world.Stats();
  rapidjson::Document first = world.Ok("orders_get", R"({"order_id":"200002"})");
  rapidjson::Document second = world.Ok("orders_get", R"({"order_id":"200002"})");
  rapidjson::Document third = world.Ok("orders_get", R"({"order_id":200002})");
  EXPECT_FALSE(first["cached"].GetBool());
  EXPECT_TRUE(second["cached"].GetBool());
  EXPECT_TRUE(third["cached"].GetBool());
  EXPECT_EQ(Json(first["order"]), Json(third["order"]));
  EXPECT_EQ(world.Stats().Route(kGetOrder) - before.Route(kGetOrder), 1);

  // The same for a list and for an order's history and shipments.
  const SandboxStats lists_before = world.Stats();
  for (int i = 0; i < 3; ++i) world.Ok("orders_list", R"({"folders":["Closed"],"limit":5})");
  EXPECT_EQ(world.Stats().Route(kListOrders) - lists_before.Route(kListOrders), 1);
  world.Ok("orders_history", R"({"order_id":"200002"})");
  world.Ok("orders_history", R"({"order_id":"200002"})");
  world.Ok("shipments_list", R"({"order_id":"200002"})");
  world.Ok("shipments_list", R"({"order_id":"200002"})");
  const SandboxStats after = world.Stats();
  EXPECT_EQ(after.Route(kGetOrder) - before.Route(kGetOrder), 2) << "one order, one history";
  EXPECT_EQ(after.Route("GET /orders/{order_id}/shipments"), 1);
}

TEST(OrdersCacheTest, AWriteMakesTheNextReadFreshAndDropsOnlyWhatItTouched) {
  OrdersWorld world(WorldOptions{}, kLongTtls);
  world.Ok("orders_get", R"({"order_id":"200004"})");
  world.Ok("orders_get", R"({"order_id":"200006"})");
  world.Ok("orders_list", R"({"limit":5})");

  world.Ok("orders_update",
           R"({"order_id":"200004","fields":{"email":"new.address@example.com"}})");
  const SandboxStats before = world.Stats();
  rapidjson::Document read = world.Ok("orders_get", R"({"order_id":"200004"})");
  EXPECT_EQ(std::string(read["order"]["email"].GetString()), "new.address@example.com");
  // Served from the cache, filled with the PUT's reply: exactly what the
  // sandbox now has.
  EXPECT_TRUE(read["cached"].GetBool());
  EXPECT_EQ(Json(read["order"]), Json(world.SandboxOrder("200004")));
  // The other order is still cached; the store's lists are not.
  rapidjson::Document other = world.Ok("orders_get", R"({"order_id":"200006"})");
  EXPECT_TRUE(other["cached"].GetBool());
  rapidjson::Document list = world.Ok("orders_list", R"({"limit":5})");
  EXPECT_FALSE(list["cached"].GetBool());
  EXPECT_EQ(world.Stats().Route(kListOrders) - before.Route(kListOrders), 1);

  // A write whose reply carries no order: the next read goes to OrderDesk
  // and shows the write.
  world.Ok("shipments_add",
           R"({"order_id":"200004","tracking_number":"1Z999AA10123456784","carrier_code":"UPS"})");
  const SandboxStats before_read = world.Stats();
  rapidjson::Document shipped = world.Ok("orders_get", R"({"order_id":"200004"})");
  EXPECT_FALSE(shipped["cached"].GetBool());
  EXPECT_EQ(world.Stats().Route(kGetOrder) - before_read.Route(kGetOrder), 1);
  bool found = false;
  for (const rapidjson::Value& shipment : shipped["order"]["order_shipments"].GetArray()) {
    found = found || std::string(shipment["tracking_number"].GetString()) == "1Z999AA10123456784";
  }
  EXPECT_TRUE(found) << Json(shipped["order"]["order_shipments"]);

  // A move: the moved order is read again and is in its new folder.
  world.Ok("orders_move", R"({"order_ids":["200004"],"folder":"Canceled"})");
  rapidjson::Document moved = world.Ok("orders_get", R"({"order_id":"200004"})");
  EXPECT_FALSE(moved["cached"].GetBool());
  EXPECT_EQ(std::to_string(moved["order"]["folder_id"].GetInt64()), world.FolderId("Canceled"));
}

// The ids of a list result.
std::set<std::string> Ids(const rapidjson::Value& result) {
  std::set<std::string> ids;
  for (const rapidjson::Value& order : result["orders"].GetArray())
    ids.insert(order["id"].GetString());
  return ids;
}

TEST(OrdersCacheTest, DifferentFilterSetsAreNeverServedEachOthersResults) {
  // Enough orders that the newest, in New, are more than a handful.
  OrdersWorld world(SeededWith(1000), kLongTtls);
  const std::string closed = world.FolderId("Closed");
  const std::string fresh = world.FolderId("New");
  const SandboxStats before = world.Stats();
  rapidjson::Document in_closed = world.Ok("orders_list", R"({"folders":["Closed"],"limit":10})");
  rapidjson::Document in_new = world.Ok("orders_list", R"({"folders":["New"],"limit":10})");
  EXPECT_EQ(world.Stats().Route(kListOrders) - before.Route(kListOrders), 2);
  ASSERT_GT(in_closed["orders"].Size(), 0u);
  ASSERT_GT(in_new["orders"].Size(), 0u);
  for (const rapidjson::Value& order : in_closed["orders"].GetArray()) {
    EXPECT_EQ(std::to_string(order["folder_id"].GetInt64()), closed);
  }
  for (const rapidjson::Value& order : in_new["orders"].GetArray()) {
    EXPECT_EQ(std::to_string(order["folder_id"].GetInt64()), fresh);
  }

  // Filters that differ in one parameter each reach the sandbox once and
  // give their own answers.
  const std::string email = in_closed["orders"][0]["email"].GetString();
  const std::vector<std::string> queries = {
      R"({"folders":["Closed"],"limit":10,"offset":1})",
      R"({"folders":["Closed"],"limit":9})",
      R"({"folders":["Closed"],"limit":10,"order":"asc"})",
      R"({"folders":["Closed"],"limit":10,"order_by":"order_total"})",
      R"({"folders":["Closed"],"limit":10,"email":")" + email + R"("})",
      R"({"folders":["Closed"],"limit":10,"detail":"full"})",
      R"({"folders":["Closed"],"limit":10,"search_start_date":"2025-12-01"})",
      R"({"folders":["Closed"],"limit":10,"search_start_date_local":"2025-12-01"})",
      R"({"folders":["Closed"],"limit":10,"modified_start_date":"2025-12-01"})",
      R"({"folder_ids":[")" + closed + R"("],"limit":10,"shipping_last_name":"a"})",
  };
  const SandboxStats before_variants = world.Stats();
  for (const std::string& query : queries) {
    rapidjson::Document result = world.Ok("orders_list", query);
    EXPECT_FALSE(result["cached"].GetBool()) << query;
  }
  EXPECT_EQ(world.Stats().Route(kListOrders) - before_variants.Route(kListOrders),
            static_cast<int>(queries.size()));
  // The first query again: served from the cache, its own answer.
  rapidjson::Document again = world.Ok("orders_list", R"({"folders":["closed"],"limit":10})");
  EXPECT_TRUE(again["cached"].GetBool()) << "folder names resolve to the same folder ids";
  EXPECT_EQ(Ids(again), Ids(in_closed));
  rapidjson::Document by_email =
      world.Ok("orders_list", R"({"folders":["Closed"],"limit":10,"email":")" + email + R"("})");
  for (const rapidjson::Value& order : by_email["orders"].GetArray()) {
    EXPECT_EQ(std::string(order["email"].GetString()), email);
  }
}

}  // namespace
}  // namespace odmcp::testing
