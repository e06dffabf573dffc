// Test support for the orders plugin: a host process serving the stores and
// orders plugins for one tenant with the demo store registered, the sandbox
// behind it, and ways to read the sandbox's own state (its orders and its
// request counters) without going through the plugin.
#ifndef ODMCP_TESTS_INTEGRATION_ORDERS_ORDERS_TEST_SUPPORT_H_
#define ODMCP_TESTS_INTEGRATION_ORDERS_ORDERS_TEST_SUPPORT_H_

#include <rapidjson/document.h>

#include <memory>
#include <set>
#include <string>

#include "tests/integration/tenants_support.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::testing {

// The sandbox's request counters at one moment.
class SandboxStats {
 public:
  explicit SandboxStats(rapidjson::Document stats) : stats_(std::move(stats)) {}

  // Requests to store 1001 on a route label, e.g. "GET /orders/{order_id}".
  int Route(const std::string& route) const;
  // Requests to store 1001 with a method other than GET: its writes.
  int Writes() const;
  // Replies with this HTTP status, over every store.
  int Responses(const std::string& status) const;
  // Faults the sandbox injected of a kind, e.g. "drops_after".
  int FaultsInjected(const std::string& kind) const;
  std::string Text() const;

 private:
  rapidjson::Document stats_;
};

// World options with `orders_per_store` seeded orders per store and the
// sandbox's rate limit on or off.
WorldOptions SeededWith(int64_t orders_per_store, bool sandbox_rate_limit = false);

class OrdersWorld {
 public:
  // A world serving the orders plugin with `order_settings` (TOML lines for
  // [plugins.orders.settings]) and the demo store registered by a tenant.
  explicit OrdersWorld(WorldOptions options = {}, const std::string& order_settings = "");

  // tools/call as the tenant. The reply is checked to be an HTTP 200 with a
  // JSON-RPC result.
  ToolReply Call(const std::string& tool, const std::string& args_json);
  // Call() that must succeed; returns its structuredContent.
  rapidjson::Document Ok(const std::string& tool, const std::string& args_json);

  // The sandbox's own view of order `id` (GET /orders/{id} with the store's
  // credentials): the "order" object.
  rapidjson::Document SandboxOrder(const std::string& id);
  // The ids of every order of the demo store, from the sandbox, sorted.
  rapidjson::Document SandboxOrderIds();
  // The source_id of every order of the demo store, from the sandbox.
  std::multiset<std::string> SandboxSourceIds();
  // Replaces order `id` in the sandbox directly (a full PUT of `order`), as
  // another OrderDesk client would.
  void SandboxPut(const std::string& id, const rapidjson::Value& order);
  SandboxStats Stats();
  // Sets the sandbox's faults (POST /_sandbox/faults, sandbox/README.md).
  void SetSandboxFaults(const std::string& json);
  // Spends the demo store's OrderDesk tokens in the sandbox, as another
  // client of the store would: GET /store until the sandbox answers 429.
  // Returns how many requests that took.
  int DrainSandboxBucket();
  // Folder id of `name` in the demo store, from the sandbox's GET /store.
  std::string FolderId(const std::string& name);

  TenantWorld& world() { return *world_; }
  McpHttp& http() { return *http_; }
  const std::string& url() const { return host_->url(); }
  // What the host process wrote to stderr so far, for failure messages.
  std::string HostLog() { return host_->Stderr(); }
  const std::string& key() const { return key_; }

 private:
  std::unique_ptr<TenantWorld> world_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<McpHttp> http_;
  std::unique_ptr<sandbox::testing::ApiClient> api_;
  std::string key_;
};

// Compact JSON text of a value.
std::string Json(const rapidjson::Value& value);

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_ORDERS_ORDERS_TEST_SUPPORT_H_
