// The orders plugin's tools, one file each; orders_plugin.cc registers them.
#ifndef ODMCP_PLUGINS_ORDERS_TOOLS_H_
#define ODMCP_PLUGINS_ORDERS_TOOLS_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <cstdint>
#include <utility>

#include "plugins/common/client.h"
#include "plugins/common/write_fence.h"

namespace odmcp::orders {

// What every tool needs from the plugin. Created in Init() and shared by
// concurrent calls: everything but the fence (which locks) is immutable.
struct Context {
  Context(orderdesk::OrderDeskClient client_in, int64_t order_ttl_ms_in, int64_t list_ttl_ms_in,
          int64_t settings_ttl_ms_in)
      : client(std::move(client_in)),
        order_ttl_ms(order_ttl_ms_in),
        list_ttl_ms(list_ttl_ms_in),
        settings_ttl_ms(settings_ttl_ms_in) {}

  orderdesk::OrderDeskClient client;
  int64_t order_ttl_ms;     // one order (and its history and shipments)
  int64_t list_ttl_ms;      // one orders_list result
  int64_t settings_ttl_ms;  // a store's settings and folders (GET /store)
  mutable orderdesk::WriteFence fence;
};

using RunFn = odmcp_status (*)(const Context& context, Call& call, const rapidjson::Value& args);

struct Tool {
  ToolSpec spec;
  RunFn run;
};

Tool OrdersGetTool();
Tool OrdersListTool();
Tool OrdersCreateTool();
Tool OrdersUpdateTool();
Tool OrdersDeleteTool();
Tool OrdersMoveTool();
Tool OrdersAddItemsTool();
Tool OrdersUpdateAddressTool();
Tool OrdersAddNoteTool();
Tool OrdersHistoryTool();
Tool ShipmentsListTool();
Tool ShipmentsAddTool();
Tool ShipmentsUpdateTool();
Tool ShipmentsDeleteTool();
Tool ShipmentsBatchAddTool();

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_TOOLS_H_
