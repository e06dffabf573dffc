// Issue 6, acceptance point 3: a 2026-era requestState that was tampered
// with, has expired, or is replayed by another tenant or for another tool is
// refused with invalid params (-32602, HTTP 200, the reason in data.reason)
// before any handler runs, through the real host with two tenants.
#include <gtest/gtest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <thread>

#include "tests/integration/tenants_support.h"

namespace odmcp::testing {
namespace {

constexpr const char* kElicit = "test_input_required_result_elicitation";
constexpr const char* kSample = "test_input_required_result_sampling";
constexpr const char* kAnswer =
    R"({"user_name":{"action":"accept","content":{"name":"Alice"}}})";

class RequestStateTest : public ::testing::Test {
 protected:
  // States live 2 s here, so the expiry case needs only a short wait.
  RequestStateTest()
      : world_(0, "[plugins.conformance]\nrequired = true\npath = \"" + TestPluginDir() +
                      "/conformance.so\"\n[protocol]\nrequest_state_ttl_s = 2\n") {}

  void SetUp() override {
    key_a_ = world_.CreateTenant("tenant-a");
    key_b_ = world_.CreateTenant("tenant-b");
    host_ = world_.StartHttp();
    ASSERT_FALSE(host_->url().empty());
    http_ = std::make_unique<McpHttp>(host_->url());
  }

  // tools/call of `tool` as the tenant of `key`, declaring elicitation and
  // sampling; `extra` adds params members (inputResponses, requestState).
  rapidjson::Document Call(const std::string& key, const std::string& tool,
                           const std::string& extra = "", int* status = nullptr) {
    const std::string body =
        R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":")" + tool +
        R"(","arguments":{})" + extra +
        R"(,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
        R"("io.modelcontextprotocol/clientCapabilities":{"elicitation":{},"sampling":{}}}}})";
    httplib::Headers headers = StatelessHeaders("tools/call", tool);
    headers.emplace("Authorization", "Bearer " + key);
    httplib::Result r = http_->Post(body, headers);
    EXPECT_TRUE(r);
    if (!r) return rapidjson::Document();
    if (status != nullptr) *status = r->status;
    return ParseJson(r->body);
  }

  // Round 1 of `tool` for `key`: its requestState.
  std::string FirstRoundState(const std::string& key, const std::string& tool) {
    rapidjson::Document reply = Call(key, tool);
    const rapidjson::Value& result = reply["result"];
    EXPECT_STREQ(result["resultType"].GetString(), "input_required");
    return result["requestState"].GetString();
  }

  static std::string Retry(const std::string& state) {
    return R"(,"inputResponses":)" + std::string(kAnswer) + R"(,"requestState":")" + state + "\"";
  }

  // Asserts that `reply` is the refusal of a state, for `reason`.
  static void ExpectRefused(const rapidjson::Document& reply, int status, const char* reason) {
    EXPECT_EQ(status, 200);
    ASSERT_TRUE(reply.HasMember("error")) << ToJsonText(reply);
    EXPECT_EQ(reply["error"]["code"].GetInt(), -32602);
    EXPECT_STREQ(reply["error"]["data"]["reason"].GetString(), reason);
    EXPECT_EQ(reply["id"].GetInt(), 7);
  }

  static std::string ToJsonText(const rapidjson::Document& doc) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    return buffer.GetString();
  }

  TenantWorld world_;
  std::string key_a_, key_b_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<McpHttp> http_;
};

TEST_F(RequestStateTest, TheUntouchedStateCompletesTheCall) {
  const std::string state = FirstRoundState(key_a_, kElicit);
  int status = 0;
  rapidjson::Document reply = Call(key_a_, kElicit, Retry(state), &status);
  EXPECT_EQ(status, 200);
  ASSERT_TRUE(reply.HasMember("result")) << ToJsonText(reply);
  EXPECT_STREQ(reply["result"]["resultType"].GetString(), "complete");
}

TEST_F(RequestStateTest, ATamperedStateIsRefused) {
  const std::string state = FirstRoundState(key_a_, kElicit);
  int status = 0;
  rapidjson::Document reply = Call(key_a_, kElicit, Retry(state + "-TAMPERED"), &status);
  ExpectRefused(reply, status, "invalid_request_state");
  // One changed character inside the signed payload is caught as well.
  std::string altered = state;
  altered[5] = altered[5] == 'A' ? 'B' : 'A';
  reply = Call(key_a_, kElicit, Retry(altered), &status);
  ExpectRefused(reply, status, "invalid_request_state");
}

TEST_F(RequestStateTest, AStateReplayedByAnotherTenantIsRefused) {
  const std::string state = FirstRoundState(key_a_, kElicit);
  int status = 0;
  rapidjson::Document reply = Call(key_b_, kElicit, Retry(state), &status);
  ExpectRefused(reply, status, "request_state_mismatch");
}

TEST_F(RequestStateTest, AStateReplayedForAnotherToolIsRefused) {
  const std::string state = FirstRoundState(key_a_, kElicit);
  int status = 0;
  rapidjson::Document reply = Call(key_a_, kSample, Retry(state), &status);
  ExpectRefused(reply, status, "request_state_mismatch");
}

TEST_F(RequestStateTest, AnExpiredStateIsRefused) {
  const std::string state = FirstRoundState(key_a_, kElicit);
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  int status = 0;
  rapidjson::Document reply = Call(key_a_, kElicit, Retry(state), &status);
  ExpectRefused(reply, status, "expired_request_state");
}

}  // namespace
}  // namespace odmcp::testing
