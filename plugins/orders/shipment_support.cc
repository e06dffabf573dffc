#include "plugins/orders/shipment_support.h"

#include "plugins/common/url.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {

std::string ShipmentsPath(const std::string& order_id) {
  return "/orders/" + orderdesk::PercentEncode(order_id) + "/shipments";
}

Status FetchShipments(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                      const std::string& order_id, rapidjson::Document* shipments) {
  orderdesk::Request request;
  request.path = ShipmentsPath(order_id);
  request.subject = "order " + order_id;
  rapidjson::Document envelope;
  Status status = context.client.Send(call, access, request, &envelope);
  if (!status.ok()) return NotFoundAt(status, "order_id");
  shipments->SetArray();
  if (const rapidjson::Value* list = Member(envelope, "shipments");
      list != nullptr && list->IsArray()) {
    shipments->CopyFrom(*list, shipments->GetAllocator());
  }
  return Status::Ok();
}

std::string ShipmentLine(const rapidjson::Value& shipment) {
  auto text = [&](const char* key) { return std::string(GetString(shipment, key).value_or("")); };
  std::string line = IdText(Member(shipment, "id")) + ": ";
  if (!text("carrier_code").empty()) line += text("carrier_code") + " ";
  line += text("tracking_number");
  if (!text("shipment_method").empty()) line += " (" + text("shipment_method") + ")";
  if (!text("date_shipped").empty()) line += ", shipped " + text("date_shipped");
  if (!text("tracking_url").empty()) line += ", " + text("tracking_url");
  return line;
}

}  // namespace odmcp::orders
