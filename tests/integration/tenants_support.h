// Test support for tenants, the vault and the stores plugin: an in-process
// OrderDesk sandbox, a temporary database under a known KMS key, tenants
// created with the real admin CLI, and tool calls over HTTP with a key.
#ifndef ODMCP_TESTS_INTEGRATION_TENANTS_SUPPORT_H_
#define ODMCP_TESTS_INTEGRATION_TENANTS_SUPPORT_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/integration_support.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::testing {

// Secrets chosen to be easy to find in any output.
inline constexpr const char* kKmsRaw = "KMSSECRET-find-me-KMSSECRET-find-me-KMSSECRET";
inline constexpr const char* kDemoApiKey = "SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz";

// The API key of sandbox store `id` in TenantWorld (ids 3001..3000+n).
std::string StoreApiKey(int id);

// What a TenantWorld serves, beyond the defaults.
struct WorldOptions {
  int extra_stores = 0;
  std::string extra_config;  // appended to the config (more tables or keys)
  int64_t orders_per_store = 20;
  bool sandbox_rate_limit = false;  // the sandbox's per-store 20-token, 3/s bucket
  // OrderDesk plugins served besides stores ("orders", "products"), by name,
  // each with base_url pointing at the sandbox plus the given lines in its
  // settings table ("order_ttl_s = 60\n", or "").
  std::map<std::string, std::string> plugins;
  // Lines for the settings of every OrderDesk plugin, stores included, such
  // as the shared bucket's "upstream_burst = 1000\n", which all must agree on.
  std::string upstream_settings;
  // The sandbox's request log (SandboxOptions::request_log); empty: none.
  std::string sandbox_request_log;
};

// A sandbox with the demo store and `extra_stores` more, a database in a
// fresh directory, and a config serving the stores plugin against them.
class TenantWorld {
 public:
  explicit TenantWorld(int extra_stores = 0, const std::string& extra_config = "");
  explicit TenantWorld(const WorldOptions& options);

  const std::string& config() const { return config_; }
  const std::string& database() const { return database_; }
  const std::string& sandbox_url() const { return sandbox_->base_url(); }
  sandbox::Sandbox& sandbox() { return sandbox_->sandbox(); }
  // The environment every host process of this world gets (the KMS key,
  // the sandbox's URL), plus `extra`.
  std::map<std::string, std::string> Env(std::map<std::string, std::string> extra = {}) const;
  std::string KmsBase64() const;

  // `orderdesk-mcp tenant create NAME`: the printed master key.
  std::string CreateTenant(const std::string& name);
  // Runs `orderdesk-mcp <args> --config <config>` with the world's
  // environment plus `env`; returns the exit status, stdout and stderr.
  struct CliResult {
    int status = -1;
    std::string out;
    std::string err;
  };
  CliResult Cli(std::vector<std::string> args, std::map<std::string, std::string> env = {});

  std::unique_ptr<HostProcess> StartHttp();

 private:
  std::unique_ptr<sandbox::testing::TestSandbox> sandbox_;
  std::string config_;
  std::string database_;
};

// A tools/call over HTTP, stateless era, authenticated with `key`: the
// parsed result (the reply's "result" member, or the whole reply when it
// has none) and the HTTP status.
struct ToolReply {
  int http_status = 0;
  std::string body;
  rapidjson::Document json;
  bool is_error() const;
  std::string text() const;  // the first text content block
};
// `extra` headers go with the request (X-Request-ID, traceparent).
ToolReply CallTool(McpHttp& http, const std::string& key, const std::string& tool,
                   const std::string& args_json, const std::string& session = "",
                   const httplib::Headers& extra = {});

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_TENANTS_SUPPORT_H_
