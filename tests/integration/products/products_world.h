// Test support for the products plugin: the real host over HTTP serving the
// stores and products plugins against an in-process OrderDesk sandbox, one
// tenant whose default store is the sandbox's demo store (1001), and direct
// access to the sandbox's own state and request counters.
#ifndef ODMCP_TESTS_INTEGRATION_PRODUCTS_PRODUCTS_WORLD_H_
#define ODMCP_TESTS_INTEGRATION_PRODUCTS_PRODUCTS_WORLD_H_

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "tests/integration/tenants_support.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::testing {

// Requests the sandbox counted for the demo store, by route label
// ("GET /inventory-items/{id}").
using RouteCounts = std::map<std::string, int64_t>;

class ProductsWorld {
 public:
  // `product_settings`: extra lines for [plugins.products.settings].
  explicit ProductsWorld(const std::string& product_settings = "");

  // Whether the host started and the demo store was registered; the
  // reason is in failure() otherwise.
  bool ready() const { return failure_.empty(); }
  const std::string& failure() const { return failure_; }

  // A tools/call as the tenant (stateless, so the store falls back to the
  // tenant's default store when `store` is not given).
  ToolReply Call(const std::string& tool, const std::string& args_json);
  // tools/list as the tenant: the reply's result.
  rapidjson::Document ListTools();

  // GET `path` (under /api/v2) from the sandbox directly, with the store's
  // credentials: what the sandbox itself holds, outside the host.
  sandbox::testing::Reply SandboxGet(const std::string& path);
  // The sandbox's own copy of inventory item `id` (HTTP status 404 when
  // there is none).
  sandbox::testing::Reply SandboxItem(int64_t id);
  // Replaces item `id` in the sandbox directly: another writer.
  sandbox::testing::Reply SandboxPut(int64_t id, const std::string& item_json);

  RouteCounts Routes();
  // The writes among `routes`: every POST, PUT and DELETE.
  static int64_t Writes(const RouteCounts& routes);
  // The count of `route` (0 when the sandbox counted none).
  static int64_t Count(const RouteCounts& routes, const std::string& route);

 private:
  TenantWorld world_;
  std::unique_ptr<HostProcess> host_;
  std::unique_ptr<McpHttp> http_;
  std::unique_ptr<sandbox::testing::ApiClient> sandbox_api_;
  std::string key_;
  std::string failure_;
};

// A fresh world per test: every test starts from the seeded sandbox.
class ProductsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = std::make_unique<ProductsWorld>();
    ASSERT_TRUE(world_->ready()) << world_->failure();
  }

  ProductsWorld& world() { return *world_; }

 private:
  std::unique_ptr<ProductsWorld> world_;
};

// The reply's structuredContent (a null value when absent).
const rapidjson::Value& Structured(const ToolReply& reply);

// The sandbox reply's inventory_item (a null value when absent).
const rapidjson::Value& SandboxProduct(const sandbox::testing::Reply& reply);

// Compact JSON text of a member, or "<absent>".
std::string MemberJson(const rapidjson::Value& object, const char* key);

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_PRODUCTS_PRODUCTS_WORLD_H_
