// The products plugin: a store's OrderDesk inventory items.
//
//   products_list          a page of products, optionally by SKU
//   products_get           one product
//   products_create        add a product
//   products_update        change some fields of a product, keeping the rest
//   products_delete        remove a product
//   products_batch_update  change many products in one OrderDesk write
//
// Settings ([plugins.products.settings]):
//   base_url       OrderDesk's API root (default https://app.orderdesk.me/api/v2)
//   product_ttl_s  how long a product read stays cached (1..86400, default 60)
//   list_ttl_s     how long a products_list page stays cached (1..86400,
//                  default 60)
//   upstream_burst, upstream_per_second
//                  each store's rate-limit bucket, as the stores plugin's:
//                  give the three OrderDesk plugins the same values
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/plugin_setup.h"
#include "plugins/products/tools.h"

namespace odmcp::products {
namespace {

constexpr int64_t kDefaultProductTtlS = 60;
constexpr int64_t kDefaultListTtlS = 60;
constexpr int64_t kMaxTtlS = 86400;

class ProductsPlugin : public Plugin {
 public:
  odmcp_status Init(const rapidjson::Value& settings, std::string* error) override {
    std::vector<orderdesk::IntegerSetting> integers = {
        {"product_ttl_s", 1, kMaxTtlS, kDefaultProductTtlS},
        {"list_ttl_s", 1, kMaxTtlS, kDefaultListTtlS}};
    std::optional<orderdesk::OrderDeskClient> client;
    orderdesk::Status status =
        orderdesk::SetUpClient(host(), "products", settings, &integers, &client);
    if (!status.ok()) {
      *error = status.message();
      return status.code();
    }
    context_.reset(new Context{*std::move(client), integers[0].value * 1000,
                               integers[1].value * 1000, {}});
    return orderdesk::RegisterTools(
        [this](const ToolSpec& spec, ToolHandler handler) { return AddTool(spec, std::move(handler)); },
        context_.get(),
        {ProductsListTool, ProductsGetTool, ProductsCreateTool, ProductsUpdateTool,
         ProductsDeleteTool, ProductsBatchUpdateTool},
        error);
  }

 private:
  // Outlives every call: the host calls shutdown (which destroys the plugin)
  // only after every call has returned.
  std::unique_ptr<Context> context_;
};

}  // namespace
}  // namespace odmcp::products

ODMCP_PLUGIN(odmcp::products::ProductsPlugin, "products", "0.1.0",
             "OrderDesk products (inventory items): list, read, create, update, delete")
