// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/shipment_input.h"

#include "sandbox/date_time.h"
#include "sandbox/json_input.h"

namespace odmcp::sandbox {

ApiStatus ParseShipmentInput(const rapidjson::Value& body, const std::string& path,
                             bool require_order_id, ShipmentInput* out) {
  if (!body.IsObject()) {
    return ApiStatus::BadRequest(path.empty() ? "Shipment must be a JSON object"
                                              : "Field '" + path + "' must be an object");
  }
  ApiStatus error;
  FieldReader reader(body, path, &error);
  Shipment& shipment = out->shipment;
  if (require_order_id) {
    int64_t order_id = 0;
    if (reader.ReadId("order_id", &order_id)) {
      out->order_id = order_id;
    } else {
      reader.Fail("Field '" + reader.PathOf("order_id") + "' is required");
    }
  }
  reader.ReadString("tracking_number", &shipment.tracking_number);
  if (shipment.tracking_number.empty()) {
    reader.Fail("Field '" + reader.PathOf("tracking_number") +
                "' is required; send \"n/a\" when the shipment has none");
  }
  reader.ReadString("carrier_code", &shipment.carrier_code);
  reader.ReadString("shipment_method", &shipment.shipment_method);
  if (reader.ReadDecimal("weight", &shipment.weight) && shipment.weight < 0) {
    reader.Fail("Field '" + reader.PathOf("weight") + "' must not be negative");
  }
  reader.ReadMoney("cost", &shipment.cost);
  reader.ReadString("status", &shipment.status);
  reader.ReadString("tracking_url", &shipment.tracking_url);
  reader.ReadString("label_format", &shipment.label_format);
  reader.ReadString("label_image", &shipment.label_image);
  reader.ReadString("cart_shipment_id", &shipment.cart_shipment_id);
  reader.ReadString("label_shipment_id", &shipment.label_shipment_id);
  if (reader.ReadString("print_status", &shipment.print_status)) {
    if (shipment.print_status.empty()) shipment.print_status = "0";
    if (shipment.print_status != "0" && shipment.print_status != "1") {
      reader.Fail("Field '" + reader.PathOf("print_status") + "' must be \"0\" or \"1\"");
    }
  }
  if (reader.ReadString("date_shipped", &shipment.date_shipped) && !shipment.date_shipped.empty()) {
    UnixSeconds ignored = 0;
    if (!ParseDate(shipment.date_shipped, &ignored)) {
      reader.Fail("Field '" + reader.PathOf("date_shipped") + "' must be a date \"YYYY-MM-DD\"; got '" +
                  shipment.date_shipped + "'");
    }
  }
  // Which items a partial shipment carries. The format is not documented;
  // the reply type is a string, so a list is kept as its JSON text.
  if (body.HasMember("order_items")) {
    const rapidjson::Value& items = body["order_items"];
    if (items.IsNull()) {
      shipment.order_items.clear();
    } else if (items.IsString()) {
      shipment.order_items.assign(items.GetString(), items.GetStringLength());
    } else if (items.IsArray() || items.IsObject()) {
      shipment.order_items = ToJsonText(items);
    } else {
      reader.Fail("Field '" + reader.PathOf("order_items") + "' must be a list of items");
    }
  }
  return error;
}

}  // namespace odmcp::sandbox
