// What every OrderDesk plugin's Init() does: read its settings, declare the
// shared per-store rate limit, and register its tools, each bound to the
// plugin's context.
#ifndef ODMCP_PLUGINS_COMMON_PLUGIN_SETUP_H_
#define ODMCP_PLUGINS_COMMON_PLUGIN_SETUP_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/settings.h"
#include "plugins/common/status.h"

namespace odmcp::orderdesk {

// Parses `settings` of the plugin named `plugin` (settings.h: ClientSettings'
// keys and *integers), declares the rate limit they set (client.h), and sets
// *client. A host without a rate limiter is logged as a warning, not
// refused. Errors are those of ParseSettings and DeclareRateLimit.
Status SetUpClient(const Host& host, std::string_view plugin, const rapidjson::Value& settings,
                   std::vector<IntegerSetting>* integers, std::optional<OrderDeskClient>* client);

// Plugin::AddTool, which only the plugin object can call.
using AddToolFn = std::function<odmcp_status(const ToolSpec& spec, ToolHandler handler)>;

// Registers the tool each of `makers` describes ({ToolSpec spec; RunFn run}
// with RunFn = odmcp_status (*)(const Context&, Call&, const Value& args)),
// its calls running with *context, which must outlive them. On failure sets
// *error naming the tool.
template <class Tool, class Context>
odmcp_status RegisterTools(const AddToolFn& add, const Context* context,
                           std::initializer_list<Tool (*)()> makers, std::string* error) {
  for (Tool (*make)() : makers) {
    Tool tool = make();
    odmcp_status registered =
        add(tool.spec, [context, run = tool.run](Call& call, const rapidjson::Value& args) {
          return run(*context, call, args);
        });
    if (registered != ODMCP_OK) {
      *error = "registering tool " + tool.spec.name + " failed";
      return registered;
    }
  }
  return ODMCP_OK;
}

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_PLUGIN_SETUP_H_
