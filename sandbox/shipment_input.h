// Copyright 2026 The orderdesk-mcp Authors.
//
// Parses shipment JSON (POST/PUT /orders/{id}/shipments, POST
// /batch-shipments). A shipment needs a tracking_number ("n/a" when there
// is none, section 3.8); a missing tracking_url is left blank here and
// guessed by the caller from the carrier and number.
//
// Thread-safety: pure functions.

#ifndef ODMCP_SANDBOX_SHIPMENT_INPUT_H_
#define ODMCP_SANDBOX_SHIPMENT_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "rapidjson/document.h"
#include "sandbox/api_status.h"
#include "sandbox/model.h"

namespace odmcp::sandbox {

struct ShipmentInput {
  Shipment shipment;  // date_shipped is "" when not sent
  std::optional<int64_t> order_id;  // batch-shipments only
};

// `require_order_id` is set for batch elements; `path` names the element in
// messages ("shipments[3]"), or is empty for a single shipment.
ApiStatus ParseShipmentInput(const rapidjson::Value& body, const std::string& path,
                             bool require_order_id, ShipmentInput* out);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_SHIPMENT_INPUT_H_
