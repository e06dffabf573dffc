#include "tests/integration/integration_support.h"

#include <gtest/gtest.h>

namespace odmcp::testing {

std::string WriteConfig(const std::string& extra) {
  return WriteTempFile("odmcp.toml",
                       "[tenants]\nmode = \"none\"\n"
                       "[plugins]\ndir = \"" + PluginDir() + "\"\n"
                       "[plugins.diagnostics]\nrequired = true\n"
                       "[plugins.conformance]\nrequired = true\npath = \"" + TestPluginDir() +
                           "/conformance.so\"\n" + extra);
}

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

McpHttp::McpHttp(const std::string& url)
    : client_(url.substr(0, url.find('/', url.find("//") + 2))),
      path_(url.substr(url.find('/', url.find("//") + 2))) {
  client_.set_read_timeout(10, 0);
  // Without it every POST of a keep-alive connection waits ~40 ms for the
  // delayed ACK of the one before (Nagle).
  client_.set_tcp_nodelay(true);
}

httplib::Result McpHttp::Post(const std::string& body, httplib::Headers headers) {
  httplib::Headers all = {{"Accept", "application/json, text/event-stream"}};
  for (const auto& [k, v] : headers) {
    all.erase(k);
    all.emplace(k, v);
  }
  std::string content_type = "application/json";
  if (auto it = all.find("Content-Type"); it != all.end()) {
    content_type = it->second;
    all.erase(it);
  }
  return client_.Post(path_.c_str(), all, body, content_type.c_str());
}

std::string McpHttp::Initialize(const std::string& version) {
  httplib::Result r = Post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" +
                           version + R"(","capabilities":{},"clientInfo":{"name":"it","version":"1"}}})");
  EXPECT_TRUE(r) << "no response";
  if (!r) return "";
  EXPECT_EQ(r->status, 200) << r->body;
  return r->get_header_value("Mcp-Session-Id");
}

rapidjson::Document McpHttp::Legacy(const std::string& session, const std::string& body,
                                    int* status) {
  httplib::Result r = Post(body, {{"Mcp-Session-Id", session}});
  EXPECT_TRUE(r);
  if (!r) return rapidjson::Document();
  if (status != nullptr) *status = r->status;
  return ParseJson(r->body);
}

bool McpHttp::Alive(const std::string& session) {
  httplib::Result r = Post(R"({"jsonrpc":"2.0","id":"alive","method":"ping"})",
                           {{"Mcp-Session-Id", session}});
  return r && r->status == 200 && r->body.find(R"("result":{})") != std::string::npos;
}

std::string StatelessRequest(const std::string& id, const std::string& method,
                             const std::string& params) {
  return R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":")" + method + R"(","params":{)" + params +
         (params.empty() ? "" : ",") +
         R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
         R"("io.modelcontextprotocol/clientCapabilities":{}}}})";
}

httplib::Headers StatelessHeaders(const std::string& method, const std::string& name) {
  httplib::Headers h = {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", method}};
  if (!name.empty()) h.emplace("Mcp-Name", name);
  return h;
}

int64_t Metric(httplib::Client& client, const std::string& name) {
  httplib::Result r = client.Get("/metrics");
  if (!r || r->status != 200) return -1;
  size_t at = r->body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(r->body.substr(at + name.size() + 2));
}

}  // namespace odmcp::testing
