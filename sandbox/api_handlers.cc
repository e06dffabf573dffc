// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/api_handlers.h"

namespace odmcp::sandbox {

ApiHandler HandlerFor(RouteId route) {
  // A switch, so that a route added without a handler fails to compile
  // (-Wswitch with -Werror).
  switch (route) {
    case RouteId::kTest: return HandleTest;
    case RouteId::kGetStore: return HandleGetStore;
    case RouteId::kListOrders: return HandleListOrders;
    case RouteId::kCreateOrder: return HandleCreateOrder;
    case RouteId::kGetOrder: return HandleGetOrder;
    case RouteId::kUpdateOrder: return HandleUpdateOrder;
    case RouteId::kDeleteOrder: return HandleDeleteOrder;
    case RouteId::kAddOrderHistory: return HandleAddOrderHistory;
    case RouteId::kListOrderItems: return HandleListOrderItems;
    case RouteId::kAddOrderItem: return HandleAddOrderItem;
    case RouteId::kGetOrderItem: return HandleGetOrderItem;
    case RouteId::kUpdateOrderItem: return HandleUpdateOrderItem;
    case RouteId::kDeleteOrderItem: return HandleDeleteOrderItem;
    case RouteId::kListShipments: return HandleListShipments;
    case RouteId::kAddShipment: return HandleAddShipment;
    case RouteId::kGetShipment: return HandleGetShipment;
    case RouteId::kUpdateShipment: return HandleUpdateShipment;
    case RouteId::kDeleteShipment: return HandleDeleteShipment;
    case RouteId::kBatchShipments: return HandleBatchShipments;
    case RouteId::kListInventoryItems: return HandleListInventoryItems;
    case RouteId::kAddInventoryItem: return HandleAddInventoryItem;
    case RouteId::kGetInventoryItem: return HandleGetInventoryItem;
    case RouteId::kUpdateInventoryItem: return HandleUpdateInventoryItem;
    case RouteId::kDeleteInventoryItem: return HandleDeleteInventoryItem;
    case RouteId::kBatchInventoryItems: return HandleBatchInventoryItems;
    case RouteId::kMoveOrders: return HandleMoveOrders;
  }
  return nullptr;
}

}  // namespace odmcp::sandbox
