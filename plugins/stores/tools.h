// The stores plugin's tools, one file each; stores_plugin.cc registers them.
#ifndef ODMCP_PLUGINS_STORES_TOOLS_H_
#define ODMCP_PLUGINS_STORES_TOOLS_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include "plugins/common/client.h"

namespace odmcp::stores {

// What every tool needs from the plugin; immutable after Init(), so shared by
// concurrent calls without locking.
struct Context {
  orderdesk::OrderDeskClient client;
};

using RunFn = odmcp_status (*)(const Context& context, Call& call, const rapidjson::Value& args);

struct Tool {
  ToolSpec spec;
  RunFn run;
};

Tool TenantUseMasterKeyTool();
Tool StoresRegisterTool();
Tool StoresListTool();
Tool StoresUseTool();
Tool StoresSetDefaultTool();
Tool StoresDeleteTool();
Tool StoresResolveTool();
Tool StoresRefreshTool();

}  // namespace odmcp::stores

#endif  // ODMCP_PLUGINS_STORES_TOOLS_H_
