// The orders plugin's resources, completions and prompts through the real
// host over HTTP, as the tenant that registered the demo store: what each
// returns comes from the sandbox, and bad references get specific errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/orders/orders_test_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

class OrdersMcpSurfaceTest : public ::testing::Test {
 protected:
  // A 2026-07-28 request as the tenant; the parsed reply.
  rapidjson::Document Ask(const std::string& method, const std::string& params,
                          const std::string& name = "") {
    httplib::Headers headers = StatelessHeaders(method, name);
    headers.emplace("Authorization", "Bearer " + world_.key());
    httplib::Result r = world_.http().Post(StatelessRequest("1", method, params), headers);
    EXPECT_TRUE(r);
    return ParseJson(r ? r->body : "{}");
  }

  // The JSON text a resources/read returned, parsed.
  rapidjson::Document Read(const std::string& uri) {
    rapidjson::Document reply = Ask("resources/read", R"("uri":")" + uri + R"(")", uri);
    const rapidjson::Value* contents =
        reply.HasMember("result") ? &reply["result"]["contents"] : nullptr;
    EXPECT_TRUE(contents != nullptr && contents->Size() == 1) << Json(reply);
    if (contents == nullptr || contents->Size() != 1) return ParseJson("{}");
    EXPECT_STREQ((*contents)[0]["mimeType"].GetString(), "application/json");
    return ParseJson((*contents)[0]["text"].GetString());
  }

  OrdersWorld world_;
};

TEST_F(OrdersMcpSurfaceTest, EachRegisteredStoreListsItsSettingsAndFolders) {
  rapidjson::Document list = Ask("resources/list", "");
  std::vector<std::string> uris;
  for (const auto& resource : list["result"]["resources"].GetArray()) {
    uris.emplace_back(resource["uri"].GetString());
  }
  EXPECT_THAT(uris, ::testing::IsSupersetOf({"orderdesk://stores/1001/settings",
                                            "orderdesk://stores/1001/folders"}));
  rapidjson::Document templates = Ask("resources/templates/list", "");
  std::vector<std::string> patterns;
  for (const auto& t : templates["result"]["resourceTemplates"].GetArray()) {
    patterns.emplace_back(t["uriTemplate"].GetString());
  }
  EXPECT_THAT(patterns, ::testing::Contains("orderdesk://stores/{store}/orders/{id}"));
}

TEST_F(OrdersMcpSurfaceTest, ResourcesReadTheStoresFoldersSettingsAndOrders) {
  rapidjson::Document folders = Read("orderdesk://stores/1001/folders");
  std::vector<std::string> names;
  for (const auto& folder : folders["folders"].GetArray()) names.emplace_back(folder["name"].GetString());
  EXPECT_THAT(names, ::testing::IsSupersetOf({"New", "Prepared", "Closed", "Canceled"}));
  EXPECT_EQ(folders["folders"][0]["id"].GetString(), world_.FolderId(names[0]));

  rapidjson::Document settings = Read("orderdesk://stores/1001/settings");
  EXPECT_STREQ(settings["store_id"].GetString(), "1001");
  EXPECT_TRUE(settings["settings"].IsObject());

  const std::string id = world_.SandboxOrderIds()[0].GetString();
  rapidjson::Document order = Read("orderdesk://stores/1001/orders/" + id);
  EXPECT_EQ(Json(order), Json(world_.SandboxOrder(id)));
}

TEST_F(OrdersMcpSurfaceTest, UnknownStoresAndOrdersAreNotFound) {
  rapidjson::Document store = Ask("resources/read", R"("uri":"orderdesk://stores/9999/folders")",
                                  "orderdesk://stores/9999/folders");
  EXPECT_EQ(store["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(store["error"]["message"].GetString(), HasSubstr("9999"));

  rapidjson::Document order = Ask("resources/read", R"("uri":"orderdesk://stores/1001/orders/1")",
                                  "orderdesk://stores/1001/orders/1");
  EXPECT_EQ(order["error"]["code"].GetInt(), -32602);
  EXPECT_STREQ(order["error"]["data"]["uri"].GetString(), "orderdesk://stores/1001/orders/1");
}

TEST_F(OrdersMcpSurfaceTest, StoreAndFolderNamesAreCompleted) {
  rapidjson::Document stores = Ask(
      "completion/complete",
      R"("ref":{"type":"ref/resource","uri":"orderdesk://stores/{store}/folders"},)"
      R"("argument":{"name":"store","value":"sand"})");
  ASSERT_EQ(stores["result"]["completion"]["values"].Size(), 1u) << Json(stores);
  EXPECT_STREQ(stores["result"]["completion"]["values"][0].GetString(), "Sandbox Demo Store");

  rapidjson::Document folders = Ask(
      "completion/complete",
      R"("ref":{"type":"ref/prompt","name":"triage_open_orders"},)"
      R"("argument":{"name":"folder","value":"c"},"context":{"arguments":{"store":"1001"}})");
  std::vector<std::string> values;
  for (const auto& v : folders["result"]["completion"]["values"].GetArray()) {
    values.emplace_back(v.GetString());
  }
  EXPECT_THAT(values, ::testing::UnorderedElementsAre("Closed", "Canceled"));
}

TEST_F(OrdersMcpSurfaceTest, PromptsNameTheFolderAndEmbedTheOrder) {
  rapidjson::Document triage =
      Ask("prompts/get", R"("name":"triage_open_orders","arguments":{"folder":"new"})",
          "triage_open_orders");
  const std::string text = triage["result"]["messages"][0]["content"]["text"].GetString();
  EXPECT_THAT(text, HasSubstr("\"New\" (id " + world_.FolderId("New") + ")"));
  EXPECT_THAT(text, HasSubstr("Sandbox Demo Store"));

  rapidjson::Document unknown =
      Ask("prompts/get", R"("name":"triage_open_orders","arguments":{"folder":"Nowhere"})",
          "triage_open_orders");
  EXPECT_EQ(unknown["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(unknown["error"]["message"].GetString(), HasSubstr("Nowhere"));

  const std::string id = world_.SandboxOrderIds()[0].GetString();
  rapidjson::Document summary =
      Ask("prompts/get", R"("name":"summarize_order_for_reply","arguments":{"order_id":")" + id +
                             R"("})",
          "summarize_order_for_reply");
  const rapidjson::Value& messages = summary["result"]["messages"];
  ASSERT_EQ(messages.Size(), 2u) << Json(summary);
  const rapidjson::Value& embedded = messages[0]["content"]["resource"];
  EXPECT_EQ(std::string(embedded["uri"].GetString()), "orderdesk://stores/1001/orders/" + id);
  EXPECT_EQ(Json(ParseJson(embedded["text"].GetString())), Json(world_.SandboxOrder(id)));
  EXPECT_THAT(messages[1]["content"]["text"].GetString(), HasSubstr("friendly"));
}

}  // namespace
}  // namespace odmcp::testing
