// The access log of the real host: exactly one "http request" line per
// HTTP request (refused ones included) and one "tool call" line per tool
// call, carrying the client's X-Request-ID and traceparent; the same trace
// reaches the OrderDesk sandbox on the host's upstream request, in a span
// of its own; a batch's line and its calls' lines share its request id;
// behind a trusted proxy every line, a refusal's too, names the forwarded
// client; query strings and keys never reach the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/integration_support.h"
#include "tests/integration/tenants_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kClientSpan[] = "00f067aa0ba902b7";
constexpr char kRequestId[] = "checkout-7f3a.42";

// The host's log lines with "msg": `message`, parsed.
std::vector<rapidjson::Document> LinesWith(const std::string& log, const std::string& message) {
  std::vector<rapidjson::Document> lines;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.IsObject() && doc.HasMember("msg") && doc["msg"].GetString() == message) {
      lines.push_back(std::move(doc));
    }
  }
  return lines;
}

// The one line whose `key` is `value` (a failure if not exactly one).
const rapidjson::Value& Only(const std::vector<rapidjson::Document>& lines, const char* key,
                             const std::string& value) {
  static const rapidjson::Document kNone(rapidjson::kObjectType);
  const rapidjson::Value* found = &kNone;
  int matches = 0;
  for (const rapidjson::Document& line : lines) {
    const bool match = line.HasMember(key) &&
                       (line[key].IsString() ? value == line[key].GetString()
                                             : value == std::to_string(line[key].GetInt64()));
    if (match) {
      found = &line;
      ++matches;
    }
  }
  EXPECT_EQ(matches, 1) << key << " = " << value;
  return *found;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(AccessLogTest, OneLinePerRequestCarryingTheClientsTraceToTheSandbox) {
  WorldOptions options;
  options.sandbox_request_log = WriteTempFile("sandbox-requests.log", "");
  TenantWorld world(options);
  const std::string key = world.CreateTenant("acme");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());

  // 1: a tool call with the client's trace and request id.
  const std::string traceparent = std::string("00-") + kTraceId + "-" + kClientSpan + "-01";
  ToolReply registered =
      CallTool(http, key, "stores_register",
               std::string(R"({"store_id":"1001","api_key":")") + kDemoApiKey + R"("})", "",
               {{"X-Request-ID", kRequestId}, {"traceparent", traceparent}});
  ASSERT_EQ(registered.http_status, 200) << registered.body;
  ASSERT_FALSE(registered.is_error()) << registered.body;
  // 2: a tool call without either: the host makes both.
  ToolReply listed = CallTool(http, key, "stores_list", "{}");
  ASSERT_FALSE(listed.is_error()) << listed.body;
  // 3: a wrong key in the query string, refused.
  httplib::Result refused =
      http.client().Post((http.path() + "?token=odmk_not-a-key").c_str(), "{}", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  // 4 and 5: endpoints the protocol answers from the head alone.
  ASSERT_TRUE(http.client().Get("/health/live"));
  ASSERT_TRUE(http.client().Get("/no-such-endpoint"));
  host->Stop();
  const std::string log = host->Stderr();

  std::vector<rapidjson::Document> requests = LinesWith(log, "http request");
  // In the order their answers were written, which need not be the order sent.
  ASSERT_EQ(requests.size(), 5u) << log;
  const rapidjson::Value& traced = Only(requests, "tool", "stores_register");
  ASSERT_TRUE(traced.HasMember("method")) << log;
  EXPECT_STREQ(traced["method"].GetString(), "POST");
  EXPECT_STREQ(traced["path"].GetString(), "/mcp");
  EXPECT_EQ(traced["status"].GetInt(), 200);
  EXPECT_STREQ(traced["rpc_method"].GetString(), "tools/call");
  EXPECT_STREQ(traced["tool"].GetString(), "stores_register");
  EXPECT_STREQ(traced["correlation_id"].GetString(), kRequestId);
  EXPECT_STREQ(traced["trace_id"].GetString(), kTraceId);
  EXPECT_GT(traced["tenant_id"].GetInt64(), 0);
  EXPECT_STREQ(traced["client"].GetString(), "127.0.0.1");
  EXPECT_GT(traced["bytes_in"].GetInt64(), 0);
  EXPECT_GT(traced["bytes_out"].GetInt64(), 0);
  EXPECT_GE(traced["duration_us"].GetInt64(), 0);
  EXPECT_TRUE(traced["completed"].GetBool());
  EXPECT_STREQ(traced["auth"].GetString(), "master_key");
  EXPECT_STREQ(traced["scopes"].GetString(), "");

  const rapidjson::Value& untraced = Only(requests, "tool", "stores_list");
  ASSERT_TRUE(untraced.HasMember("trace_id")) << log;
  EXPECT_EQ(std::string(untraced["trace_id"].GetString()).size(), 32u);
  EXPECT_STRNE(untraced["trace_id"].GetString(), kTraceId);
  EXPECT_STRNE(untraced["correlation_id"].GetString(), "");

  const rapidjson::Value& unauthorized = Only(requests, "status", "401");
  EXPECT_STREQ(unauthorized["path"].GetString(), "/mcp");
  EXPECT_EQ(unauthorized["tenant_id"].GetInt64(), 0);
  EXPECT_STREQ(unauthorized["auth"].GetString(), "");
  EXPECT_EQ(Only(requests, "path", "/health/live")["status"].GetInt(), 200);
  EXPECT_STREQ(Only(requests, "status", "404")["path"].GetString(), "/no-such-endpoint");
  EXPECT_THAT(log, Not(HasSubstr("token=")));
  EXPECT_THAT(log, Not(HasSubstr(key)));
  EXPECT_THAT(log, Not(HasSubstr(kDemoApiKey)));

  std::vector<rapidjson::Document> calls = LinesWith(log, "tool call");
  ASSERT_EQ(calls.size(), 2u) << log;
  EXPECT_STREQ(calls[0]["tool"].GetString(), "stores_register");
  EXPECT_STREQ(calls[0]["outcome"].GetString(), "ok");
  EXPECT_STREQ(calls[0]["correlation_id"].GetString(), kRequestId);
  EXPECT_STREQ(calls[0]["trace_id"].GetString(), kTraceId);
  EXPECT_EQ(calls[0]["tenant_id"].GetInt64(), traced["tenant_id"].GetInt64());
  EXPECT_STREQ(calls[1]["trace_id"].GetString(), untraced["trace_id"].GetString());

  // stores_register verified the store with OrderDesk: that request went
  // out in the client's trace, as a span of the host's own.
  const std::string upstream = ReadAll(options.sandbox_request_log);
  EXPECT_THAT(upstream, HasSubstr(std::string("traceparent=00-") + kTraceId + "-"));
  EXPECT_THAT(upstream, Not(HasSubstr(traceparent)));
  EXPECT_THAT(upstream, HasSubstr(std::string("x-request-id=") + kRequestId));
}

TEST(AccessLogTest, BehindATrustedProxyEveryLineNamesTheForwardedClient) {
  TenantWorld world;
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(world.config(), world.Env({{"ODMCP_HTTP__TRUSTED_PROXIES", "127.0.0.1"}}));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  const httplib::Headers forwarded = {{"X-Forwarded-For", "198.51.100.7"}};
  // Answered from the head alone: the live probe, an unknown path, a
  // foreign Origin; and, after the head, the readiness checks.
  ASSERT_TRUE(http.client().Get("/health/live", forwarded));
  ASSERT_TRUE(http.client().Get("/no-such-endpoint", forwarded));
  httplib::Headers foreign = forwarded;
  foreign.insert({"Origin", "https://elsewhere.example"});
  httplib::Result refused = http.client().Post(http.path(), foreign, "{}", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  ASSERT_TRUE(http.client().Get("/health/ready", forwarded));
  host->Stop();
  const std::string log = host->Stderr();

  std::vector<rapidjson::Document> requests = LinesWith(log, "http request");
  ASSERT_EQ(requests.size(), 4u) << log;
  for (const rapidjson::Document& line : requests) {
    ASSERT_TRUE(line.HasMember("client")) << log;
    EXPECT_STREQ(line["client"].GetString(), "198.51.100.7") << line["path"].GetString();
  }
}

TEST(AccessLogTest, ABatchsLineAndItsCallsShareItsRequestIdUnlessACallNamesItsOwn) {
  const std::string config =
      WriteTempFile("batch.toml", "[tenants]\nmode = \"none\"\n[plugins]\ndir = \"" + PluginDir() +
                                      "\"\n[plugins.diagnostics]\nenabled = true\n");
  std::unique_ptr<HostProcess> host = HostProcess::Http(config);
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  const std::string session = http.Initialize("2025-03-26");
  const std::string traceparent = std::string("00-") + kTraceId + "-" + kClientSpan + "-01";
  httplib::Result batch = http.Post(
      R"([{"jsonrpc":"2.0","id":1,"method":"tools/call",)"
      R"("params":{"name":"system_echo","arguments":{"text":"a"}}},)"
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call",)"
      R"("params":{"name":"system_echo","arguments":{"text":"b"},"_meta":{"x-request-id":"own-2"}}}])",
      {{"Mcp-Session-Id", session}, {"X-Request-ID", kRequestId}, {"traceparent", traceparent}});
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->status, 200) << batch->body;
  host->Stop();
  const std::string log = host->Stderr();

  std::vector<rapidjson::Document> requests = LinesWith(log, "http request");
  const rapidjson::Value& line = Only(requests, "rpc_method", "(batch)");
  ASSERT_TRUE(line.HasMember("correlation_id")) << log;
  EXPECT_STREQ(line["correlation_id"].GetString(), kRequestId);
  EXPECT_STREQ(line["trace_id"].GetString(), kTraceId);
  std::vector<rapidjson::Document> calls = LinesWith(log, "tool call");
  ASSERT_EQ(calls.size(), 2u) << log;
  EXPECT_STREQ(Only(calls, "correlation_id", kRequestId)["trace_id"].GetString(), kTraceId);
  EXPECT_STREQ(Only(calls, "correlation_id", "own-2")["trace_id"].GetString(), kTraceId);
}

TEST(AccessLogTest, AMalformedTraceparentOrRequestIdIsReplacedNotRefused) {
  TenantWorld world;
  const std::string key = world.CreateTenant("acme");
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  ToolReply listed =
      CallTool(http, key, "stores_list", "{}", "",
               {{"traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"},
                {"X-Request-ID", "has spaces and \"quotes\""}});
  EXPECT_EQ(listed.http_status, 200);
  EXPECT_FALSE(listed.is_error()) << listed.body;
  host->Stop();
  std::vector<rapidjson::Document> requests = LinesWith(host->Stderr(), "http request");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(std::string(requests[0]["trace_id"].GetString()).size(), 32u);
  EXPECT_STRNE(requests[0]["trace_id"].GetString(), "00000000000000000000000000000000");
  EXPECT_THAT(requests[0]["correlation_id"].GetString(), Not(HasSubstr("spaces")));
}

}  // namespace
}  // namespace odmcp::testing
