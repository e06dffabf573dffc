// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/api_routes.h"

namespace odmcp::sandbox {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; empty segments are kept so that
// "/orders//1" does not match "/orders/{order_id}".
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return segments;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool MatchTemplate(const std::vector<std::string_view>& pattern,
                   const std::vector<std::string_view>& segments, std::vector<std::string_view>* params) {
  if (pattern.size() != segments.size()) return false;
  std::vector<std::string_view> values;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].front() == '{') {
      if (segments[i].empty()) return false;
      values.push_back(segments[i]);
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  *params = std::move(values);
  return true;
}

}  // namespace

const std::array<RouteInfo, kRouteCount> kApiRoutes = {{
    {RouteId::kTest, "GET", "/test", "GET /test"},
    {RouteId::kGetStore, "GET", "/store", "GET /store"},
    {RouteId::kListOrders, "GET", "/orders", "GET /orders"},
    {RouteId::kCreateOrder, "POST", "/orders", "POST /orders"},
    {RouteId::kGetOrder, "GET", "/orders/{order_id}", "GET /orders/{order_id}"},
    {RouteId::kUpdateOrder, "PUT", "/orders/{order_id}", "PUT /orders/{order_id}"},
    {RouteId::kDeleteOrder, "DELETE", "/orders/{order_id}", "DELETE /orders/{order_id}"},
    {RouteId::kAddOrderHistory, "POST", "/orders/{order_id}/order-history",
     "POST /orders/{order_id}/order-history"},
    {RouteId::kListOrderItems, "GET", "/orders/{order_id}/order-items",
     "GET /orders/{order_id}/order-items"},
    {RouteId::kAddOrderItem, "POST", "/orders/{order_id}/order-items",
     "POST /orders/{order_id}/order-items"},
    {RouteId::kGetOrderItem, "GET", "/orders/{order_id}/order-items/{item_id}",
     "GET /orders/{order_id}/order-items/{item_id}"},
    {RouteId::kUpdateOrderItem, "PUT", "/orders/{order_id}/order-items/{item_id}",
     "PUT /orders/{order_id}/order-items/{item_id}"},
    {RouteId::kDeleteOrderItem, "DELETE", "/orders/{order_id}/order-items/{item_id}",
     "DELETE /orders/{order_id}/order-items/{item_id}"},
    {RouteId::kListShipments, "GET", "/orders/{order_id}/shipments",
     "GET /orders/{order_id}/shipments"},
    {RouteId::kAddShipment, "POST", "/orders/{order_id}/shipments",
     "POST /orders/{order_id}/shipments"},
    {RouteId::kGetShipment, "GET", "/orders/{order_id}/shipments/{shipment_id}",
     "GET /orders/{order_id}/shipments/{shipment_id}"},
    {RouteId::kUpdateShipment, "PUT", "/orders/{order_id}/shipments/{shipment_id}",
     "PUT /orders/{order_id}/shipments/{shipment_id}"},
    {RouteId::kDeleteShipment, "DELETE", "/orders/{order_id}/shipments/{shipment_id}",
     "DELETE /orders/{order_id}/shipments/{shipment_id}"},
    {RouteId::kBatchShipments, "POST", "/batch-shipments", "POST /batch-shipments"},
    {RouteId::kListInventoryItems, "GET", "/inventory-items", "GET /inventory-items"},
    {RouteId::kAddInventoryItem, "POST", "/inventory-items", "POST /inventory-items"},
    {RouteId::kGetInventoryItem, "GET", "/inventory-items/{id}", "GET /inventory-items/{id}"},
    {RouteId::kUpdateInventoryItem, "PUT", "/inventory-items/{id}", "PUT /inventory-items/{id}"},
    {RouteId::kDeleteInventoryItem, "DELETE", "/inventory-items/{id}",
     "DELETE /inventory-items/{id}"},
    {RouteId::kBatchInventoryItems, "PUT", "/batch-inventory-items", "PUT /batch-inventory-items"},
    {RouteId::kMoveOrders, "POST", "/move-orders", "POST /move-orders"},
}};

RouteMatch MatchApiRoute(std::string_view method, std::string_view path) {
  // The templates split into segments once, on first use.
  static const std::vector<std::vector<std::string_view>> kPatterns = [] {
    std::vector<std::vector<std::string_view>> patterns;
    for (const RouteInfo& route : kApiRoutes) patterns.push_back(Segments(route.path_template));
    return patterns;
  }();
  if (method == "HEAD") method = "GET";
  const std::vector<std::string_view> segments = Segments(path);
  RouteMatch match;
  for (size_t i = 0; i < kApiRoutes.size(); ++i) {
    const RouteInfo& route = kApiRoutes[i];
    std::vector<std::string_view> params;
    if (!MatchTemplate(kPatterns[i], segments, &params)) continue;
    if (route.method == method) {
      match.outcome = RouteMatch::Outcome::kMatched;
      match.route = route.id;
      match.params = std::move(params);
      return match;
    }
    match.outcome = RouteMatch::Outcome::kMethodNotAllowed;
    if (!match.allowed_methods.empty()) match.allowed_methods += ", ";
    match.allowed_methods += route.method;
  }
  return match;
}

}  // namespace odmcp::sandbox
