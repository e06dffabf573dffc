// What the shipments_* tools share: reading shipments and describing them.
#ifndef ODMCP_PLUGINS_ORDERS_SHIPMENT_SUPPORT_H_
#define ODMCP_PLUGINS_ORDERS_SHIPMENT_SUPPORT_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <string>

#include "plugins/common/client.h"
#include "plugins/common/status.h"
#include "plugins/orders/tools.h"

namespace odmcp::orders {

// "/orders/<order_id>/shipments".
std::string ShipmentsPath(const std::string& order_id);

// GET /orders/{id}/shipments: the order's shipments as a JSON array.
// NOT_FOUND names order_id.
orderdesk::Status FetchShipments(const Context& context, Call& call,
                                 const orderdesk::StoreAccess& access, const std::string& order_id,
                                 rapidjson::Document* shipments);

// "500123: UPS 1Z999 (Ground), shipped 2026-01-02" for result texts.
std::string ShipmentLine(const rapidjson::Value& shipment);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_SHIPMENT_SUPPORT_H_
