#include "tests/edge/edge_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "tests/support/eventually.h"

namespace odmcp::testing {

std::string EdgeConfig(const std::string& extra) {
  return WriteConfig("[plugins.edgefix]\npath = \"" + TestPluginDir() + "/edgefix.so\"\n" + extra);
}

std::string TenantConfig(const std::string& extra) {
  const std::string database = WriteTempFile("tenants.db", "");
  std::filesystem::remove(database);
  return WriteTempFile(
      "tenants.toml",
      "[tenants]\nmode = \"required\"\n"
      "[storage]\npath = \"" + database + "\"\n"
      "[plugins]\ndir = \"" + PluginDir() + "\"\n"
      "[plugins.diagnostics]\nrequired = true\n"
      "[plugins.edgefix]\npath = \"" + TestPluginDir() + "/edgefix.so\"\n" + extra);
}

std::map<std::string, std::string> TenantEnv() {
  // base64 of 32 fixed bytes: a test's key, never a real one.
  return {{"ODMCP_KMS_KEY", "ZWRnZS10ZXN0cy1rbXMta2V5LTMyLWJ5dGVzLWxvbmc="}};
}

std::string CreateTenant(const std::string& config, const std::string& name) {
  HostProcess cli({"tenant", "create", name, "--config", config}, TenantEnv());
  cli.CloseInput();
  EXPECT_EQ(cli.Wait(std::chrono::seconds(60)), 0) << cli.Stderr();
  std::string key = cli.ReadLine(std::chrono::seconds(1)).value_or("");
  EXPECT_EQ(key.rfind("odmk_", 0), 0u) << key << cli.Stderr();
  return key;
}

UrlParts SplitUrl(const std::string& url) {
  UrlParts parts;
  const size_t host_start = url.find("//") + 2;
  const size_t colon = url.find(':', host_start);
  const size_t slash = url.find('/', host_start);
  parts.host = url.substr(host_start, colon - host_start);
  parts.port = std::stoi(url.substr(colon + 1, slash - colon - 1));
  parts.path = url.substr(slash);
  return parts;
}

std::string RawRequest(const std::string& method, const UrlParts& url, const HeaderList& headers,
                       const std::string& body) {
  std::string request = method + " " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" +
                        std::to_string(url.port) + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  if (!body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return request + "\r\n" + body;
}

std::string RawStatelessPost(const UrlParts& url, const std::string& id, const std::string& method,
                             const std::string& params, const std::string& name,
                             const HeaderList& extra) {
  HeaderList headers = {{"Content-Type", "application/json"},
                        {"Accept", "application/json, text/event-stream"},
                        {"MCP-Protocol-Version", "2026-07-28"},
                        {"Mcp-Method", method}};
  if (!name.empty()) headers.emplace_back("Mcp-Name", name);
  headers.insert(headers.end(), extra.begin(), extra.end());
  return RawRequest("POST", url, headers, StatelessRequest(id, method, params));
}

bool WaitForLog(HostProcess& host, const std::string& text, std::chrono::milliseconds timeout) {
  return Eventually([&] { return host.Stderr().find(text) != std::string::npos; }, timeout,
                    std::chrono::milliseconds(1));
}

bool Live(const std::string& url) {
  httplib::Client client(url.substr(0, url.find('/', 7)));
  httplib::Result r = client.Get("/health/live");
  return r && r->status == 200;
}

std::string RawLegacyCallWithProgress(const UrlParts& url, const std::string& session,
                                      const std::string& tool) {
  return RawRequest("POST", url,
                    {{"Content-Type", "application/json"},
                     {"Accept", "application/json, text/event-stream"},
                     {"Mcp-Session-Id", session}},
                    R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":")" + tool +
                        R"(","arguments":{},"_meta":{"progressToken":"p"}}})");
}

edge::LatencySummary TimeFreshPings(const std::string& url, size_t n,
                                    const httplib::Headers& extra) {
  const std::string body =
      StatelessRequest("1", "tools/call", R"("name":"system_ping","arguments":{})");
  httplib::Headers headers = StatelessHeaders("tools/call", "system_ping");
  headers.insert(extra.begin(), extra.end());
  return edge::MeasureSequential(n, [&] {
    McpHttp http(url);
    httplib::Result r = http.Post(body, headers);
    return r && r->status == 200 && r->body.find("\"isError\"") == std::string::npos;
  });
}

std::vector<std::string> LoopbackAddresses(int first, int count) {
  std::vector<std::string> addresses;
  for (int i = 0; i < count; ++i) addresses.push_back("127.0.0." + std::to_string(first + i));
  return addresses;
}

}  // namespace odmcp::testing
