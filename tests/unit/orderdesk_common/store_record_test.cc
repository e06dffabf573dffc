#include "plugins/common/store_record.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace odmcp::orderdesk {
namespace {

TEST(OrderDeskStoreRecord, StoreIdsAreOneToTwentyDigits) {
  EXPECT_TRUE(IsStoreId("1001"));
  EXPECT_TRUE(IsStoreId("0"));
  EXPECT_TRUE(IsStoreId(std::string(20, '9')));
  EXPECT_FALSE(IsStoreId(std::string(21, '9')));
  EXPECT_FALSE(IsStoreId(""));
  EXPECT_FALSE(IsStoreId("10a1"));
  EXPECT_FALSE(IsStoreId(" 1001"));
  EXPECT_FALSE(IsStoreId("-1"));
}

TEST(OrderDeskStoreRecord, NamesTheVaultEntryAndTheStore) {
  EXPECT_EQ(StoreEntryName("1001"), "orderdesk:store:1001");
  EXPECT_EQ(StoreLabel({"1001", "Main Shop", ""}), "Main Shop (1001)");
}

TEST(OrderDeskStoreRecord, ChecksNames) {
  EXPECT_TRUE(CheckStoreName("Main Shop").ok());
  EXPECT_TRUE(CheckStoreName("  Shop 2  ").ok());
  EXPECT_TRUE(CheckStoreName("Caf\xC3\xA9").ok());
  EXPECT_EQ(CheckStoreName("   ").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(CheckStoreName("12345").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(CheckStoreName(" 12345 ").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(CheckStoreName("a\tb").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(CheckStoreName(std::string(101, 'x')).code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(CheckStoreName(std::string(100, 'x')).ok());
}

TEST(OrderDeskStoreRecord, WritesPublicAndSecretJson) {
  rapidjson::Document pub;
  pub.Parse(StorePublicJson({"1001", "Main \"Shop\"", "2026-01-02T03:04:05Z"}).c_str());
  ASSERT_TRUE(pub.IsObject());
  EXPECT_EQ(GetString(pub, "store_id"), std::string_view("1001"));
  EXPECT_EQ(GetString(pub, "name"), std::string_view("Main \"Shop\""));
  EXPECT_EQ(GetString(pub, "registered_at"), std::string_view("2026-01-02T03:04:05Z"));

  rapidjson::Document secret;
  secret.Parse(StoreSecretHeadersJson("1001", "k\"ey").c_str());
  ASSERT_TRUE(secret.IsObject());
  EXPECT_EQ(secret.MemberCount(), 2u);
  EXPECT_EQ(GetString(secret, "ORDERDESK-STORE-ID"), std::string_view("1001"));
  EXPECT_EQ(GetString(secret, "ORDERDESK-API-KEY"), std::string_view("k\"ey"));
}

TEST(OrderDeskStoreRecord, ParsesTheVaultListSorted) {
  std::vector<StoreRecord> stores;
  ASSERT_TRUE(ParseStoreEntries(R"([
      {"name":"orderdesk:store:1002","public":{"store_id":"1002","name":"beta","registered_at":"t2"}},
      {"name":"orderdesk:store:1001","public":"{\"store_id\":\"1001\",\"name\":\" Alpha \"}"},
      {"name":"orderdesk:store:999","public":{"name":"Beta"}},
      {"name":"orderdesk:store:77","public":{}},
      {"name":"orderdesk:store:abc","public":{"name":"not ours"}},
      {"name":"other:thing","public":{"name":"not ours"}}])",
                                &stores)
                  .ok());
  ASSERT_EQ(stores.size(), 4u);
  EXPECT_EQ(stores[0].store_id, "1001");
  EXPECT_EQ(stores[0].name, "Alpha");  // trimmed
  EXPECT_EQ(stores[1].store_id, "999");  // "Beta" == "beta": numeric id order
  EXPECT_EQ(stores[2].store_id, "1002");
  EXPECT_EQ(stores[2].registered_at, "t2");
  EXPECT_EQ(stores[3].name, "Store 77");  // no name kept
  EXPECT_EQ(FindStoreById(stores, "1002"), &stores[2]);
  EXPECT_EQ(FindStoreById(stores, "5"), nullptr);
}

TEST(OrderDeskStoreRecord, EmptyAndMalformedLists) {
  std::vector<StoreRecord> stores = {{"1", "x", ""}};
  EXPECT_TRUE(ParseStoreEntries("[]", &stores).ok());
  EXPECT_TRUE(stores.empty());
  EXPECT_EQ(ParseStoreEntries("{}", &stores).code(), ODMCP_INTERNAL);
  EXPECT_EQ(ParseStoreEntries("nope", &stores).code(), ODMCP_INTERNAL);
}

}  // namespace
}  // namespace odmcp::orderdesk
