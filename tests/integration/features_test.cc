// Resources, resource templates, prompts and completions from a plugin
// written in plain C, through the real host over HTTP in both eras: what
// each method returns, and the error each kind of bad request gets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/integration_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

class FeaturesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The C fixture alone, so that every resource and prompt listed is its.
    config_ = new std::string(WriteTempFile(
        "features.toml", "[tenants]\nmode = \"none\"\n"
                         "[plugins]\ndir = \"" + PluginDir() + "\"\n"
                         "[plugins.cfixture]\nrequired = true\npath = \"" + TestPluginDir() +
                             "/cfixture.so\"\n"));
  }
  static void TearDownTestSuite() { delete config_; }

  void SetUp() override {
    host_ = HostProcess::Http(*config_);
    ASSERT_FALSE(host_->url().empty()) << host_->Stderr();
    http_ = std::make_unique<McpHttp>(host_->url());
    session_ = http_->Initialize();
  }

  rapidjson::Document Legacy(const std::string& method, const std::string& params) {
    return http_->Legacy(session_, R"({"jsonrpc":"2.0","id":7,"method":")" + method +
                                       R"(","params":)" + params + "}");
  }

  rapidjson::Document Stateless(const std::string& method, const std::string& params,
                                const std::string& name = "") {
    httplib::Result r =
        http_->Post(StatelessRequest("8", method, params), StatelessHeaders(method, name));
    EXPECT_TRUE(r);
    return ParseJson(r ? r->body : "{}");
  }

  static std::string* config_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<McpHttp> http_;
  std::string session_;
};
std::string* FeaturesTest::config_ = nullptr;

TEST_F(FeaturesTest, CapabilitiesAdvertiseResourcesPromptsAndCompletions) {
  rapidjson::Document r = Stateless("server/discover", "");
  const rapidjson::Value& caps = r["result"]["capabilities"];
  EXPECT_TRUE(caps.HasMember("resources"));
  EXPECT_TRUE(caps.HasMember("prompts"));
  EXPECT_TRUE(caps.HasMember("completions"));
}

TEST_F(FeaturesTest, ResourcesListHoldsFixedResourcesAndWhatTemplatesList) {
  rapidjson::Document r = Legacy("resources/list", "{}");
  const rapidjson::Value& resources = r["result"]["resources"];
  ASSERT_EQ(resources.Size(), 3u);
  EXPECT_STREQ(resources[0]["uri"].GetString(), "cfixture://greeting");
  EXPECT_STREQ(resources[0]["mimeType"].GetString(), "text/plain");
  EXPECT_STREQ(resources[1]["uri"].GetString(), "cfixture://numbers/1");
  EXPECT_STREQ(resources[2]["name"].GetString(), "number 2");

  rapidjson::Document templates = Legacy("resources/templates/list", "{}");
  const rapidjson::Value& list = templates["result"]["resourceTemplates"];
  ASSERT_EQ(list.Size(), 1u);
  EXPECT_STREQ(list[0]["uriTemplate"].GetString(), "cfixture://numbers/{n}");
  EXPECT_STREQ(list[0]["title"].GetString(), "A number");
}

TEST_F(FeaturesTest, ReadsAFixedResourceAndATemplateWithItsVariable) {
  rapidjson::Document fixed = Legacy("resources/read", R"({"uri":"cfixture://greeting"})");
  EXPECT_STREQ(fixed["result"]["contents"][0]["text"].GetString(), "hello from C");

  rapidjson::Document templated = Legacy("resources/read", R"({"uri":"cfixture://numbers/42"})");
  const rapidjson::Value& contents = templated["result"]["contents"];
  ASSERT_EQ(contents.Size(), 1u);
  EXPECT_STREQ(contents[0]["uri"].GetString(), "cfixture://numbers/42");
  EXPECT_STREQ(contents[0]["text"].GetString(), "number 42");
}

TEST_F(FeaturesTest, UnknownResourcesGetEachErasError) {
  rapidjson::Document legacy = Legacy("resources/read", R"({"uri":"cfixture://nope"})");
  EXPECT_EQ(legacy["error"]["code"].GetInt(), -32002);
  EXPECT_STREQ(legacy["error"]["data"]["uri"].GetString(), "cfixture://nope");

  // The template matches, but the plugin says there is no such number.
  rapidjson::Document refused = Legacy("resources/read", R"({"uri":"cfixture://numbers/abc"})");
  EXPECT_EQ(refused["error"]["code"].GetInt(), -32002);
  EXPECT_THAT(refused["error"]["message"].GetString(), HasSubstr("numbers are digits"));

  rapidjson::Document stateless =
      Stateless("resources/read", R"("uri":"cfixture://nope")", "cfixture://nope");
  EXPECT_EQ(stateless["error"]["code"].GetInt(), -32602);
  EXPECT_STREQ(stateless["error"]["data"]["uri"].GetString(), "cfixture://nope");

  rapidjson::Document missing = Legacy("resources/read", "{}");
  EXPECT_EQ(missing["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(missing["error"]["message"].GetString(), HasSubstr("\"uri\""));
}

TEST_F(FeaturesTest, StatelessResultsCarryCachingFields) {
  rapidjson::Document list = Stateless("resources/list", "");
  EXPECT_STREQ(list["result"]["resultType"].GetString(), "complete");
  EXPECT_STREQ(list["result"]["cacheScope"].GetString(), "private");
  EXPECT_EQ(list["result"]["ttlMs"].GetInt(), 0);

  rapidjson::Document read =
      Stateless("resources/read", R"("uri":"cfixture://greeting")", "cfixture://greeting");
  EXPECT_STREQ(read["result"]["contents"][0]["text"].GetString(), "hello from C");
  EXPECT_STREQ(read["result"]["cacheScope"].GetString(), "private");

  rapidjson::Document prompts = Stateless("prompts/list", "");
  EXPECT_STREQ(prompts["result"]["cacheScope"].GetString(), "public");
  EXPECT_GE(prompts["result"]["ttlMs"].GetInt(), 0);
  rapidjson::Document templates = Stateless("resources/templates/list", "");
  EXPECT_STREQ(templates["result"]["cacheScope"].GetString(), "public");
}

TEST_F(FeaturesTest, PromptsAreListedAndFilledIn) {
  rapidjson::Document list = Legacy("prompts/list", "{}");
  const rapidjson::Value& prompts = list["result"]["prompts"];
  ASSERT_EQ(prompts.Size(), 1u);
  EXPECT_STREQ(prompts[0]["name"].GetString(), "cfixture_greet");
  EXPECT_TRUE(prompts[0]["arguments"][0]["required"].GetBool());

  rapidjson::Document got =
      Legacy("prompts/get", R"({"name":"cfixture_greet","arguments":{"name":"Ada"}})");
  const rapidjson::Value& messages = got["result"]["messages"];
  ASSERT_EQ(messages.Size(), 1u);
  EXPECT_STREQ(messages[0]["role"].GetString(), "user");
  EXPECT_STREQ(messages[0]["content"]["text"].GetString(), "Say hello to Ada.");

  rapidjson::Document stateless =
      Stateless("prompts/get", R"("name":"cfixture_greet","arguments":{"name":"Alan"})",
                "cfixture_greet");
  EXPECT_STREQ(stateless["result"]["messages"][0]["content"]["text"].GetString(),
               "Say hello to Alan.");
}

TEST_F(FeaturesTest, BadPromptRequestsNameWhatIsWrong) {
  rapidjson::Document missing = Legacy("prompts/get", R"({"name":"cfixture_greet"})");
  EXPECT_EQ(missing["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(missing["error"]["message"].GetString(), HasSubstr("\"name\""));

  rapidjson::Document not_string =
      Legacy("prompts/get", R"({"name":"cfixture_greet","arguments":{"name":7}})");
  EXPECT_EQ(not_string["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(not_string["error"]["message"].GetString(), HasSubstr("must be a string"));

  rapidjson::Document unknown = Legacy("prompts/get", R"({"name":"nope"})");
  EXPECT_EQ(unknown["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(unknown["error"]["message"].GetString(), HasSubstr("unknown prompt \"nope\""));
}

TEST_F(FeaturesTest, CompletionsComeFromPromptsAndTemplates) {
  rapidjson::Document names = Legacy(
      "completion/complete",
      R"({"ref":{"type":"ref/prompt","name":"cfixture_greet"},"argument":{"name":"name","value":"Al"}})");
  const rapidjson::Value& completion = names["result"]["completion"];
  ASSERT_EQ(completion["values"].Size(), 1u);
  EXPECT_STREQ(completion["values"][0].GetString(), "Alan");
  EXPECT_EQ(completion["total"].GetInt(), 1);
  EXPECT_FALSE(completion["hasMore"].GetBool());

  rapidjson::Document numbers = Stateless(
      "completion/complete",
      R"("ref":{"type":"ref/resource","uri":"cfixture://numbers/{n}"},"argument":{"name":"n","value":"1"})");
  const rapidjson::Value& values = numbers["result"]["completion"]["values"];
  ASSERT_EQ(values.Size(), 2u);
  EXPECT_STREQ(values[0].GetString(), "1");
  EXPECT_STREQ(values[1].GetString(), "12");

  rapidjson::Document unknown = Legacy(
      "completion/complete",
      R"({"ref":{"type":"ref/resource","uri":"cfixture://other/{x}"},"argument":{"name":"x","value":""}})");
  EXPECT_EQ(unknown["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(unknown["error"]["message"].GetString(), HasSubstr("\"ref\""));

  rapidjson::Document no_argument =
      Legacy("completion/complete", R"({"ref":{"type":"ref/prompt","name":"cfixture_greet"}})");
  EXPECT_EQ(no_argument["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(no_argument["error"]["message"].GetString(), HasSubstr("\"argument\""));
}

TEST_F(FeaturesTest, ASessionsSubscriptionsAndTheirUrisAreBounded) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(
      *config_, {{"ODMCP_PROTOCOL__MAX_SUBSCRIPTIONS_PER_SESSION", "3"},
                 {"ODMCP_PROTOCOL__MAX_URI_BYTES", "64"}});
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  const std::string session = http.Initialize();
  auto subscribe = [&](const std::string& uri) {
    return http.Legacy(session, R"({"jsonrpc":"2.0","id":5,"method":"resources/subscribe","params":{"uri":")" +
                                    uri + R"("}})");
  };
  for (int n = 1; n <= 3; ++n) {
    rapidjson::Document ok = subscribe("cfixture://numbers/" + std::to_string(n));
    ASSERT_TRUE(ok.HasMember("result")) << n;
  }
  // Subscribing again to one it holds is no new subscription.
  EXPECT_TRUE(subscribe("cfixture://numbers/2").HasMember("result"));
  rapidjson::Document fourth = subscribe("cfixture://numbers/4");
  ASSERT_TRUE(fourth.HasMember("error"));
  EXPECT_EQ(fourth["error"]["code"].GetInt(), -32006);
  EXPECT_THAT(fourth["error"]["message"].GetString(), HasSubstr("max_subscriptions_per_session"));
  EXPECT_EQ(fourth["error"]["data"]["max"].GetInt(), 3);
  // One unsubscribed makes room.
  http.Legacy(session,
              R"({"jsonrpc":"2.0","id":6,"method":"resources/unsubscribe","params":{"uri":"cfixture://numbers/1"}})");
  EXPECT_TRUE(subscribe("cfixture://numbers/4").HasMember("result"));

  rapidjson::Document long_uri = subscribe("cfixture://numbers/" + std::string(60, '7'));
  ASSERT_TRUE(long_uri.HasMember("error"));
  EXPECT_EQ(long_uri["error"]["code"].GetInt(), -32602);
  EXPECT_THAT(long_uri["error"]["message"].GetString(), HasSubstr("at most 64 bytes"));
}

TEST_F(FeaturesTest, ABatchLongerThanTheBoundIsRefusedWhole) {
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(*config_, {{"ODMCP_PROTOCOL__MAX_BATCH_LENGTH", "3"}});
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  const std::string session = http.Initialize("2025-03-26");
  const std::string ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  int status = 0;
  rapidjson::Document three = http.Legacy(session, "[" + ping + "," + ping + "," + ping + "]", &status);
  ASSERT_TRUE(three.IsArray()) << status;
  EXPECT_EQ(three.Size(), 3u);
  rapidjson::Document four =
      http.Legacy(session, "[" + ping + "," + ping + "," + ping + "," + ping + "]", &status);
  EXPECT_EQ(status, 400);
  ASSERT_TRUE(four.IsObject() && four.HasMember("error"));
  EXPECT_EQ(four["error"]["code"].GetInt(), -32600);
  EXPECT_THAT(four["error"]["message"].GetString(), HasSubstr("max_batch_length"));
}

}  // namespace
}  // namespace odmcp::testing
