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
//   base_url        OrderDesk's API root (default https://app.orderdesk.me/api/v2)
//   settings_ttl_s  how long store settings and folders stay cached (1..86400,
//                   default 300)
#include <memory>
#include <string>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/settings.h"
#include "plugins/stores/tools.h"

namespace odmcp::stores {
namespace {

constexpr int64_t kDefaultSettingsTtlS = 300;

class StoresPlugin : public Plugin {
 public:
  odmcp_status Init(const rapidjson::Value& settings, std::string* error) override {
    orderdesk::ClientSettings client;
    std::vector<orderdesk::IntegerSetting> integers = {
        {"settings_ttl_s", 1, 86400, kDefaultSettingsTtlS}};
    orderdesk::Status status = orderdesk::ParseSettings("stores", settings, &client, &integers);
    bool rate_limited = false;
    if (status.ok()) status = orderdesk::OrderDeskClient::DeclareRateLimit(host(), &rate_limited);
    if (!status.ok()) {
      *error = status.message();
      return status.code();
    }
    if (!rate_limited) {
      host().Log(ODMCP_LOG_WARNING,
                 "this host has no rate limiter: requests to OrderDesk are not paced, and "
                 "OrderDesk's own 429 replies are the only limit");
    }
    context_ = std::make_unique<Context>(
        Context{orderdesk::OrderDeskClient(client.base_url, rate_limited), integers[0].value * 1000});

    for (Tool (*make)() : {TenantUseMasterKeyTool, StoresRegisterTool, StoresListTool,
                           StoresUseTool, StoresSetDefaultTool, StoresDeleteTool,
                           StoresResolveTool, StoresRefreshTool}) {
      Tool tool = make();
      const Context* context = context_.get();
      odmcp_status registered = AddTool(
          tool.spec, [context, run = tool.run](Call& call, const rapidjson::Value& args) {
            return run(*context, call, args);
          });
      if (registered != ODMCP_OK) {
        *error = "registering tool " + tool.spec.name + " failed";
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
}  // namespace odmcp::stores

ODMCP_PLUGIN(odmcp::stores::StoresPlugin, "stores", "0.1.0",
             "OrderDesk stores: register, list, choose and refresh")
