// Caching of the products tools, proven with the sandbox's request counters:
// repeated reads within the TTL reach OrderDesk once, a write makes the next
// read fresh, different list queries never share an entry, and a change
// made by another writer between the cached read and the write survives
// products_update.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iterator>
#include <string>

#include "tests/integration/products/products_world.h"

namespace odmcp::testing {
namespace {

using sandbox::testing::ToJson;
using ::testing::HasSubstr;

constexpr const char* kGetRoute = "GET /inventory-items/{id}";
constexpr const char* kListRoute = "GET /inventory-items";

TEST_F(ProductsTest, RepeatedGetsWithinTheTtlReachOrderDeskOnce) {
  const int64_t before = ProductsWorld::Count(world().Routes(), kGetRoute);
  ToolReply first = world().Call("products_get", R"({"product_id":2005})");
  ASSERT_FALSE(first.is_error()) << first.body;
  EXPECT_FALSE(Structured(first)["cached"].GetBool());
  for (int i = 0; i < 4; ++i) {
    ToolReply again = world().Call("products_get", R"({"product_id":2005})");
    ASSERT_FALSE(again.is_error()) << again.body;
    EXPECT_TRUE(Structured(again)["cached"].GetBool());
    EXPECT_EQ(ToJson(Structured(again)["product"]), ToJson(Structured(first)["product"]));
  }
  EXPECT_EQ(ProductsWorld::Count(world().Routes(), kGetRoute) - before, 1);
}

TEST_F(ProductsTest, AWriteMakesTheNextReadsFresh) {
  ToolReply got = world().Call("products_get", R"({"product_id":2006})");
  ASSERT_FALSE(got.is_error()) << got.body;
  ToolReply listed = world().Call("products_list", R"({"limit":500})");
  ASSERT_FALSE(listed.is_error()) << listed.body;

  ToolReply updated =
      world().Call("products_update", R"({"product_id":2006,"fields":{"stock":123456}})");
  ASSERT_FALSE(updated.is_error()) << updated.body;

  const RouteCounts before = world().Routes();
  ToolReply got_again = world().Call("products_get", R"({"product_id":2006})");
  ToolReply listed_again = world().Call("products_list", R"({"limit":500})");
  const RouteCounts after = world().Routes();
  ASSERT_FALSE(got_again.is_error()) << got_again.body;
  ASSERT_FALSE(listed_again.is_error()) << listed_again.body;
  // Both went to OrderDesk again, and both show the write.
  EXPECT_EQ(ProductsWorld::Count(after, kGetRoute) - ProductsWorld::Count(before, kGetRoute), 1);
  EXPECT_EQ(ProductsWorld::Count(after, kListRoute) - ProductsWorld::Count(before, kListRoute), 1);
  EXPECT_FALSE(Structured(got_again)["cached"].GetBool());
  EXPECT_EQ(Structured(got_again)["product"]["stock"].GetInt64(), 123456);
  bool listed_with_new_stock = false;
  for (const auto& product : Structured(listed_again)["products"].GetArray()) {
    if (product["id"].GetInt64() == 2006) {
      listed_with_new_stock = product["stock"].GetInt64() == 123456;
    }
  }
  EXPECT_TRUE(listed_with_new_stock) << listed_again.body.substr(0, 500);

  // A write to another product leaves this product's cached copy alone.
  ASSERT_FALSE(
      world().Call("products_update", R"({"product_id":2007,"fields":{"stock":1}})").is_error());
  const int64_t gets = ProductsWorld::Count(world().Routes(), kGetRoute);
  ToolReply untouched = world().Call("products_get", R"({"product_id":2006})");
  EXPECT_TRUE(Structured(untouched)["cached"].GetBool()) << untouched.body;
  EXPECT_EQ(ProductsWorld::Count(world().Routes(), kGetRoute), gets);
}

TEST_F(ProductsTest, DifferentListQueriesAreNeverServedEachOthersResults) {
  ToolReply all = world().Call("products_list", R"({"limit":500})");
  ASSERT_FALSE(all.is_error()) << all.body;
  const rapidjson::Value& catalog = Structured(all)["products"];
  ASSERT_GE(catalog.Size(), 12u);
  const std::string code_a = catalog[0]["code"].GetString();
  const std::string code_b = catalog[1]["code"].GetString();

  const std::string queries[] = {
      R"({"limit":5})",
      R"({"limit":5,"offset":5})",
      R"({"limit":6})",
      R"({"code":")" + code_a + R"("})",
      R"({"code":")" + code_b + R"("})",
      R"({"code":")" + code_a + "," + code_b + R"("})",
  };
  const int64_t before = ProductsWorld::Count(world().Routes(), kListRoute);
  std::string first_results[std::size(queries)];
  for (size_t i = 0; i < std::size(queries); ++i) {
    ToolReply reply = world().Call("products_list", queries[i]);
    ASSERT_FALSE(reply.is_error()) << queries[i] << ": " << reply.body;
    EXPECT_FALSE(Structured(reply)["cached"].GetBool()) << queries[i];
    first_results[i] = ToJson(Structured(reply)["products"]);
    // Each result is what the sandbox itself answers to that query.
    rapidjson::Document args = sandbox::testing::ParseJson(queries[i]);
    std::string path = "/inventory-items?limit=" +
                       std::to_string(args.HasMember("limit") ? args["limit"].GetInt() : 50);
    if (args.HasMember("offset")) path += "&offset=" + std::to_string(args["offset"].GetInt());
    if (args.HasMember("code")) path += std::string("&code=") + args["code"].GetString();
    sandbox::testing::Reply direct = world().SandboxGet(path);
    EXPECT_EQ(first_results[i], ToJson(direct.json["inventory_items"])) << queries[i];
  }
  EXPECT_EQ(ProductsWorld::Count(world().Routes(), kListRoute) - before,
            static_cast<int64_t>(std::size(queries)) * 2)
      << "each query reaches OrderDesk once (plus the direct check)";

  // Asked again, each is served from its own entry.
  const int64_t cached_before = ProductsWorld::Count(world().Routes(), kListRoute);
  for (size_t i = 0; i < std::size(queries); ++i) {
    ToolReply reply = world().Call("products_list", queries[i]);
    ASSERT_FALSE(reply.is_error()) << reply.body;
    EXPECT_TRUE(Structured(reply)["cached"].GetBool()) << queries[i];
    EXPECT_EQ(ToJson(Structured(reply)["products"]), first_results[i]) << queries[i];
  }
  EXPECT_EQ(ProductsWorld::Count(world().Routes(), kListRoute), cached_before);
}

TEST_F(ProductsTest, AConcurrentWritersChangeSurvivesAnUpdate) {
  // The tool's copy of the product is now cached...
  ToolReply got = world().Call("products_get", R"({"product_id":2008})");
  ASSERT_FALSE(got.is_error()) << got.body;

  // ...and another system changes the stock in OrderDesk behind its back.
  rapidjson::Document item;
  item.CopyFrom(SandboxProduct(world().SandboxItem(2008)), item.GetAllocator());
  item["stock"].SetInt64(4321);
  ASSERT_EQ(world().SandboxPut(2008, ToJson(item)).status, 200);

  ToolReply updated =
      world().Call("products_update", R"({"product_id":2008,"fields":{"price":99.5}})");
  ASSERT_FALSE(updated.is_error()) << updated.body;
  EXPECT_EQ(Structured(updated)["remerges"].GetInt(), 1) << updated.body;
  EXPECT_THAT(updated.text(), HasSubstr("re-merge"));

  const sandbox::testing::Reply reply = world().SandboxItem(2008);
  const rapidjson::Value& now = SandboxProduct(reply);
  EXPECT_EQ(now["stock"].GetInt64(), 4321) << "the other writer's change was lost";
  EXPECT_DOUBLE_EQ(now["price"].GetDouble(), 99.5);
}

}  // namespace
}  // namespace odmcp::testing
