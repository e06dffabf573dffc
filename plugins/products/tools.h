// The products plugin's tools, one file each; products_plugin.cc registers
// them. "Products" are OrderDesk's inventory items (orderdesk-api.md 3.10, 5).
#ifndef ODMCP_PLUGINS_PRODUCTS_TOOLS_H_
#define ODMCP_PLUGINS_PRODUCTS_TOOLS_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <cstdint>

#include "plugins/common/client.h"
#include "plugins/common/write_fence.h"

namespace odmcp::products {

// What every tool needs from the plugin; immutable after Init(), so shared by
// concurrent calls without locking.
struct Context {
  orderdesk::OrderDeskClient client;
  int64_t product_ttl_ms;  // how long one product read stays cached
  int64_t list_ttl_ms;     // how long one page of products_list stays cached
  // Keeps a read that raced a write from caching what the write replaced.
  mutable orderdesk::WriteFence fence;
};

using RunFn = odmcp_status (*)(const Context& context, Call& call, const rapidjson::Value& args);

struct Tool {
  ToolSpec spec;
  RunFn run;
};

Tool ProductsListTool();
Tool ProductsGetTool();
Tool ProductsCreateTool();
Tool ProductsUpdateTool();
Tool ProductsDeleteTool();
Tool ProductsBatchUpdateTool();

}  // namespace odmcp::products

#endif  // ODMCP_PLUGINS_PRODUCTS_TOOLS_H_
