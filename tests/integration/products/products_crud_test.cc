// The products tools against the sandbox, proven from the sandbox's own
// state: create, get, list, update (every field not mentioned survives),
// batch update (one batch PUT), delete.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/integration/products/products_world.h"

namespace odmcp::testing {
namespace {

using sandbox::testing::ToJson;
using ::testing::HasSubstr;

// Gives a seeded item a value in every field, so that "the other fields
// survive" is about real values rather than blanks.
void FillEveryField(ProductsWorld& world, int64_t id) {
  sandbox::testing::Reply seeded = world.SandboxItem(id);
  ASSERT_EQ(seeded.status, 200) << seeded.body;
  rapidjson::Document item;
  item.CopyFrom(SandboxProduct(seeded), item.GetAllocator());
  auto& a = item.GetAllocator();
  item["location"].SetString("Warehouse 7, shelf C", a);
  item["manufacturer_sku"].SetString("MFR-" + std::to_string(id), a);
  item["update_source"].SetString("Shopify", a);
  rapidjson::Document metadata = sandbox::testing::ParseJson(R"({"a":"1","c":"3"})");
  item["metadata"].CopyFrom(metadata, a);
  rapidjson::Document variations = sandbox::testing::ParseJson(R"({"size":"L","colour":"teal"})");
  item["variation_list"].CopyFrom(variations, a);
  sandbox::testing::Reply put = world.SandboxPut(id, ToJson(item));
  ASSERT_EQ(put.status, 200) << put.body;
}

TEST_F(ProductsTest, ToolsDeclareTitlesSchemasAndAnnotations) {
  rapidjson::Document listed = world().ListTools();
  ASSERT_TRUE(listed.IsObject() && listed.HasMember("tools"));
  struct Expected {
    const char* name;
    bool read_only;
    bool destructive;
    bool idempotent;
  };
  const Expected expected[] = {
      {"products_list", true, false, true},     {"products_get", true, false, true},
      {"products_create", false, false, false}, {"products_update", false, false, true},
      {"products_delete", false, true, false},  {"products_batch_update", false, false, true},
  };
  for (const Expected& tool : expected) {
    const rapidjson::Value* found = nullptr;
    for (const auto& t : listed["tools"].GetArray()) {
      if (std::string(t["name"].GetString()) == tool.name) found = &t;
    }
    ASSERT_NE(found, nullptr) << tool.name << " is not listed";
    const rapidjson::Value& t = *found;
    EXPECT_TRUE(t.HasMember("title")) << tool.name;
    EXPECT_GT(std::string(t["description"].GetString()).size(), 200u) << tool.name;
    EXPECT_FALSE(t["inputSchema"]["additionalProperties"].GetBool()) << tool.name;
    EXPECT_TRUE(t["inputSchema"]["properties"].HasMember("store")) << tool.name;
    EXPECT_TRUE(t["outputSchema"]["properties"].HasMember("selected_by")) << tool.name;
    const rapidjson::Value& hints = t["annotations"];
    EXPECT_EQ(hints["readOnlyHint"].GetBool(), tool.read_only) << tool.name;
    EXPECT_EQ(hints["destructiveHint"].GetBool(), tool.destructive) << tool.name;
    EXPECT_EQ(hints["idempotentHint"].GetBool(), tool.idempotent) << tool.name;
    EXPECT_TRUE(hints["openWorldHint"].GetBool()) << tool.name;
  }
}

TEST_F(ProductsTest, CreateAddsTheProductAndGetReadsItBack) {
  ToolReply created = world().Call(
      "products_create",
      R"({"name":"Trail Mug","code":"MUG-TRAIL-1","price":12.5,"cost":4.25,"weight":0.6,)"
      R"("stock":40,"location":"Shelf B","manufacturer_sku":"TM-100","metadata":{"color":"green"}})");
  ASSERT_FALSE(created.is_error()) << created.body;
  const rapidjson::Value& out = Structured(created);
  EXPECT_STREQ(out["store_id"].GetString(), "1001");
  EXPECT_STREQ(out["store_name"].GetString(), "Sandbox Demo Store");
  EXPECT_STREQ(out["selected_by"].GetString(), "default");
  EXPECT_THAT(created.text(), HasSubstr("Sandbox Demo Store (1001)"));
  const int64_t id = out["product"]["id"].GetInt64();

  sandbox::testing::Reply stored = world().SandboxItem(id);
  ASSERT_EQ(stored.status, 200) << stored.body;
  const rapidjson::Value& item = SandboxProduct(stored);
  EXPECT_STREQ(item["name"].GetString(), "Trail Mug");
  EXPECT_STREQ(item["code"].GetString(), "MUG-TRAIL-1");
  EXPECT_DOUBLE_EQ(item["price"].GetDouble(), 12.5);
  EXPECT_DOUBLE_EQ(item["cost"].GetDouble(), 4.25);
  EXPECT_DOUBLE_EQ(item["weight"].GetDouble(), 0.6);
  EXPECT_EQ(item["stock"].GetInt64(), 40);
  EXPECT_STREQ(item["location"].GetString(), "Shelf B");
  EXPECT_STREQ(item["manufacturer_sku"].GetString(), "TM-100");
  EXPECT_EQ(MemberJson(item, "metadata"), R"({"color":"green"})");

  // By name, the store counts as chosen by the argument; the product read
  // is the sandbox's record exactly.
  ToolReply got = world().Call(
      "products_get", R"({"store":"sandbox demo store","product_id":)" + std::to_string(id) + "}");
  ASSERT_FALSE(got.is_error()) << got.body;
  EXPECT_STREQ(Structured(got)["selected_by"].GetString(), "argument");
  EXPECT_EQ(ToJson(Structured(got)["product"]), ToJson(item));
  EXPECT_THAT(got.text(), HasSubstr("Trail Mug"));
}

TEST_F(ProductsTest, ListPagesThroughTheCatalogAndFiltersByCode) {
  ToolReply first = world().Call("products_list", R"({"limit":5})");
  ASSERT_FALSE(first.is_error()) << first.body;
  const rapidjson::Value& page1 = Structured(first);
  ASSERT_EQ(page1["products"].Size(), 5u);
  EXPECT_EQ(page1["next_offset"].GetInt64(), 5);
  // The same page, in the same order, as the sandbox lists it itself.
  sandbox::testing::Reply direct = world().SandboxGet("/inventory-items?limit=5");
  ASSERT_EQ(direct.status, 200) << direct.body;
  EXPECT_EQ(ToJson(page1["products"]), ToJson(direct.json["inventory_items"]));

  ToolReply second = world().Call("products_list", R"({"limit":5,"offset":5})");
  ASSERT_FALSE(second.is_error()) << second.body;
  const rapidjson::Value& page2 = Structured(second);
  ASSERT_EQ(page2["products"].Size(), 5u);
  std::set<int64_t> ids;
  for (const auto& p : page1["products"].GetArray()) ids.insert(p["id"].GetInt64());
  for (const auto& p : page2["products"].GetArray()) {
    EXPECT_EQ(ids.count(p["id"].GetInt64()), 0u) << "page 2 repeats product " << p["id"].GetInt64();
  }

  const std::string code1 = page1["products"][0]["code"].GetString();
  const std::string code2 = page2["products"][1]["code"].GetString();
  ToolReply by_code =
      world().Call("products_list", R"({"code":")" + code1 + " , " + code2 + R"("})");
  ASSERT_FALSE(by_code.is_error()) << by_code.body;
  const rapidjson::Value& found = Structured(by_code)["products"];
  ASSERT_EQ(found.Size(), 2u) << by_code.body;
  std::set<std::string> codes;
  for (const auto& p : found.GetArray()) codes.insert(p["code"].GetString());
  EXPECT_EQ(codes, (std::set<std::string>{code1, code2}));
  EXPECT_TRUE(Structured(by_code)["next_offset"].IsNull());

  // The sandbox seeds 30 products: the page at 28 is the last, with 2.
  ToolReply last = world().Call("products_list", R"({"limit":5,"offset":28})");
  ASSERT_FALSE(last.is_error()) << last.body;
  EXPECT_EQ(Structured(last)["returned"].GetInt64(), 2);
  EXPECT_TRUE(Structured(last)["next_offset"].IsNull());
}

TEST_F(ProductsTest, UpdateChangesOnlyTheGivenFields) {
  FillEveryField(world(), 2001);
  sandbox::testing::Reply before = world().SandboxItem(2001);
  ASSERT_EQ(before.status, 200);
  const RouteCounts routes_before = world().Routes();

  // The id as a string of digits, as models often send ids.
  ToolReply updated = world().Call(
      "products_update",
      R"({"product_id":"2001","fields":{"price":77.25,"metadata":{"a":null,"b":"2"}}})");
  ASSERT_FALSE(updated.is_error()) << updated.body;
  const RouteCounts routes_after = world().Routes();
  auto delta = [&](const std::string& route) {
    return ProductsWorld::Count(routes_after, route) - ProductsWorld::Count(routes_before, route);
  };
  // The cost the description states: read, re-read just before the write,
  // one full PUT.
  EXPECT_EQ(delta("GET /inventory-items/{id}"), 2);
  EXPECT_EQ(delta("PUT /inventory-items/{id}"), 1);
  EXPECT_EQ(ProductsWorld::Writes(routes_after) - ProductsWorld::Writes(routes_before), 1);

  sandbox::testing::Reply after = world().SandboxItem(2001);
  ASSERT_EQ(after.status, 200);
  const rapidjson::Value& old_item = SandboxProduct(before);
  const rapidjson::Value& new_item = SandboxProduct(after);
  for (const auto& member : old_item.GetObject()) {
    const std::string name = member.name.GetString();
    if (name == "price" || name == "metadata" || name == "date_updated") continue;
    EXPECT_EQ(MemberJson(new_item, name.c_str()), MemberJson(old_item, name.c_str()))
        << name << " changed though the update did not mention it";
  }
  EXPECT_DOUBLE_EQ(new_item["price"].GetDouble(), 77.25);
  // metadata merged key by key: a removed, b added, c kept.
  const rapidjson::Value& metadata = new_item["metadata"];
  EXPECT_FALSE(metadata.HasMember("a")) << MemberJson(new_item, "metadata");
  EXPECT_EQ(MemberJson(metadata, "b"), R"("2")");
  EXPECT_EQ(MemberJson(metadata, "c"), R"("3")");

  const rapidjson::Value& out = Structured(updated);
  EXPECT_EQ(ToJson(out["product"]), ToJson(new_item));
  EXPECT_EQ(ToJson(out["changed_fields"]), R"(["price","metadata"])");
  EXPECT_EQ(out["remerges"].GetInt(), 0);
  EXPECT_THAT(updated.text(), HasSubstr("price, metadata"));
}

TEST_F(ProductsTest, BatchUpdateMergesEachProductAndWritesThemInOnePut) {
  for (int64_t id : {2002, 2003, 2004}) FillEveryField(world(), id);
  rapidjson::Document before[3];
  for (int i = 0; i < 3; ++i) {
    before[i].CopyFrom(SandboxProduct(world().SandboxItem(2002 + i)), before[i].GetAllocator());
  }
  const RouteCounts routes_before = world().Routes();

  ToolReply batch = world().Call(
      "products_batch_update",
      R"({"items":[{"id":2002,"fields":{"stock":5}},{"id":"2003","fields":{"price":3.5}},)"
      R"({"id":2004,"fields":{"location":"Aisle 9","variation_list":{"size":"XL"}}}]})");
  ASSERT_FALSE(batch.is_error()) << batch.body;
  const RouteCounts routes_after = world().Routes();
  auto delta = [&](const std::string& route) {
    return ProductsWorld::Count(routes_after, route) - ProductsWorld::Count(routes_before, route);
  };
  EXPECT_EQ(delta("PUT /batch-inventory-items"), 1);
  EXPECT_EQ(delta("PUT /inventory-items/{id}"), 0);
  EXPECT_EQ(ProductsWorld::Writes(routes_after) - ProductsWorld::Writes(routes_before), 1);

  const char* changed[3] = {"stock", "price", "location"};
  for (int i = 0; i < 3; ++i) {
    sandbox::testing::Reply now = world().SandboxItem(2002 + i);
    const rapidjson::Value& item = SandboxProduct(now);
    for (const auto& member : before[i].GetObject()) {
      const std::string name = member.name.GetString();
      if (name == changed[i] || name == "date_updated" || (i == 2 && name == "variation_list")) {
        continue;
      }
      EXPECT_EQ(MemberJson(item, name.c_str()), MemberJson(before[i], name.c_str()))
          << "product " << 2002 + i << ": " << name << " changed unasked";
    }
  }
  EXPECT_EQ(SandboxProduct(world().SandboxItem(2002))["stock"].GetInt64(), 5);
  EXPECT_DOUBLE_EQ(SandboxProduct(world().SandboxItem(2003))["price"].GetDouble(), 3.5);
  const sandbox::testing::Reply third = world().SandboxItem(2004);
  EXPECT_STREQ(SandboxProduct(third)["location"].GetString(), "Aisle 9");
  // variation_list merged key by key: size replaced, colour kept.
  EXPECT_EQ(MemberJson(SandboxProduct(third)["variation_list"], "size"), R"("XL")");
  EXPECT_EQ(MemberJson(SandboxProduct(third)["variation_list"], "colour"), R"("teal")");

  const rapidjson::Value& out = Structured(batch);
  EXPECT_EQ(out["updated"].GetInt64(), 3);
  ASSERT_EQ(out["items"].Size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(out["items"][i]["id"].GetInt64(), 2002 + i);
    EXPECT_STREQ(out["items"][i]["status"].GetString(), "success");
  }
}

TEST_F(ProductsTest, DeleteRemovesTheProductFromTheStore) {
  ToolReply created = world().Call("products_create", R"({"name":"Short-lived","code":"GONE-1"})");
  ASSERT_FALSE(created.is_error()) << created.body;
  const int64_t id = Structured(created)["product"]["id"].GetInt64();
  ASSERT_EQ(world().SandboxItem(id).status, 200);

  ToolReply deleted =
      world().Call("products_delete", R"({"product_id":)" + std::to_string(id) + "}");
  ASSERT_FALSE(deleted.is_error()) << deleted.body;
  EXPECT_TRUE(Structured(deleted)["deleted"].GetBool());
  EXPECT_EQ(Structured(deleted)["product_id"].GetInt64(), id);
  EXPECT_EQ(world().SandboxItem(id).status, 404);

  ToolReply again = world().Call("products_get", R"({"product_id":)" + std::to_string(id) + "}");
  EXPECT_TRUE(again.is_error()) << again.body;
  EXPECT_THAT(again.text(), HasSubstr("product_id"));
}

}  // namespace
}  // namespace odmcp::testing
