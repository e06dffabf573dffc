// The orders plugin: a store's orders and their shipments.
//
//   orders_get             one order, whole
//   orders_list            search with every OrderDesk filter, paging
//   orders_create          a new order
//   orders_update          change fields, keeping the rest (merge, full PUT)
//   orders_delete          delete an order
//   orders_move            move orders to a folder (its rules run)
//   orders_add_items       add items
//   orders_update_address  change an address
//   orders_add_note        add a note once, or a history entry
//   orders_history         an order's history log
//   shipments_list         an order's shipments
//   shipments_add          add a shipment
//   shipments_update       change a shipment
//   shipments_delete       delete a shipment
//   shipments_batch_add    add shipments to many orders at once
// and resources, completions and prompts (mcp_surface.h).
//
// Settings ([plugins.orders.settings]):
//   base_url        OrderDesk's API root (default https://app.orderdesk.me/api/v2)
//   order_ttl_s     how long an order (its history, its shipments) stays
//                   cached (1..3600, default 15)
//   list_ttl_s      how long an orders_list result stays cached (1..3600,
//                   default 15)
//   settings_ttl_s  how long store settings and folders stay cached
//                   (1..86400, default 300)
//   upstream_burst, upstream_per_second
//                   each store's rate-limit bucket, as the stores plugin's:
//                   give the three OrderDesk plugins the same values
// Writes through these tools show at once whatever the TTLs: each drops
// what it changed from the cache.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/plugin_setup.h"
#include "plugins/orders/mcp_surface.h"
#include "plugins/orders/tools.h"

namespace odmcp::orders {
namespace {

constexpr int64_t kDefaultOrderTtlS = 15;
constexpr int64_t kDefaultListTtlS = 15;
constexpr int64_t kDefaultSettingsTtlS = 300;

class OrdersPlugin : public Plugin {
 public:
  odmcp_status Init(const rapidjson::Value& settings, std::string* error) override {
    std::vector<orderdesk::IntegerSetting> integers = {
        {"order_ttl_s", 1, 3600, kDefaultOrderTtlS},
        {"list_ttl_s", 1, 3600, kDefaultListTtlS},
        {"settings_ttl_s", 1, 86400, kDefaultSettingsTtlS}};
    std::optional<orderdesk::OrderDeskClient> client;
    orderdesk::Status status = orderdesk::SetUpClient(host(), "orders", settings, &integers, &client);
    if (!status.ok()) {
      *error = status.message();
      return status.code();
    }
    context_ = std::make_unique<Context>(*std::move(client), integers[0].value * 1000,
                                         integers[1].value * 1000, integers[2].value * 1000);
    odmcp_status registered = orderdesk::RegisterTools(
        [this](const ToolSpec& spec, ToolHandler handler) { return AddTool(spec, std::move(handler)); },
        context_.get(),
        {OrdersGetTool, OrdersListTool, OrdersCreateTool, OrdersUpdateTool, OrdersDeleteTool,
         OrdersMoveTool, OrdersAddItemsTool, OrdersUpdateAddressTool, OrdersAddNoteTool,
         OrdersHistoryTool, ShipmentsListTool, ShipmentsAddTool, ShipmentsUpdateTool,
         ShipmentsDeleteTool, ShipmentsBatchAddTool},
        error);
    if (registered != ODMCP_OK) return registered;
    for (ResourceEntry& resource : OrderResources(context_.get())) {
      registered = AddResource(resource.spec, std::move(resource.read), std::move(resource.list),
                               std::move(resource.complete));
      if (registered != ODMCP_OK) {
        *error = "registering resource " + resource.spec.name + " failed";
        return registered;
      }
    }
    for (PromptEntry& prompt : OrderPrompts(context_.get())) {
      registered = AddPrompt(prompt.spec, std::move(prompt.get), std::move(prompt.complete));
      if (registered != ODMCP_OK) {
        *error = "registering prompt " + prompt.spec.name + " failed";
        return registered;
      }
    }
    return ODMCP_OK;
  }

 private:
  // Outlives every call: the host calls shutdown (which destroys the plugin)
  // only after every call has returned.
  std::unique_ptr<Context> context_;
};

}  // namespace
}  // namespace odmcp::orders

ODMCP_PLUGIN(odmcp::orders::OrdersPlugin, "orders", "0.1.0",
             "OrderDesk orders and shipments: find, read, change, move")
