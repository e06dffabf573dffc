// Copyright 2026 The orderdesk-mcp Authors.
//
// POST /move-orders: by folder id or by exact folder name, with per-order
// results, a history entry and a new date_updated on each moved order.

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;

class MoveOrdersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Reply store = client_.Get("/api/v2/store");
    const rapidjson::Value& folders = store.json["store"]["folders"];
    for (auto it = folders.MemberBegin(); it != folders.MemberEnd(); ++it) {
      folder_ids_[it->value.GetString()] = std::stoll(it->name.GetString());
    }
    Reply open = client_.Get("/api/v2/orders?limit=3&folder_name=Closed");
    for (const rapidjson::Value& order : open.json["orders"].GetArray()) ids_.push_back(StringField(order, "id"));
    ASSERT_EQ(ids_.size(), 3u);
  }

  rapidjson::Document Order(const std::string& id) {
    rapidjson::Document order;
    order.CopyFrom(client_.Get("/api/v2/orders/" + id + "?get_order_history=1").json["order"], order.GetAllocator());
    return order;
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  std::map<std::string, int64_t> folder_ids_;
  std::vector<std::string> ids_;
};

TEST_F(MoveOrdersTest, MovesByFolderName) {
  const rapidjson::Document before = Order(ids_[0]);
  Reply reply = client_.Post("/api/v2/move-orders", R"({"order_id_list": [")" + ids_[0] + R"(", )" + ids_[1] +
                                                        R"(], "destination_folder_name": "Prepared"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "2 Orders Moved");
  const rapidjson::Value& results = reply.json["results"];
  ASSERT_EQ(results.Size(), 2u);
  EXPECT_EQ(std::to_string(results[0]["order_id"].GetInt64()), ids_[0]);
  EXPECT_EQ(StringField(results[0], "message"), "Order Moved to Prepared Folder");
  EXPECT_EQ(results[0]["original_folder_id"].GetInt64(), folder_ids_["Closed"]);

  const rapidjson::Document after = Order(ids_[0]);
  EXPECT_EQ(after["folder_id"].GetInt64(), folder_ids_["Prepared"]);
  EXPECT_GT(StringField(after, "date_updated"), StringField(before, "date_updated"));
  const rapidjson::Value& history = after["order_history"];
  ASSERT_EQ(history.Size(), before["order_history"].Size() + 1);
  EXPECT_EQ(StringField(history[history.Size() - 1], "note"), "Order moved from Closed to Prepared");
  EXPECT_EQ(Order(ids_[1])["folder_id"].GetInt64(), folder_ids_["Prepared"]);
  EXPECT_EQ(Order(ids_[2])["folder_id"].GetInt64(), folder_ids_["Closed"]) << "not in the list, not moved";
  // The folder filter sees the move.
  Reply prepared = client_.Get("/api/v2/orders?limit=500&folder_name=Prepared&source_id=" +
                               StringField(after, "source_id"));
  EXPECT_EQ(prepared.json["total_records"].GetInt(), 1);
}

TEST_F(MoveOrdersTest, MovesByFolderId) {
  const int64_t canceled = folder_ids_["Canceled"];
  Reply reply = client_.Post("/api/v2/move-orders", R"({"order_id_list": [)" + ids_[2] +
                                                        R"(], "destination_folder_id": ")" + std::to_string(canceled) +
                                                        R"("})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "1 Orders Moved");
  EXPECT_EQ(Order(ids_[2])["folder_id"].GetInt64(), canceled);
}

TEST_F(MoveOrdersTest, ReportsUnknownAndAlreadyPlacedOrdersPerOrder) {
  Reply reply = client_.Post("/api/v2/move-orders", R"({"order_id_list": [)" + ids_[0] +
                                                        R"(, 999999999], "destination_folder_name": "Closed"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.message(), "0 Orders Moved");
  EXPECT_EQ(StringField(reply.json["results"][0], "message"), "Order Already in Closed Folder");
  EXPECT_EQ(StringField(reply.json["results"][1], "message"), "Order Not Found");
}

TEST_F(MoveOrdersTest, BadRequestsAre400AndMoveNothing) {
  const std::string list = R"("order_id_list": [)" + ids_[0] + "]";
  const struct {
    std::string body;
    std::string message;
  } cases[] = {
      {"{" + list + R"(, "destination_folder_name": "prepared"})", "Not Found"},
      {"{" + list + R"(, "destination_folder_name": "Nowhere"})", "'Nowhere'"},
      {"{" + list + R"(, "destination_folder_id": 31337})", "Folder 31337"},
      {"{" + list + R"(, "destination_folder_id": 1, "destination_folder_name": "New"})", "exactly one"},
      {"{" + list + "}", "exactly one"},
      {R"({"order_id_list": [], "destination_folder_name": "New"})", "order_id_list"},
      {R"({"order_id_list": ["abc"], "destination_folder_name": "New"})", "order_id_list[0]"},
      {R"({"order_ids": [1], "folder_id": 2})", "order_id_list"},
  };
  for (const auto& c : cases) {
    Reply reply = client_.Post("/api/v2/move-orders", c.body);
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_THAT(reply.message(), HasSubstr(c.message)) << c.body;
  }
  EXPECT_EQ(Order(ids_[0])["folder_id"].GetInt64(), folder_ids_["Closed"]);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
