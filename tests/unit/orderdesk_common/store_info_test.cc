#include "plugins/common/store_info.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

// The documented GET /store example (reference 1.3), abridged.
constexpr char kStoreReply[] = R"({
  "status": "success", "execution_time": "0.1419 seconds",
  "store": {
    "id": "11", "name": " Test Store ",
    "settings": {
      "app_version": "2.0", "locale_code": "en_US", "timezone": "America/Los_Angeles",
      "store_country": "US", "orders_per_page": 50, "api_key": "yourapikey",
      "smtp_password": "hunter2", "smtp_username": "mailer", "all_orders_column_view": [],
      "date_format": "Y-m-d H:i:s"
    },
    "folders": { "21656": "Closed", "21654": "New", "9": "Archive", "21655": "Prepared" }
  }})";

TEST(OrderDeskStoreInfo, ReadsNameFoldersAndSafeSettings) {
  rapidjson::Document envelope;
  envelope.Parse(kStoreReply);
  StoreInfo info;
  ASSERT_TRUE(ParseStoreInfo(envelope, &info).ok());
  EXPECT_EQ(info.name, "Test Store");
  ASSERT_EQ(info.folders.size(), 4u);
  EXPECT_EQ(info.folders[0].id, "9");  // numeric order
  EXPECT_EQ(info.folders[1].name, "New");
  EXPECT_EQ(info.folders[3].name, "Closed");

  EXPECT_EQ(GetString(info.settings, "timezone"), std::string_view("America/Los_Angeles"));
  EXPECT_EQ(GetInt64(info.settings, "orders_per_page"), 50);
  // Secrets never survive, nor do values that are not scalars.
  const std::string json = ToJson(info.settings);
  EXPECT_FALSE(Contains(json, "api_key"));
  EXPECT_FALSE(Contains(json, "yourapikey"));
  EXPECT_FALSE(Contains(json, "smtp"));
  EXPECT_FALSE(Contains(json, "hunter2"));
  EXPECT_FALSE(Contains(json, "all_orders_column_view"));
}

TEST(OrderDeskStoreInfo, FoldersAsJson) {
  rapidjson::Document envelope;
  envelope.Parse(kStoreReply);
  StoreInfo info;
  ASSERT_TRUE(ParseStoreInfo(envelope, &info).ok());
  rapidjson::Document out;
  rapidjson::Value folders = FoldersJson(info, out.GetAllocator());
  EXPECT_EQ(ToJson(folders),
            R"([{"id":"9","name":"Archive"},{"id":"21654","name":"New"},)"
            R"({"id":"21655","name":"Prepared"},{"id":"21656","name":"Closed"}])");
}

TEST(OrderDeskStoreInfo, EmptyFoldersPrintAsAnArray) {
  rapidjson::Document envelope;
  envelope.Parse(R"({"status":"success","store":{"name":"S","folders":[],"settings":[]}})");
  StoreInfo info;
  ASSERT_TRUE(ParseStoreInfo(envelope, &info).ok());
  EXPECT_TRUE(info.folders.empty());
  EXPECT_EQ(info.settings.MemberCount(), 0u);
}

TEST(OrderDeskStoreInfo, MissingStoreObjectIsAFailure) {
  rapidjson::Document envelope;
  envelope.Parse(R"({"status":"success"})");
  StoreInfo info;
  EXPECT_EQ(ParseStoreInfo(envelope, &info).code(), ODMCP_UNAVAILABLE);
}

}  // namespace
}  // namespace odmcp::orderdesk
