#include "tests/integration/tenants_support.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/support/host_process.h"

namespace odmcp::testing {
namespace {

std::string Base64(const std::string& raw) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(raw[i])) << 16) | (uint32_t(uint8_t(raw[i + 1])) << 8) |
                 uint8_t(raw[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(n >> s) & 63]);
  }
  if (i < raw.size()) {
    uint32_t n = uint32_t(uint8_t(raw[i])) << 16;
    if (i + 1 < raw.size()) n |= uint32_t(uint8_t(raw[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < raw.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string Dir(const std::string& file) { return file.substr(0, file.rfind('/')); }

}  // namespace

std::string StoreApiKey(int id) { return "ApiKeyZebra" + std::to_string(id) + "-secret-find-me"; }

TenantWorld::TenantWorld(int extra_stores, const std::string& extra_config)
    : TenantWorld([&] {
        WorldOptions options;
        options.extra_stores = extra_stores;
        options.extra_config = extra_config;
        return options;
      }()) {}

TenantWorld::TenantWorld(const WorldOptions& world) {
  sandbox::SandboxOptions options = sandbox::testing::TestOptions();
  options.orders_per_store = world.orders_per_store;
  options.rate_limit = world.sandbox_rate_limit;
  options.request_log = world.sandbox_request_log;
  options.stores.push_back({"1001", kDemoApiKey, "Sandbox Demo Store"});
  for (int i = 1; i <= world.extra_stores; ++i) {
    options.stores.push_back(
        {std::to_string(3000 + i), StoreApiKey(3000 + i), "Store " + std::to_string(3000 + i)});
  }
  sandbox_ = std::make_unique<sandbox::testing::TestSandbox>(options);
  const std::string base_url =
      "base_url = \"" + sandbox_url() + "/api/v2\"\n" + world.upstream_settings;
  std::string plugins;
  for (const auto& [plugin, settings] : world.plugins) {
    plugins += "[plugins." + plugin + "]\nrequired = true\n[plugins." + plugin + ".settings]\n" +
               base_url + settings;
  }
  config_ = WriteTempFile("tenants.toml",
                          "[http]\nlisten = \"127.0.0.1:0\"\n"
                          "[storage]\npath = \"odmcp.db\"\n"
                          "[plugins]\ndir = \"" + PluginDir() + "\"\n"
                          "[plugins.stores]\nrequired = true\n"
                          "[plugins.stores.settings]\n" + base_url + plugins +
                              world.extra_config);
  database_ = Dir(config_) + "/odmcp.db";
  // Each world starts empty, even when a test runs again in the same
  // temporary directory.
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((database_ + suffix).c_str());
}

std::string TenantWorld::KmsBase64() const { return Base64(kKmsRaw); }

std::map<std::string, std::string> TenantWorld::Env(std::map<std::string, std::string> extra) const {
  extra.emplace("ODMCP_KMS_KEY", KmsBase64());
  return extra;
}

TenantWorld::CliResult TenantWorld::Cli(std::vector<std::string> args,
                                        std::map<std::string, std::string> env) {
  args.push_back("--config");
  args.push_back(config_);
  HostProcess process(args, Env(std::move(env)));
  CliResult result;
  process.CloseInput();
  std::optional<int> status = process.Wait(std::chrono::seconds(60));
  result.status = status.value_or(-1);
  while (std::optional<std::string> line = process.ReadLine(std::chrono::milliseconds(100))) {
    result.out += *line + "\n";
  }
  result.err = process.Stderr();
  return result;
}

std::string TenantWorld::CreateTenant(const std::string& name) {
  CliResult created = Cli({"tenant", "create", name});
  EXPECT_EQ(created.status, 0) << created.err;
  std::string key = created.out.substr(0, created.out.find('\n'));
  EXPECT_EQ(key.rfind("odmk_", 0), 0u) << created.out;
  return key;
}

std::unique_ptr<HostProcess> TenantWorld::StartHttp() { return HostProcess::Http(config_, Env()); }

bool ToolReply::is_error() const {
  const rapidjson::Value* e = json.IsObject() && json.HasMember("isError") ? &json["isError"] : nullptr;
  return e != nullptr && e->IsBool() && e->GetBool();
}

std::string ToolReply::text() const {
  if (!json.IsObject() || !json.HasMember("content") || !json["content"].IsArray()) return {};
  for (const auto& block : json["content"].GetArray()) {
    if (block.HasMember("text") && block["text"].IsString()) return block["text"].GetString();
  }
  return {};
}

ToolReply CallTool(McpHttp& http, const std::string& key, const std::string& tool,
                   const std::string& args_json, const std::string& session,
                   const httplib::Headers& extra) {
  ToolReply reply;
  httplib::Headers headers = {{"Authorization", "Bearer " + key}};
  headers.insert(extra.begin(), extra.end());
  std::string body;
  if (session.empty()) {
    for (const auto& [k, v] : StatelessHeaders("tools/call", tool)) headers.emplace(k, v);
    body = StatelessRequest("1", "tools/call",
                            R"("name":")" + tool + R"(","arguments":)" + args_json);
  } else {
    headers.emplace("Mcp-Session-Id", session);
    body = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":")" + tool +
           R"(","arguments":)" + args_json + "}}";
  }
  httplib::Result r = http.Post(body, headers);
  if (!r) return reply;
  reply.http_status = r->status;
  reply.body = r->body;
  rapidjson::Document doc = ParseJson(r->body);
  if (doc.IsObject() && doc.HasMember("result")) {
    reply.json.CopyFrom(doc["result"], reply.json.GetAllocator());
  } else {
    reply.json.Swap(doc);
  }
  return reply;
}

}  // namespace odmcp::testing
