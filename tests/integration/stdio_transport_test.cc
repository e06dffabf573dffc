// The real host over stdio: bad input gets its specific error and the host
// keeps serving; only protocol reaches stdout; both eras on one connection
// in the order clients really use; cancellation; clean exit at end of input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/integration_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

class StdioTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string config = WriteConfig(
        "[server]\nmax_message_bytes = 4096\n"
        "[plugins.diagnostics.tools]\ndisabled = [\"system_health\"]\n"
        "[plugins.cfixture]\npath = \"" + TestPluginDir() + "/cfixture.so\"\n"
        "[plugins.oldabi]\npath = \"" + TestPluginDir() + "/oldabi.so\"\n");
    host_ = std::make_unique<HostProcess>(std::vector<std::string>{"serve", "--config", config, "--stdio"});
  }

  // Sends `line` and returns the next reply, parsed.
  rapidjson::Document Ask(const std::string& line) {
    host_->WriteLine(line);
    std::optional<std::string> reply = host_->ReadLine();
    EXPECT_TRUE(reply) << "no reply to " << line << "\n" << host_->Stderr();
    return ParseJson(reply.value_or("{}"));
  }

  void Initialize() {
    rapidjson::Document r = Ask(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}})");
    ASSERT_STREQ(r["result"]["protocolVersion"].GetString(), "2025-11-25");
    host_->WriteLine(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  }

  bool Alive() {
    rapidjson::Document r = Ask(R"({"jsonrpc":"2.0","id":"alive","method":"ping"})");
    return r.HasMember("result") && r["result"].ObjectEmpty();
  }

  std::unique_ptr<HostProcess> host_;
};

TEST_F(StdioTransportTest, BadInputGetsSpecificErrorsAndChangesNothing) {
  Initialize();
  rapidjson::Document parse = Ask(R"({"jsonrpc":"2.0","id":1,)");
  EXPECT_EQ(parse["error"]["code"].GetInt(), -32700);
  EXPECT_FALSE(parse.HasMember("id"));
  EXPECT_EQ(Ask(R"({"jsonrpc":"2.0","id":2})")["error"]["code"].GetInt(), -32600);
  EXPECT_EQ(Ask(R"({"jsonrpc":"2.0","id":3,"method":"orders/teleport"})")["error"]["code"].GetInt(), -32601);
  rapidjson::Document unknown =
      Ask(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"system_nope"}})");
  EXPECT_EQ(unknown["error"]["code"].GetInt(), -32602);
  rapidjson::Document disabled =
      Ask(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"system_health"}})");
  EXPECT_EQ(disabled["error"]["code"].GetInt(), -32602);
  rapidjson::Document schema = Ask(
      R"({"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"cfixture_add","arguments":{"a":1,"b":"two"}}})");
  EXPECT_TRUE(schema["result"]["isError"].GetBool());
  EXPECT_THAT(schema["result"]["content"][0]["text"].GetString(), HasSubstr("\"b\" must be integer, got string"));
  rapidjson::Document oversized = Ask(std::string(5000, ' ') + R"({"jsonrpc":"2.0","id":7,"method":"ping"})");
  EXPECT_EQ(oversized["error"]["code"].GetInt(), -32600);
  EXPECT_THAT(oversized["error"]["message"].GetString(), HasSubstr("4096-byte limit"));
  EXPECT_TRUE(Alive());
  host_->CloseInput();
  EXPECT_EQ(host_->Wait(), 0);
}

TEST_F(StdioTransportTest, CAndOldAbiPluginsWork) {
  Initialize();
  rapidjson::Document sum = Ask(
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"cfixture_add","arguments":{"a":40,"b":2}}})");
  EXPECT_EQ(sum["result"]["structuredContent"]["sum"].GetInt(), 42);
  rapidjson::Document described = Ask(
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cfixture_describe","arguments":{}}})");
  rapidjson::Document description = ParseJson(described["result"]["content"][0]["text"].GetString());
  EXPECT_STREQ(description["era"].GetString(), "legacy");
  EXPECT_STREQ(description["client"]["name"].GetString(), "it");
  rapidjson::Document hello = Ask(
      R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"oldabi_hello","arguments":{}}})");
  EXPECT_STREQ(hello["result"]["content"][0]["text"].GetString(), "hello from an ABI 1.0 plugin");
}

TEST_F(StdioTransportTest, DiscoverThenInitializeOnOneConnection) {
  rapidjson::Document discover = Ask(StatelessRequest("1", "server/discover"));
  EXPECT_STREQ(discover["result"]["supportedVersions"][0].GetString(), "2026-07-28");
  rapidjson::Document modern_call = Ask(StatelessRequest(
      "2", "tools/call", R"("name":"system_echo","arguments":{"text":"before"})"));
  EXPECT_STREQ(modern_call["result"]["content"][0]["text"].GetString(), "before");
  Initialize();
  // Pinned to the legacy era now: stateless-era requests are refused.
  EXPECT_EQ(Ask(StatelessRequest("3", "tools/list"))["error"]["code"].GetInt(), -32601);
  EXPECT_EQ(Ask(R"({"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})")
                ["error"]["code"].GetInt(),
            -32600);
  EXPECT_TRUE(Alive());
}

TEST_F(StdioTransportTest, LegacyRequestsBeforeInitializeAreRefusedButPingWorks) {
  EXPECT_EQ(Ask(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})")["error"]["code"].GetInt(), -32600);
  EXPECT_TRUE(Alive());
}

TEST_F(StdioTransportTest, StatelessEnvelopeErrors) {
  rapidjson::Document r = Ask(
      R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})");
  EXPECT_EQ(r["error"]["code"].GetInt(), -32602);
  std::string v999 = StatelessRequest("2", "tools/list");
  v999.replace(v999.find("2026-07-28"), 10, "v999");
  EXPECT_EQ(Ask(v999)["error"]["code"].GetInt(), -32022);
}

TEST_F(StdioTransportTest, CancelledRequestGetsNoReply) {
  Initialize();
  host_->WriteLine(
      R"({"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"test_tool_with_logging","arguments":{}}})");
  host_->WriteLine(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow"}})");
  host_->WriteLine(R"({"jsonrpc":"2.0","id":"after","method":"ping"})");
  std::optional<std::string> first = host_->ReadLine();
  ASSERT_TRUE(first);
  EXPECT_THAT(*first, HasSubstr(R"("id":"after")"));
  // The cancelled call ends within ~100 ms; nothing for it may follow.
  EXPECT_EQ(host_->ReadLine(std::chrono::milliseconds(500)), std::nullopt);
}

TEST_F(StdioTransportTest, ConcurrentRequestsDoNotWaitForSlowOnes) {
  Initialize();
  host_->WriteLine(
      R"({"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"test_tool_with_logging","arguments":{}}})");
  host_->WriteLine(R"({"jsonrpc":"2.0","id":"fast","method":"ping"})");
  std::optional<std::string> first = host_->ReadLine();
  std::optional<std::string> second = host_->ReadLine();
  ASSERT_TRUE(first && second);
  EXPECT_THAT(*first, HasSubstr(R"("id":"fast")"));
  EXPECT_THAT(*second, HasSubstr(R"("id":"slow")"));
}

TEST_F(StdioTransportTest, OnlyProtocolReachesStdoutAndLogsGoToStderr) {
  Initialize();
  EXPECT_TRUE(Alive());
  host_->CloseInput();
  EXPECT_EQ(host_->Wait(), 0);
  EXPECT_EQ(host_->ReadLine(std::chrono::milliseconds(100)), std::nullopt);
  EXPECT_THAT(host_->Stderr(), HasSubstr(R"("msg":"plugin loaded")"));
}

TEST_F(StdioTransportTest, SigtermEndsTheServerCleanly) {
  Initialize();
  EXPECT_EQ(host_->Stop(), 0);
  EXPECT_THAT(host_->Stderr(), HasSubstr(R"("msg":"stopped")"));
}

}  // namespace
}  // namespace odmcp::testing
