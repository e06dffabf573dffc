// Copyright 2026 The orderdesk-mcp Authors.
//
// The handlers of the emulated API, one per route (see api_routes.h), and
// the table that maps each RouteId to its handler. Every handler follows
// the contract in api_context.h. Grouped by resource in
// handlers_account.cc, handlers_orders.cc, handlers_order_items.cc,
// handlers_shipments.cc, handlers_inventory.cc and handlers_move_orders.cc;
// HandlerFor is in api_handlers.cc.

#ifndef ODMCP_SANDBOX_API_HANDLERS_H_
#define ODMCP_SANDBOX_API_HANDLERS_H_

#include "sandbox/api_context.h"

namespace odmcp::sandbox {

ApiReply HandleTest(const ApiRequest& request, ApiContext& context);
ApiReply HandleGetStore(const ApiRequest& request, ApiContext& context);

ApiReply HandleListOrders(const ApiRequest& request, ApiContext& context);
ApiReply HandleCreateOrder(const ApiRequest& request, ApiContext& context);
ApiReply HandleGetOrder(const ApiRequest& request, ApiContext& context);
ApiReply HandleUpdateOrder(const ApiRequest& request, ApiContext& context);
ApiReply HandleDeleteOrder(const ApiRequest& request, ApiContext& context);
ApiReply HandleAddOrderHistory(const ApiRequest& request, ApiContext& context);

ApiReply HandleListOrderItems(const ApiRequest& request, ApiContext& context);
ApiReply HandleAddOrderItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleGetOrderItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleUpdateOrderItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleDeleteOrderItem(const ApiRequest& request, ApiContext& context);

ApiReply HandleListShipments(const ApiRequest& request, ApiContext& context);
ApiReply HandleAddShipment(const ApiRequest& request, ApiContext& context);
ApiReply HandleGetShipment(const ApiRequest& request, ApiContext& context);
ApiReply HandleUpdateShipment(const ApiRequest& request, ApiContext& context);
ApiReply HandleDeleteShipment(const ApiRequest& request, ApiContext& context);
ApiReply HandleBatchShipments(const ApiRequest& request, ApiContext& context);

ApiReply HandleListInventoryItems(const ApiRequest& request, ApiContext& context);
ApiReply HandleAddInventoryItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleGetInventoryItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleUpdateInventoryItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleDeleteInventoryItem(const ApiRequest& request, ApiContext& context);
ApiReply HandleBatchInventoryItems(const ApiRequest& request, ApiContext& context);

ApiReply HandleMoveOrders(const ApiRequest& request, ApiContext& context);

// The handler of a route.
ApiHandler HandlerFor(RouteId route);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_API_HANDLERS_H_
