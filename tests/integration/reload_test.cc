// The real host reloading its configuration on SIGHUP while clients stay
// connected, over HTTP (a legacy session with its GET stream) and stdio:
// the client is told the tool list changed, tools/list shows the new list,
// and a call in flight finishes with its full result, also when the plugin
// it runs in is unloaded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "tests/integration/integration_support.h"
#include "tests/support/eventually.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The configuration: the reload fixture with `reloadfix_extra` in its table
// (tools lists, or enabled = false), and the C fixture, enabled or not.
std::string Config(const std::string& reloadfix_extra, bool cfixture) {
  return "[tenants]\nmode = \"none\"\n"
         "[http]\nsse_keepalive_s = 1\n"
         "[plugins]\ndir = \"" + PluginDir() + "\"\n"
         "[plugins.reloadfix]\npath = \"" + TestPluginDir() + "/reloadfix.so\"\n" +
         reloadfix_extra +
         "[plugins.cfixture]\nenabled = " + (cfixture ? "true" : "false") + "\npath = \"" +
         TestPluginDir() + "/cfixture.so\"\n";
}

// A call that runs three seconds: long enough to reload around it.
const char kSleepCall[] =
    R"({"jsonrpc":"2.0","id":"long","method":"tools/call","params":{"name":"reload_sleep","arguments":{"ms":3000}}})";
const char kToolsList[] = R"({"jsonrpc":"2.0","id":"list","method":"tools/list"})";

// The JSON-RPC message of a POST's answer: the body, or the last event of
// an event stream.
std::string MessageOf(const std::string& body) {
  size_t data = body.rfind("data: ");
  if (body.rfind('{', 0) == 0 || data == std::string::npos) return body;
  size_t end = body.find('\n', data);
  return body.substr(data + 6, end == std::string::npos ? std::string::npos : end - data - 6);
}

// The names tools/list returned, sorted as the host sorts them.
std::vector<std::string> ToolNames(const rapidjson::Document& reply) {
  std::vector<std::string> names;
  if (!reply.IsObject() || !reply.HasMember("result")) return names;
  for (const auto& tool : reply["result"]["tools"].GetArray()) names.emplace_back(tool["name"].GetString());
  return names;
}

void Rewrite(const std::string& file, const std::string& toml) {
  std::ofstream(file, std::ios::trunc) << toml;
}

// A call's result text, after checking that it is a full, successful one.
std::string SleepResult(const rapidjson::Document& reply) {
  EXPECT_TRUE(reply.IsObject() && reply.HasMember("result"));
  if (!reply.IsObject() || !reply.HasMember("result")) return "";
  const rapidjson::Value& result = reply["result"];
  EXPECT_FALSE(result.HasMember("isError") && result["isError"].GetBool());
  return result["content"][0]["text"].GetString();
}

class HttpReloadTest : public ::testing::Test {
 protected:
  void Start(const std::string& toml) {
    config_ = WriteTempFile("reload.toml", toml);
    host_ = HostProcess::Http(config_);
    ASSERT_FALSE(host_->url().empty()) << host_->Stderr();
    http_ = std::make_unique<McpHttp>(host_->url());
    session_ = http_->Initialize();
    ASSERT_FALSE(session_.empty());
    http_->Post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                {{"Mcp-Session-Id", session_}});
    OpenStream();
  }

  void TearDown() override {
    if (host_ != nullptr) host_->Stop();
    if (stream_.joinable()) stream_.join();
    if (call_.joinable()) call_.join();
  }

  // Opens the session's GET stream and collects what it carries.
  void OpenStream() {
    const std::string base = host_->url().substr(0, host_->url().find('/', 7));
    stream_ = std::thread([this, base] {
      httplib::Client client(base);
      client.set_read_timeout(30, 0);
      client.Get(http_->path().c_str(),
                 {{"Mcp-Session-Id", session_}, {"Accept", "text/event-stream"}},
                 [this](const char* data, size_t size) {
                   std::lock_guard<std::mutex> lock(mutex_);
                   streamed_.append(data, size);
                   stream_open_ = true;
                   return true;
                 });
    });
    ASSERT_TRUE(Eventually([this] { return stream_open_.load(); })) << host_->Stderr();
  }

  std::string Streamed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return streamed_;
  }

  // Starts reload_sleep on a connection of its own.
  void StartLongCall() {
    call_ = std::thread([this] {
      McpHttp caller(host_->url());
      caller.client().set_read_timeout(30, 0);
      httplib::Result r = caller.Post(kSleepCall, {{"Mcp-Session-Id", session_}});
      std::lock_guard<std::mutex> lock(mutex_);
      call_reply_ = r ? MessageOf(r->body) : "no reply";
    });
    // Let the call reach the plugin before the reload.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }

  rapidjson::Document LongCallReply() {
    call_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    return ParseJson(call_reply_);
  }

  rapidjson::Document ListTools() {
    httplib::Result r = http_->Post(kToolsList, {{"Mcp-Session-Id", session_}});
    EXPECT_TRUE(r);
    return ParseJson(r ? MessageOf(r->body) : "{}");
  }

  void Reload(const std::string& toml) {
    Rewrite(config_, toml);
    ASSERT_EQ(kill(host_->pid(), SIGHUP), 0);
  }

  std::string config_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<McpHttp> http_;
  std::string session_;
  std::thread stream_;
  std::thread call_;
  std::atomic<bool> stream_open_{false};
  std::mutex mutex_;
  std::string streamed_;
  std::string call_reply_;
};

TEST_F(HttpReloadTest, DisablingAToolAndEnablingAPluginTellsTheSessionAndSparesTheCallInFlight) {
  Start(Config("", false));
  ASSERT_EQ(ToolNames(ListTools()),
            (std::vector<std::string>{"reload_instance", "reload_ping", "reload_sleep"}));
  StartLongCall();
  Reload(Config("[plugins.reloadfix.tools]\ndisabled = [\"reload_ping\"]\n", true));

  EXPECT_TRUE(Eventually([this] {
    return Streamed().find("notifications/tools/list_changed") != std::string::npos;
  })) << Streamed() << host_->Stderr();
  // The C fixture brought prompts and resources too.
  EXPECT_TRUE(Eventually([this] {
    return Streamed().find("notifications/prompts/list_changed") != std::string::npos &&
           Streamed().find("notifications/resources/list_changed") != std::string::npos;
  })) << Streamed();
  EXPECT_EQ(ToolNames(ListTools()),
            (std::vector<std::string>{"cfixture_add", "cfixture_cache_get", "cfixture_cache_put",
                                      "cfixture_describe", "reload_instance", "reload_sleep"}));
  rapidjson::Document reply = LongCallReply();
  EXPECT_EQ(SleepResult(reply), "slept 3000 ms");
  EXPECT_TRUE(http_->Alive(session_));
}

TEST_F(HttpReloadTest, UnloadingThePluginOfACallInFlightWaitsForTheCall) {
  Start(Config("", true));
  StartLongCall();
  Reload(Config("enabled = false\n", true));

  EXPECT_TRUE(Eventually([this] {
    return Streamed().find("notifications/tools/list_changed") != std::string::npos;
  })) << Streamed() << host_->Stderr();
  // Withdrawn at once: new calls cannot reach it while the old one runs.
  EXPECT_EQ(ToolNames(ListTools()),
            (std::vector<std::string>{"cfixture_add", "cfixture_cache_get", "cfixture_cache_put",
                                      "cfixture_describe"}));
  EXPECT_THAT(host_->Stderr(), Not(HasSubstr("plugin unloaded")));
  // The fixture fails the call if its plugin was shut down under it.
  rapidjson::Document reply = LongCallReply();
  EXPECT_EQ(SleepResult(reply), "slept 3000 ms");
  EXPECT_TRUE(Eventually([this] { return host_->Stderr().find("plugin unloaded") != std::string::npos; }))
      << host_->Stderr();
}

TEST_F(HttpReloadTest, NewSettingsRestartThePluginAndABadFileChangesNothing) {
  Start(Config("", false));
  auto instance = [this] {
    httplib::Result r = http_->Post(
        R"({"jsonrpc":"2.0","id":"i","method":"tools/call","params":{"name":"reload_instance"}})",
        {{"Mcp-Session-Id", session_}});
    rapidjson::Document doc = ParseJson(r ? MessageOf(r->body) : "{}");
    return doc.HasMember("result") ? doc["result"]["structuredContent"]["instance"].GetInt() : 0;
  };
  const int first = instance();
  ASSERT_GT(first, 0);
  Reload(Config("[plugins.reloadfix.settings]\ncolour = \"blue\"\n", false));
  EXPECT_TRUE(Eventually([&] { return instance() == first + 1; })) << host_->Stderr();

  Reload("[plugins.reloadfix]\nenabled = \n");
  EXPECT_TRUE(Eventually([this] {
    return host_->Stderr().find("configuration not reloaded") != std::string::npos;
  }));
  EXPECT_THAT(host_->Stderr(), HasSubstr(config_ + ":2:"));
  EXPECT_EQ(instance(), first + 1);
}

TEST(StdioReloadTest, UnloadingThePluginOfACallInFlightTellsTheClientAndWaitsForTheCall) {
  const std::string config = WriteTempFile("reload.toml", Config("", false));
  HostProcess host({"serve", "--config", config, "--stdio"});
  host.WriteLine(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}})");
  ASSERT_TRUE(host.ReadLine()) << host.Stderr();
  host.WriteLine(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  host.WriteLine(kSleepCall);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Rewrite(config, Config("enabled = false\n", true));
  ASSERT_EQ(kill(host.pid(), SIGHUP), 0);

  // The notification comes while the call still runs, then the call's result.
  std::vector<std::string> lines;
  std::string call_reply;
  while (call_reply.empty()) {
    std::optional<std::string> line = host.ReadLine(std::chrono::seconds(10));
    ASSERT_TRUE(line) << host.Stderr();
    if (line->find(R"("id":"long")") != std::string::npos) {
      call_reply = *line;
    } else {
      lines.push_back(*line);
    }
  }
  EXPECT_THAT(lines, ::testing::Contains(HasSubstr("notifications/tools/list_changed")))
      << host.Stderr();
  EXPECT_EQ(SleepResult(ParseJson(call_reply)), "slept 3000 ms");

  host.WriteLine(kToolsList);
  std::optional<std::string> listed = host.ReadLine();
  ASSERT_TRUE(listed);
  EXPECT_EQ(ToolNames(ParseJson(*listed)),
            (std::vector<std::string>{"cfixture_add", "cfixture_cache_get", "cfixture_cache_put",
                                      "cfixture_describe"}));
  host.CloseInput();
  EXPECT_EQ(host.Wait(), 0);
  EXPECT_THAT(host.Stderr(), HasSubstr("plugin unloaded"));
}

}  // namespace
}  // namespace odmcp::testing
