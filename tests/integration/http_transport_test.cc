// The real host over Streamable HTTP: every kind of bad input gets its
// specific status and JSON-RPC error and changes nothing (the host keeps
// serving); sessions, streams and both eras behave as the spec says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/integration_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

class HttpTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_ = new std::string(WriteTempFile(
        "http.toml",
        "[server]\nmax_message_bytes = 65536\n"
        "[tenants]\nmode = \"none\"\n"
        "[plugins]\ndir = \"" + PluginDir() + "\"\n"
        "[plugins.diagnostics.tools]\ndisabled = [\"system_health\"]\n"
        "[plugins.conformance]\npath = \"" + TestPluginDir() + "/conformance.so\"\n"));
  }
  static void TearDownTestSuite() { delete config_; }

  void SetUp() override {
    host_ = HostProcess::Http(*config_);
    ASSERT_FALSE(host_->url().empty()) << host_->Stderr();
    http_ = std::make_unique<McpHttp>(host_->url());
    session_ = http_->Initialize();
    ASSERT_EQ(session_.size(), 32u);
  }

  // Every bad request must leave the host answering.
  void TearDown() override { EXPECT_TRUE(http_->Alive(session_)) << host_->Stderr(); }

  static std::string* config_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<McpHttp> http_;
  std::string session_;
};
std::string* HttpTransportTest::config_ = nullptr;

TEST_F(HttpTransportTest, MalformedJsonIs400ParseError) {
  httplib::Result r = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":)", {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  rapidjson::Document body = ParseJson(r->body);
  EXPECT_EQ(body["error"]["code"].GetInt(), -32700);
  EXPECT_FALSE(body.HasMember("id"));
}

TEST_F(HttpTransportTest, InvalidRequestIs400) {
  httplib::Result r = http_->Post(R"({"id":1,"method":"ping"})", {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ParseJson(r->body)["error"]["code"].GetInt(), -32600);
}

TEST_F(HttpTransportTest, UnknownMethodIsMethodNotFound) {
  rapidjson::Document body =
      http_->Legacy(session_, R"({"jsonrpc":"2.0","id":2,"method":"orders/teleport"})");
  EXPECT_EQ(body["error"]["code"].GetInt(), -32601);
  EXPECT_EQ(body["id"].GetInt(), 2);
}

TEST_F(HttpTransportTest, UnknownAndDisabledToolsAreRefusedAlike) {
  rapidjson::Document unknown = http_->Legacy(
      session_, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"system_nope"}})");
  rapidjson::Document disabled = http_->Legacy(
      session_, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"system_health"}})");
  EXPECT_EQ(unknown["error"]["code"].GetInt(), -32602);
  EXPECT_EQ(disabled["error"]["code"].GetInt(), -32602);
  std::string unknown_message = unknown["error"]["message"].GetString();
  std::string disabled_message = disabled["error"]["message"].GetString();
  unknown_message.replace(unknown_message.find("system_nope"), 11, "X");
  disabled_message.replace(disabled_message.find("system_health"), 13, "X");
  EXPECT_EQ(unknown_message, disabled_message);

  rapidjson::Document list =
      http_->Legacy(session_, R"({"jsonrpc":"2.0","id":4,"method":"tools/list"})");
  std::string names;
  for (const auto& tool : list["result"]["tools"].GetArray()) names += std::string(tool["name"].GetString()) + " ";
  EXPECT_THAT(names, HasSubstr("system_echo"));
  EXPECT_THAT(names, ::testing::Not(HasSubstr("system_health")));
}

TEST_F(HttpTransportTest, ArgumentsFailingTheSchemaAreAToolErrorNamingTheField) {
  auto call = [&](const std::string& arguments) {
    rapidjson::Document body = http_->Legacy(
        session_, R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"system_echo","arguments":)" +
                      arguments + "}}");
    EXPECT_TRUE(body.HasMember("result"));
    EXPECT_TRUE(body["result"]["isError"].GetBool());
    return std::string(body["result"]["content"][0]["text"].GetString());
  };
  EXPECT_THAT(call(R"({"txt":"hi"})"), HasSubstr("\"txt\" is not an accepted property; accepted: text"));
  EXPECT_THAT(call("{}"), HasSubstr("\"text\" is required but missing"));
  EXPECT_THAT(call(R"({"text":[1]})"), HasSubstr("\"text\" must be string, got array"));
}

TEST_F(HttpTransportTest, OversizedBodyIs413) {
  std::string big = R"({"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"system_echo","arguments":{"text":")" +
                    std::string(70000, 'x') + "\"}}}";
  httplib::Result r = http_->Post(big, {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_THAT(r->body, HasSubstr("server.max_message_bytes"));
}

TEST_F(HttpTransportTest, ForeignOriginOrHostIs403) {
  httplib::Result origin = http_->Post(R"({"jsonrpc":"2.0","id":7,"method":"ping"})",
                                       {{"Mcp-Session-Id", session_}, {"Origin", "http://evil.example.com"}});
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->status, 403);
  EXPECT_THAT(origin->body, HasSubstr("Origin"));
  httplib::Result host = http_->Post(R"({"jsonrpc":"2.0","id":7,"method":"ping"})",
                                     {{"Mcp-Session-Id", session_}, {"Host", "evil.example.com"}});
  ASSERT_TRUE(host);
  EXPECT_EQ(host->status, 403);
  httplib::Result local = http_->Post(
      R"({"jsonrpc":"2.0","id":7,"method":"ping"})",
      {{"Mcp-Session-Id", session_}, {"Origin", "http://localhost:1234"}});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200);
}

TEST_F(HttpTransportTest, StatelessHeadersThatDisagreeWithTheBodyAre400HeaderMismatch) {
  httplib::Headers wrong_method = StatelessHeaders("tools/list");
  httplib::Result r = http_->Post(StatelessRequest("8", "server/discover"), wrong_method);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  rapidjson::Document body = ParseJson(r->body);
  EXPECT_EQ(body["error"]["code"].GetInt(), -32020);
  EXPECT_EQ(body["id"].GetInt(), 8);

  httplib::Result no_name = http_->Post(
      StatelessRequest("9", "tools/call", R"("name":"system_ping","arguments":{})"),
      StatelessHeaders("tools/call"));
  ASSERT_TRUE(no_name);
  EXPECT_EQ(no_name->status, 400);
  EXPECT_EQ(ParseJson(no_name->body)["error"]["code"].GetInt(), -32020);

  httplib::Result param = http_->Post(
      StatelessRequest("10", "tools/call", R"("name":"test_x_mcp_header","arguments":{"region":"eu"})"),
      [] {
        httplib::Headers h = StatelessHeaders("tools/call", "test_x_mcp_header");
        h.emplace("Mcp-Param-Region", "us");
        return h;
      }());
  ASSERT_TRUE(param);
  EXPECT_EQ(param->status, 400);
  EXPECT_THAT(param->body, HasSubstr("Mcp-Param-Region"));
}

TEST_F(HttpTransportTest, StatelessRequestsWorkWithoutASession) {
  httplib::Result r = http_->Post(
      StatelessRequest("\"c\"", "tools/call", R"("name":"test_x_mcp_header","arguments":{"region":"eu-west"})"),
      [] {
        httplib::Headers h = StatelessHeaders("tools/call", "=?base64?dGVzdF94X21jcF9oZWFkZXI=?=");
        h.emplace("Mcp-Param-Region", "=?base64?ZXUtd2VzdA==?=");
        return h;
      }());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  rapidjson::Document body = ParseJson(r->body);
  EXPECT_STREQ(body["result"]["content"][0]["text"].GetString(), "region: eu-west");
  EXPECT_STREQ(body["result"]["resultType"].GetString(), "complete");
  EXPECT_FALSE(r->has_header("Mcp-Session-Id"));
}

TEST_F(HttpTransportTest, StatelessVersionAndMethodErrors) {
  std::string v999 = StatelessRequest("11", "server/discover");
  v999.replace(v999.find("2026-07-28"), 10, "v999.0.0");
  httplib::Headers h = StatelessHeaders("server/discover");
  h.erase("MCP-Protocol-Version");
  h.emplace("MCP-Protocol-Version", "v999.0.0");
  httplib::Result unsupported = http_->Post(v999, h);
  ASSERT_TRUE(unsupported);
  EXPECT_EQ(unsupported->status, 400);
  EXPECT_EQ(ParseJson(unsupported->body)["error"]["code"].GetInt(), -32022);

  httplib::Result removed = http_->Post(StatelessRequest("12", "ping"), StatelessHeaders("ping"));
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 404);
  EXPECT_EQ(ParseJson(removed->body)["error"]["code"].GetInt(), -32601);

  httplib::Result no_meta = http_->Post(R"({"jsonrpc":"2.0","id":13,"method":"tools/list"})",
                                        StatelessHeaders("tools/list"));
  ASSERT_TRUE(no_meta);
  EXPECT_EQ(no_meta->status, 400);
  EXPECT_EQ(ParseJson(no_meta->body)["error"]["code"].GetInt(), -32602);

  httplib::Result initialize = http_->Post(
      R"({"jsonrpc":"2.0","id":14,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})",
      StatelessHeaders("initialize"));
  ASSERT_TRUE(initialize);
  EXPECT_EQ(initialize->status, 400);
  EXPECT_EQ(ParseJson(initialize->body)["error"]["code"].GetInt(), -32020);
}

TEST_F(HttpTransportTest, SessionRules) {
  httplib::Result missing = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  httplib::Result unknown = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
                                        {{"Mcp-Session-Id", std::string(32, 'a')}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  httplib::Result notification = http_->Post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                                             {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(notification);
  EXPECT_EQ(notification->status, 202);
  EXPECT_TRUE(notification->body.empty());
  httplib::Result again = http_->Post(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})",
      {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);
  httplib::Result bad_version = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
                                            {{"Mcp-Session-Id", session_}, {"MCP-Protocol-Version", "1999-01-01"}});
  ASSERT_TRUE(bad_version);
  EXPECT_EQ(bad_version->status, 400);
  httplib::Result other_supported = http_->Post(
      R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
      {{"Mcp-Session-Id", session_}, {"MCP-Protocol-Version", "2025-03-26"}});
  ASSERT_TRUE(other_supported);
  EXPECT_EQ(other_supported->status, 200);
}

TEST_F(HttpTransportTest, DeleteEndsTheSession) {
  std::string other = http_->Initialize();
  httplib::Result deleted = http_->client().Delete(http_->path().c_str(), {{"Mcp-Session-Id", other}});
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 200);
  httplib::Result after = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", {{"Mcp-Session-Id", other}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 404);
  httplib::Result twice = http_->client().Delete(http_->path().c_str(), {{"Mcp-Session-Id", other}});
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 404);
}

TEST_F(HttpTransportTest, ProtocolAndMediaTypeRules) {
  httplib::Result text = http_->Post("ping", {{"Mcp-Session-Id", session_}, {"Content-Type", "text/plain"}});
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 415);
  httplib::Result html = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
                                     {{"Mcp-Session-Id", session_}, {"Accept", "text/html"}});
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 406);
  httplib::Result batch = http_->Post(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->status, 400);
  httplib::Result put = http_->client().Put(http_->path().c_str(), "{}", "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET, POST, DELETE, OPTIONS");
  httplib::Result elsewhere = http_->client().Get("/nowhere");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 404);
  // Replies stay uncompressed even for clients that accept compression:
  // the library would spend Brotli's slowest setting on every small reply.
  httplib::Result plain = http_->Post(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})",
                                      {{"Mcp-Session-Id", session_}, {"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->get_header_value("Content-Type"), "application/json; charset=utf-8");
  httplib::Result live = http_->client().Get("/health/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
}

TEST_F(HttpTransportTest, BatchesWorkOnlyFor2025_03_26Sessions) {
  std::string old = http_->Initialize("2025-03-26");
  httplib::Result r = http_->Post(
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},)"
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"system_echo","arguments":{"text":"b"}}}])",
      {{"Mcp-Session-Id", old}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  rapidjson::Document body = ParseJson(r->body);
  ASSERT_TRUE(body.IsArray());
  ASSERT_EQ(body.Size(), 2u);
  EXPECT_EQ(body[0]["id"].GetInt(), 1);
  EXPECT_STREQ(body[1]["result"]["content"][0]["text"].GetString(), "b");
}

TEST_F(HttpTransportTest, ProgressStreamsAsServerSentEventsBeforeTheResult) {
  httplib::Result r = http_->Post(
      R"({"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"test_tool_with_progress","arguments":{},"_meta":{"progressToken":"p-1"}}})",
      {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/event-stream");
  std::vector<std::string> data;
  for (size_t at = r->body.find("data: "); at != std::string::npos; at = r->body.find("data: ", at + 1)) {
    data.push_back(r->body.substr(at + 6, r->body.find('\n', at) - at - 6));
  }
  ASSERT_EQ(data.size(), 4u) << r->body;
  for (int i = 0; i < 3; ++i) {
    rapidjson::Document event = ParseJson(data[static_cast<size_t>(i)]);
    EXPECT_STREQ(event["method"].GetString(), "notifications/progress");
    EXPECT_STREQ(event["params"]["progressToken"].GetString(), "p-1");
    EXPECT_EQ(event["params"]["progress"].GetInt(), i * 50);
  }
  EXPECT_EQ(ParseJson(data[3])["id"].GetInt(), 20);
}

TEST_F(HttpTransportTest, ClientLoggingFollowsTheSessionLevel) {
  http_->Legacy(session_, R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"info"}})");
  httplib::Result r = http_->Post(
      R"({"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"test_tool_with_logging","arguments":{}}})",
      {{"Mcp-Session-Id", session_}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/event-stream");
  size_t logs = 0;
  for (size_t at = r->body.find("notifications/message"); at != std::string::npos;
       at = r->body.find("notifications/message", at + 1)) {
    ++logs;
  }
  EXPECT_EQ(logs, 3u) << r->body;
}

TEST_F(HttpTransportTest, OneEventStreamPerSession) {
  httplib::Client second(host_->url().substr(0, host_->url().find('/', 7)));
  second.set_read_timeout(1, 0);
  std::thread stream([&] {
    second.Get(http_->path().c_str(), {{"Mcp-Session-Id", session_}, {"Accept", "text/event-stream"}},
               [](const char*, size_t) { return false; });  // reads the first bytes, then hangs up
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  httplib::Result conflict = http_->client().Get(
      http_->path().c_str(), {{"Mcp-Session-Id", session_}, {"Accept", "text/event-stream"}});
  stream.join();
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 409);
  httplib::Result no_accept = http_->client().Get(http_->path().c_str(), {{"Mcp-Session-Id", session_},
                                                                          {"Accept", "application/json"}});
  ASSERT_TRUE(no_accept);
  EXPECT_EQ(no_accept->status, 406);
}

}  // namespace
}  // namespace odmcp::testing

namespace odmcp::testing {
namespace {

TEST(HttpSessionExpiryTest, AnIdleSessionExpiresAndItsClientGets404) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(WriteConfig("[http]\nsession_idle_timeout_s = 1\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  std::string session = http.Initialize();
  std::string active = http.Initialize();
  ASSERT_TRUE(http.Alive(session));
  // Idle past the 1 s timeout and a sweep (they run every second). Any
  // request naming `session` would count as use, so it is left alone until
  // the end; `active` is used all along and must outlive the timeout.
  for (int i = 0; i < 16; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    ASSERT_TRUE(http.Alive(active)) << "after " << (i + 1) * 250 << " ms";
  }
  httplib::Result r = http.Post(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})", {{"Mcp-Session-Id", session}});
  ASSERT_TRUE(r);
  int status = r->status;
  EXPECT_EQ(status, 404);
  EXPECT_TRUE(http.Alive(http.Initialize()));  // a new session works
}

TEST(HttpSessionCapTest, BeyondTheCapTheLeastRecentlyUsedSessionEnds) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(WriteConfig("[http]\nmax_sessions_per_tenant = 2\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  // Use is timed in milliseconds: the pauses keep every step distinct.
  auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); };
  std::string first = http.Initialize();
  pause();
  std::string second = http.Initialize();
  pause();
  ASSERT_TRUE(http.Alive(first));  // now `second` is the least recently used
  pause();
  std::string third = http.Initialize();
  int status = 0;
  http.Legacy(second, R"({"jsonrpc":"2.0","id":1,"method":"ping"})", &status);
  EXPECT_EQ(status, 404);
  EXPECT_TRUE(http.Alive(first));
  pause();
  EXPECT_TRUE(http.Alive(third));
  pause();
  // The ended session's client starts again, and in turn ends the least
  // recently used one (`first`, last pinged before `third` was).
  std::string again = http.Initialize();
  EXPECT_TRUE(http.Alive(again));
  EXPECT_TRUE(http.Alive(third));
  http.Legacy(first, R"({"jsonrpc":"2.0","id":2,"method":"ping"})", &status);
  EXPECT_EQ(status, 404);
}

}  // namespace
}  // namespace odmcp::testing
