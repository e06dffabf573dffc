// Copyright 2026 The orderdesk-mcp Authors.
//
// The emulated OrderDesk API v2 routes (reference section 3: 26 method and
// path pairs under /api/v2) and matching a request against them.
// Immutable tables and pure functions; thread-safe.

#ifndef ODMCP_SANDBOX_API_ROUTES_H_
#define ODMCP_SANDBOX_API_ROUTES_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace odmcp::sandbox {

enum class RouteId : unsigned char {
  kTest,
  kGetStore,
  kListOrders,
  kCreateOrder,
  kGetOrder,
  kUpdateOrder,
  kDeleteOrder,
  kAddOrderHistory,
  kListOrderItems,
  kAddOrderItem,
  kGetOrderItem,
  kUpdateOrderItem,
  kDeleteOrderItem,
  kListShipments,
  kAddShipment,
  kGetShipment,
  kUpdateShipment,
  kDeleteShipment,
  kBatchShipments,
  kListInventoryItems,
  kAddInventoryItem,
  kGetInventoryItem,
  kUpdateInventoryItem,
  kDeleteInventoryItem,
  kBatchInventoryItems,
  kMoveOrders,
};

inline constexpr size_t kRouteCount = static_cast<size_t>(RouteId::kMoveOrders) + 1;

struct RouteInfo {
  RouteId id;
  std::string_view method;
  // Relative to /api/v2; "{name}" matches one path segment.
  std::string_view path_template;
  // "GET /orders/{order_id}": how stats and fault filters name the route.
  std::string_view label;
};

extern const std::array<RouteInfo, kRouteCount> kApiRoutes;

inline const RouteInfo& InfoFor(RouteId id) { return kApiRoutes[static_cast<size_t>(id)]; }

struct RouteMatch {
  enum class Outcome { kMatched, kMethodNotAllowed, kNotFound };
  Outcome outcome = Outcome::kNotFound;
  RouteId route = RouteId::kTest;
  // Values of the template's {placeholders}, in order.
  std::vector<std::string_view> params;
  // For kMethodNotAllowed: "GET, PUT, DELETE".
  std::string allowed_methods;
};

// Matches `path` (below /api/v2, e.g. "/orders/123"; a trailing slash is
// ignored) with `method` (HEAD counts as GET). The returned params view
// into `path`.
RouteMatch MatchApiRoute(std::string_view method, std::string_view path);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_API_ROUTES_H_
