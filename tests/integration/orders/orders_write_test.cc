// Order writes against the sandbox, proven from the sandbox's own state:
// an address update keeps everything else, a duplicate note is not added
// twice, a concurrent writer's change survives an update, and a move by
// folder name lands in the folder through /move-orders.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

// An order of the demo store with notes and more than one item, so that
// "keeps every other field, item and note" has something to keep.
std::string RichOrder(OrdersWorld& world) {
  rapidjson::Document listed =
      world.Ok("orders_list", R"({"detail":"full","limit":100,"folders":["Closed"]})");
  for (const rapidjson::Value& order : listed["orders"].GetArray()) {
    if (order["order_notes"].Size() > 0 && order["order_items"].Size() > 1) {
      return order["id"].GetString();
    }
  }
  ADD_FAILURE() << "no order with notes and several items in the seed";
  return "";
}

TEST(OrdersWriteTest, AddressUpdateKeepsEveryOtherFieldItemAndNote) {
  OrdersWorld world(SeededWith(60));
  const std::string id = RichOrder(world);
  rapidjson::Document before = world.SandboxOrder(id);
  const SandboxStats stats_before = world.Stats();

  rapidjson::Document result = world.Ok(
      "orders_update_address",
      R"({"order_id":")" + id +
          R"(","address":"shipping","address1":"12 Rue de la Paix","city":"Nowhere",)"
          R"("address2":null})");
  EXPECT_TRUE(result["written"].GetBool());
  EXPECT_EQ(result["remerges"].GetInt(), 0);
  EXPECT_EQ(std::string(result["selected_by"].GetString()), "default");

  rapidjson::Document after = world.SandboxOrder(id);
  EXPECT_EQ(std::string(after["shipping"]["address1"].GetString()), "12 Rue de la Paix");
  EXPECT_EQ(std::string(after["shipping"]["city"].GetString()), "Nowhere");
  EXPECT_EQ(std::string(after["shipping"]["address2"].GetString()), "");
  EXPECT_NE(Json(after["date_updated"]), Json(before["date_updated"]));
  // Everything else, byte for byte: the order as it was, with only the
  // three address keys and the modification date taken from afterwards.
  rapidjson::Document expected;
  expected.CopyFrom(before, expected.GetAllocator());
  for (const char* key : {"address1", "city", "address2"}) {
    expected["shipping"][key].CopyFrom(after["shipping"][key], expected.GetAllocator());
  }
  expected["date_updated"].CopyFrom(after["date_updated"], expected.GetAllocator());
  EXPECT_EQ(Json(after), Json(expected));
  // One full PUT, and no other write.
  const SandboxStats stats_after = world.Stats();
  EXPECT_EQ(
      stats_after.Route("PUT /orders/{order_id}") - stats_before.Route("PUT /orders/{order_id}"),
      1);
  EXPECT_EQ(stats_after.Writes() - stats_before.Writes(), 1);
}

TEST(OrdersWriteTest, DuplicateNoteIsNotAddedTwice) {
  OrdersWorld world;
  const std::string id = "200003";
  const size_t notes_before = world.SandboxOrder(id)["order_notes"].Size();

  rapidjson::Document first = world.Ok(
      "orders_add_note", R"({"order_id":")" + id +
                             R"(","note":"Customer asked to leave the parcel at the back door"})");
  EXPECT_TRUE(first["added"].GetBool());
  EXPECT_EQ(first["changes"]["notes_added"].GetInt(), 1);
  const SandboxStats stats_between = world.Stats();

  ToolReply second =
      world.Call("orders_add_note",
                 R"({"order_id":")" + id +
                     R"(","note":"  customer ASKED to leave the parcel at the BACK door \n"})");
  ASSERT_FALSE(second.is_error()) << second.body;
  EXPECT_FALSE(second.json["structuredContent"]["added"].GetBool());
  EXPECT_EQ(second.json["structuredContent"]["changes"]["notes_skipped_as_duplicates"].GetInt(), 1);
  EXPECT_THAT(second.text(), HasSubstr("not added"));

  rapidjson::Document after = world.SandboxOrder(id);
  ASSERT_EQ(after["order_notes"].Size(), notes_before + 1);
  const rapidjson::Value& note =
      after["order_notes"][static_cast<rapidjson::SizeType>(notes_before)];
  EXPECT_EQ(std::string(note["content"].GetString()),
            "Customer asked to leave the parcel at the back door");
  EXPECT_EQ(world.Stats().Writes(), stats_between.Writes()) << "a duplicate sends no PUT";
}

TEST(OrdersWriteTest, ConcurrentWritersChangeSurvivesAnUpdate) {
  OrdersWorld world;
  const std::string id = "200005";
  // The plugin caches the order as it is now.
  rapidjson::Document cached = world.Ok("orders_get", R"({"order_id":")" + id + R"("})");
  ASSERT_TRUE(cached["order"].IsObject());

  // Someone else changes the e-mail directly in OrderDesk.
  rapidjson::Document theirs = world.SandboxOrder(id);
  theirs["email"].SetString("changed.elsewhere@example.org", theirs.GetAllocator());
  world.SandboxPut(id, theirs);

  // An update from the stale cached copy must not put the old e-mail back.
  rapidjson::Document result =
      world.Ok("orders_update",
               R"({"order_id":")" + id + R"(","fields":{"shipping_method":"Overnight Express"}})");
  EXPECT_TRUE(result["written"].GetBool());
  EXPECT_EQ(result["remerges"].GetInt(), 1) << Json(result);

  rapidjson::Document after = world.SandboxOrder(id);
  EXPECT_EQ(std::string(after["email"].GetString()), "changed.elsewhere@example.org");
  EXPECT_EQ(std::string(after["shipping_method"].GetString()), "Overnight Express");
}

TEST(OrdersWriteTest, MoveByFolderNameUsesMoveOrdersAndLandsInTheFolder) {
  OrdersWorld world;
  const std::string prepared = world.FolderId("Prepared");
  rapidjson::Document listed = world.Ok("orders_list", R"({"folders":["Closed"],"limit":2})");
  ASSERT_EQ(listed["orders"].Size(), 2u) << Json(listed);
  const std::string a = listed["orders"][0]["id"].GetString();
  const std::string b = listed["orders"][1]["id"].GetString();
  const SandboxStats before = world.Stats();

  rapidjson::Document moved = world.Ok(
      "orders_move", R"({"order_ids":[")" + a + R"(",")" + b + R"("],"folder":"  prepared "})");
  EXPECT_EQ(moved["moved"].GetInt(), 2);
  EXPECT_EQ(std::string(moved["folder"]["name"].GetString()), "Prepared");
  EXPECT_EQ(std::string(moved["results"][0]["outcome"].GetString()), "moved");

  const SandboxStats after = world.Stats();
  EXPECT_EQ(after.Route("POST /move-orders") - before.Route("POST /move-orders"), 1)
      << after.Text();
  EXPECT_EQ(after.Route("PUT /orders/{order_id}"), 0) << after.Text();
  for (const std::string& id : {a, b}) {
    rapidjson::Document order = world.SandboxOrder(id);
    EXPECT_EQ(std::to_string(order["folder_id"].GetInt64()), prepared);
  }
  // A second move reports the orders as already there.
  rapidjson::Document again = world.Ok(
      "orders_move", R"({"order_ids":[")" + a + R"("],"folder_id":")" + prepared + R"("})");
  EXPECT_EQ(again["moved"].GetInt(), 0);
  EXPECT_EQ(std::string(again["results"][0]["outcome"].GetString()), "already_in_folder");
}

}  // namespace
}  // namespace odmcp::testing
