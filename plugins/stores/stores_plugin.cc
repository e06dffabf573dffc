// The stores plugin: the OrderDesk stores a tenant works with.
//
//   tenant_use_master_key  authenticate a stdio connection as a tenant
//   stores_register        verify a store's credentials, then keep them
//   stores_list            the registered stores, default and active
//   stores_use             the session's active store
//   stores_set_default     the tenant's default store
//   stores_delete          forget a store
//   stores_resolve         which store an id or name means
//   stores_refresh         read a store's settings and folders again
//
// Settings ([plugins.stores.settings]):
//   base_url             OrderDesk's API root (default
//                        https://app.orderdesk.me/api/v2)
//   upstream_burst       requests to one store at once (1..1000000,
//                        default 18)
//   upstream_per_second  requests to one store a second after those
//                        (1..1000000, default 3)
// The last two size each store's rate-limit bucket, shared with the orders
// and products plugins, which must be given the same values; a change takes
// a restart. The defaults suit OrderDesk (client.h); other upstreams, such
// as the sandbox run without its limit, may allow more.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/plugin_setup.h"
#include "plugins/stores/tools.h"

namespace odmcp::stores {
namespace {

class StoresPlugin : public Plugin {
 public:
  odmcp_status Init(const rapidjson::Value& settings, std::string* error) override {
    std::vector<orderdesk::IntegerSetting> integers;
    std::optional<orderdesk::OrderDeskClient> client;
    orderdesk::Status status = orderdesk::SetUpClient(host(), "stores", settings, &integers, &client);
    if (!status.ok()) {
      *error = status.message();
      return status.code();
    }
    context_ = std::make_unique<Context>(Context{*std::move(client)});
    return orderdesk::RegisterTools(
        [this](const ToolSpec& spec, ToolHandler handler) { return AddTool(spec, std::move(handler)); },
        context_.get(),
        {TenantUseMasterKeyTool, StoresRegisterTool, StoresListTool, StoresUseTool,
         StoresSetDefaultTool, StoresDeleteTool, StoresResolveTool, StoresRefreshTool},
        error);
  }

 private:
  // Outlives every call: the host calls shutdown (which destroys the plugin)
  // only after every call has returned.
  std::unique_ptr<Context> context_;
};

}  // namespace
}  // namespace odmcp::stores

ODMCP_PLUGIN(odmcp::stores::StoresPlugin, "stores", "0.1.0",
             "OrderDesk stores: register, list, choose and refresh")
