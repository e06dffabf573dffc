// What the orders plugin offers besides tools: store settings and folders
// and single orders as resources, completions of store and folder names,
// and prompts for common work (orders_plugin.cc registers them).
//
//   orderdesk://stores/{store}/settings     a store's settings (JSON)
//   orderdesk://stores/{store}/folders      a store's folders (JSON)
//   orderdesk://stores/{store}/orders/{id}  one order (JSON)
//   triage_open_orders        review the orders in a folder and propose actions
//   summarize_order_for_reply an order, embedded, to answer its customer
//
// {store} is a registered store's id or name, as tools take it. Every read
// goes through the same cache as the tools.
#ifndef ODMCP_PLUGINS_ORDERS_MCP_SURFACE_H_
#define ODMCP_PLUGINS_ORDERS_MCP_SURFACE_H_

#include <odmcp/plugin.hpp>

#include <vector>

#include "plugins/orders/tools.h"

namespace odmcp::orders {

struct ResourceEntry {
  ResourceSpec spec;
  ToolHandler read;
  ToolHandler list;      // empty: none
  ToolHandler complete;  // empty: none
};

struct PromptEntry {
  PromptSpec spec;
  ToolHandler get;
  ToolHandler complete;  // empty: none
};

// context must outlive every call (it does: the plugin owns it).
std::vector<ResourceEntry> OrderResources(const Context* context);
std::vector<PromptEntry> OrderPrompts(const Context* context);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_MCP_SURFACE_H_
