// Start-up through the real binary: configuration errors name file, line and
// key; a required plugin that fails stops start-up with the loader's
// message; an optional one is skipped with an error line; config check.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <odmcp/plugin.h>

#include "tests/integration/integration_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

int RunToExit(HostProcess& host) {
  std::optional<int> status = host.Wait();
  EXPECT_TRUE(status) << "did not exit";
  return status.value_or(-1);
}

TEST(StartupTest, ConfigErrorsNameFileLineAndKey) {
  std::string config = WriteTempFile("bad.toml", "[http]\nlisten = \"127.0.0.1:0\"\nthreads = 4\n"
                                                 "[log]\nlevel = 3\n");
  HostProcess host({"serve", "--config", config});
  EXPECT_EQ(RunToExit(host), 1);
  EXPECT_THAT(host.Stderr(), HasSubstr(config + ":3:1: http.threads: unknown key"));
  EXPECT_THAT(host.Stderr(), HasSubstr(config + ":5:9: log.level: expected a string, got an integer"));
}

TEST(StartupTest, ConfigCheckReportsAndExits) {
  std::string good = WriteConfig();
  HostProcess ok({"config", "check", "--config", good});
  EXPECT_EQ(RunToExit(ok), 0);
  std::string bad = WriteTempFile("bad.toml", "[plugins.x]\npath = \"/no/such.so\"\n");
  HostProcess missing({"config", "check", "--config", bad});
  EXPECT_EQ(RunToExit(missing), 1);
  EXPECT_THAT(missing.Stderr(), HasSubstr(bad + ":1: plugins.x.path: no such plugin file: /no/such.so"));
  HostProcess env({"config", "check", "--config", good}, {{"ODMCP_HTTP__MAX_THREADS", "lots"}});
  EXPECT_EQ(RunToExit(env), 1);
  EXPECT_THAT(env.Stderr(), HasSubstr("environment variable ODMCP_HTTP__MAX_THREADS"));
}

TEST(StartupTest, RequiredPluginFailureStopsStartup) {
  std::string config = WriteTempFile(
      "required.toml", "[tenants]\nmode = \"none\"\n[plugins]\ndir = \"" + TestPluginDir() + "\"\n[plugins.wrongmajor]\nrequired = true\n");
  HostProcess host({"serve", "--config", config, "--http", "127.0.0.1:0"});
  EXPECT_EQ(RunToExit(host), 1);
  EXPECT_THAT(host.Stderr(), HasSubstr("plugin \"wrongmajor\" (" + TestPluginDir() + "/wrongmajor.so): built for "
                                       "ABI 2.0, this host speaks ABI " +
                                       std::to_string(ODMCP_ABI_MAJOR) + "." +
                                       std::to_string(ODMCP_ABI_MINOR)));
}

TEST(StartupTest, OptionalPluginFailureIsSkippedWithAnErrorLine) {
  std::string config = WriteConfig("[plugins.initfails]\npath = \"" + TestPluginDir() + "/initfails.so\"\n");
  std::unique_ptr<HostProcess> host = HostProcess::Http(config);
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  EXPECT_TRUE(http.Alive(http.Initialize()));
  EXPECT_EQ(host->Stop(), 0);
  EXPECT_THAT(host->Stderr(), HasSubstr(R"("level":"error","msg":"optional plugin skipped","plugin":"initfails")"));
  EXPECT_THAT(host->Stderr(), HasSubstr("settings.api_url is required"));
}

TEST(StartupTest, EnvironmentPointsAnUnchangedConfigElsewhere) {
  // The shipped example config, unchanged, with its plugin directory,
  // listen address and tenant mode overridden from the environment.
  HostProcess host({"serve", "--config", SourceDir() + "/config/orderdesk-mcp.toml"},
                   {{"ODMCP_PLUGINS__DIR", PluginDir()},
                    {"ODMCP_HTTP__LISTEN", "127.0.0.1:0"},
                    {"ODMCP_TENANTS__MODE", "none"}});
  std::string url = host.WaitForFirstLine();
  ASSERT_THAT(url, HasSubstr("http://127.0.0.1:")) << host.Stderr();
  McpHttp http(url);
  EXPECT_TRUE(http.Alive(http.Initialize()));
  EXPECT_EQ(host.Stop(), 0);
}

TEST(StartupTest, UsageErrors) {
  HostProcess none({});
  EXPECT_EQ(RunToExit(none), 2);
  HostProcess unknown({"serv"});
  EXPECT_EQ(RunToExit(unknown), 2);
  EXPECT_THAT(unknown.Stderr(), HasSubstr("unknown command \"serv\""));
  HostProcess bad_listen({"serve", "--config", WriteConfig(), "--http", "nowhere"});
  EXPECT_EQ(RunToExit(bad_listen), 2);
  EXPECT_THAT(bad_listen.Stderr(), HasSubstr("--http: expected HOST:PORT"));
}

}  // namespace
}  // namespace odmcp::testing

namespace odmcp::testing {
namespace {

TEST(ShutdownTest, SigtermLetsACallInProgressFinishAndDoesNotWaitForIdleConnections) {
  // A keep-alive timeout far longer than the wait below: exiting in time
  // shows idle connections are closed, not waited out.
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(WriteConfig("[http]\nkeep_alive_timeout_s = 60\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp idle(host->url());
  std::string session = idle.Initialize();  // leaves an idle keep-alive connection

  McpHttp busy(host->url());
  std::string body;
  std::thread stopper;
  httplib::Request request;
  request.method = "POST";
  request.path = busy.path();
  request.headers = {{"Accept", "application/json, text/event-stream"},
                     {"Content-Type", "application/json"},
                     {"Mcp-Session-Id", session}};
  request.body =
      R"({"jsonrpc":"2.0","id":"last","method":"tools/call","params":{"name":"test_tool_with_progress","arguments":{},"_meta":{"progressToken":1}}})";
  request.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    body.append(data, len);
    // The call is under way (its first progress event arrived): stop now.
    if (!stopper.joinable()) stopper = std::thread([&] { host->Stop(); });
    return true;
  };
  httplib::Result r = busy.client().send(request);
  ASSERT_TRUE(r);
  EXPECT_THAT(body, HasSubstr(R"("id":"last","result":{"content":[{"type":"text","text":"Progress test completed"}])"));
  stopper.join();
  EXPECT_EQ(host->Wait(), 0);
}

}  // namespace
}  // namespace odmcp::testing
