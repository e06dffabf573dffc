// Copyright 2026 The orderdesk-mcp Authors.
//
// Inventory items: the list (paging, code filter, string total_records),
// get, add, full-replacement update, delete, and batch update.

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

class InventoryTest : public ::testing::Test {
 protected:
  rapidjson::Document Item(int64_t id) {
    Reply reply = client_.Get("/api/v2/inventory-items/" + std::to_string(id));
    rapidjson::Document item;
    if (reply.status == 200) item.CopyFrom(reply.json["inventory_item"], item.GetAllocator());
    return item;
  }

  // A seeded item, by position in the newest-first list.
  rapidjson::Document SeededItem(int position) {
    Reply list = client_.Get("/api/v2/inventory-items?limit=500");
    rapidjson::Document item;
    item.CopyFrom(list.json["inventory_items"][position], item.GetAllocator());
    return item;
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
};

TEST_F(InventoryTest, ListReportsCountsAndPagesNewestFirst) {
  Reply all = client_.Get("/api/v2/inventory-items?limit=500");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.json_status(), "success");
  EXPECT_TRUE(all.json.HasMember("execution_time"));
  EXPECT_EQ(all.json["records_returned"].GetInt(), 30);
  ASSERT_TRUE(all.json["total_records"].IsString()) << "documented as a string";
  EXPECT_EQ(StringField(all.json, "total_records"), "30");
  std::string previous = "9999";
  std::set<std::string> codes;
  for (const rapidjson::Value& item : all.json["inventory_items"].GetArray()) {
    EXPECT_TRUE(item["id"].IsInt64()) << "inventory ids are JSON numbers";
    EXPECT_LE(StringField(item, "date_added"), previous);
    previous = StringField(item, "date_added");
    EXPECT_TRUE(codes.insert(StringField(item, "code")).second) << "codes are unique";
  }
  Reply page = client_.Get("/api/v2/inventory-items?limit=10&offset=25");
  EXPECT_EQ(page.json["records_returned"].GetInt(), 5);
  EXPECT_EQ(StringField(page.json, "total_records"), "30");
  EXPECT_EQ(client_.Get("/api/v2/inventory-items").json["records_returned"].GetInt(), 30);
  EXPECT_EQ(client_.Get("/api/v2/inventory-items?limit=501").status, 400);
}

TEST_F(InventoryTest, CodeFilterTakesACommaList) {
  const std::string first = StringField(SeededItem(0), "code");
  const std::string second = StringField(SeededItem(7), "code");
  Reply reply = client_.Get("/api/v2/inventory-items?code=" + first + "," + second + ",NO-SUCH-CODE");
  ASSERT_EQ(reply.status, 200);
  std::set<std::string> codes;
  for (const rapidjson::Value& item : reply.json["inventory_items"].GetArray()) codes.insert(StringField(item, "code"));
  EXPECT_EQ(codes, (std::set<std::string>{first, second}));
  EXPECT_EQ(StringField(reply.json, "total_records"), "2");
}

TEST_F(InventoryTest, GetReturnsOneRecord) {
  const rapidjson::Document seeded = SeededItem(3);
  Reply reply = client_.Get("/api/v2/inventory-items/" + std::to_string(seeded["id"].GetInt64()));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["records_returned"].GetInt(), 1);
  EXPECT_EQ(ToJson(reply.json["inventory_item"]), ToJson(seeded));
  EXPECT_EQ(client_.Get("/api/v2/inventory-items/1").message(), "Inventory Item 1 Not Found");
}

TEST_F(InventoryTest, AddRequiresNameAndAUniqueCode) {
  Reply added = client_.Post("/api/v2/inventory-items",
                             R"({"name": "Enamel Pin", "code": "PIN-1", "price": 8.5, "cost": "3", "stock": 40,
                                 "weight": 0.05, "variation_list": {"Color": "Gold"}})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.message(), "Inventory Item Added");
  const rapidjson::Value& item = added.json["inventory_item"];
  EXPECT_EQ(item["price"].GetDouble(), 8.5);
  EXPECT_EQ(item["stock"].GetInt(), 40);
  EXPECT_EQ(StringField(item, "update_source"), "API");
  EXPECT_EQ(ToJson(Item(item["id"].GetInt64())), ToJson(item));

  Reply duplicate = client_.Post("/api/v2/inventory-items", R"({"name": "Other", "code": "pin-1"})");
  EXPECT_EQ(duplicate.status, 400);
  EXPECT_THAT(duplicate.message(), HasSubstr("already used"));
  Reply nameless = client_.Post("/api/v2/inventory-items", R"({"code": "NEW-2"})");
  EXPECT_EQ(nameless.status, 400);
  EXPECT_THAT(nameless.message(), HasSubstr("'name' and 'code' are required"));
  EXPECT_EQ(StringField(client_.Get("/api/v2/inventory-items").json, "total_records"), "31");
}

TEST_F(InventoryTest, UpdateReplacesTheItemWhole) {
  const rapidjson::Document seeded = SeededItem(2);
  const int64_t id = seeded["id"].GetInt64();
  ASSERT_GT(seeded["price"].GetDouble(), 0);
  Reply updated = client_.Put("/api/v2/inventory-items/" + std::to_string(id),
                              R"({"name": "Renamed", "code": ")" + StringField(seeded, "code") + R"(", "stock": 3})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.message(), "Inventory Item Updated");
  const rapidjson::Document stored = Item(id);
  EXPECT_EQ(StringField(stored, "name"), "Renamed");
  EXPECT_EQ(stored["stock"].GetInt(), 3);
  EXPECT_EQ(stored["price"].GetDouble(), 0) << "left out, so blanked";
  EXPECT_EQ(StringField(stored, "location"), "");
  EXPECT_EQ(StringField(stored, "date_added"), StringField(seeded, "date_added"));
  EXPECT_GT(StringField(stored, "date_updated"), StringField(seeded, "date_updated"));

  const std::string taken = StringField(SeededItem(5), "code");
  Reply clash = client_.Put("/api/v2/inventory-items/" + std::to_string(id),
                            R"({"name": "Renamed", "code": ")" + taken + R"("})");
  EXPECT_EQ(clash.status, 400);
  EXPECT_EQ(StringField(Item(id), "code"), StringField(seeded, "code"));
  EXPECT_EQ(client_.Put("/api/v2/inventory-items/1", R"({"name": "a", "code": "b"})").status, 404);
}

TEST_F(InventoryTest, DeleteRemovesTheItem) {
  const int64_t id = SeededItem(0)["id"].GetInt64();
  Reply deleted = client_.Delete("/api/v2/inventory-items/" + std::to_string(id));
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.message(), "Inventory Item " + std::to_string(id) + " Deleted");
  EXPECT_EQ(client_.Get("/api/v2/inventory-items/" + std::to_string(id)).status, 404);
  EXPECT_EQ(client_.Delete("/api/v2/inventory-items/" + std::to_string(id)).status, 404);
}

TEST_F(InventoryTest, BatchUpdatesEveryItemAndMaySwapCodes) {
  rapidjson::Document a = SeededItem(0);
  rapidjson::Document b = SeededItem(1);
  const std::string code_a = StringField(a, "code");
  const std::string code_b = StringField(b, "code");
  a["code"].SetString(code_b.c_str(), a.GetAllocator());
  a["stock"].SetInt(11);
  b["code"].SetString(code_a.c_str(), b.GetAllocator());
  b["stock"].SetInt(22);
  Reply reply = client_.Put("/api/v2/batch-inventory-items", "[" + ToJson(a) + "," + ToJson(b) + "]");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "2 Inventory Items Updated");
  ASSERT_EQ(reply.json["results"].Size(), 2u);
  EXPECT_EQ(StringField(reply.json["results"][0], "status"), "success");
  EXPECT_EQ(Item(a["id"].GetInt64())["stock"].GetInt(), 11);
  EXPECT_EQ(StringField(Item(a["id"].GetInt64()), "code"), code_b);
  EXPECT_EQ(StringField(Item(b["id"].GetInt64()), "code"), code_a);
  // The code index follows the swap.
  Reply by_code = client_.Get("/api/v2/inventory-items?code=" + code_a);
  EXPECT_EQ(by_code.json["inventory_items"][0]["id"].GetInt64(), b["id"].GetInt64());

  Reply wrapped = client_.Put("/api/v2/batch-inventory-items", "{\"inventory_items\": [" + ToJson(b) + "]}");
  EXPECT_EQ(wrapped.status, 200) << wrapped.body;
}

TEST_F(InventoryTest, ABadBatchChangesNothing) {
  rapidjson::Document a = SeededItem(0);
  const std::string before = ToJson(Item(a["id"].GetInt64()));
  a["stock"].SetInt(999);
  const std::string taken = StringField(SeededItem(4), "code");
  rapidjson::Document clash = SeededItem(1);
  clash["code"].SetString(taken.c_str(), clash.GetAllocator());
  for (const std::string& body :
       {"[" + ToJson(a) + R"(, {"id": 1, "name": "x", "code": "y"}])", "[" + ToJson(a) + R"(, {"name": "x", "code": "y"}])",
        "[" + ToJson(a) + ", " + ToJson(clash) + "]", "[" + ToJson(a) + ", " + ToJson(a) + "]", std::string("[]"),
        std::string("{}")}) {
    Reply reply = client_.Put("/api/v2/batch-inventory-items", body);
    EXPECT_EQ(reply.status, 400) << body.substr(0, 200);
  }
  EXPECT_EQ(ToJson(Item(a["id"].GetInt64())), before);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
