// Copyright 2026 The orderdesk-mcp Authors.
//
// The shipment endpoints (reference sections 3.8 and 3.9). OrderDesk
// refuses a shipment equal to one the order already has ("Shipment Not
// Added"); the sandbox calls two shipments equal when their tracking
// number (ignoring case), carrier and method match.

#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "rapidjson/document.h"
#include "sandbox/api_handlers.h"
#include "sandbox/date_time.h"
#include "sandbox/json_input.h"
#include "sandbox/shipment_input.h"
#include "sandbox/text_util.h"
#include "sandbox/tracking_url.h"

namespace odmcp::sandbox {
namespace {

const Shipment* FindShipment(const Order& order, int64_t shipment_id) {
  for (const Shipment& shipment : order.order_shipments) {
    if (shipment.id == shipment_id) return &shipment;
  }
  return nullptr;
}

bool SameShipment(const Shipment& a, const Shipment& b) {
  return EqualsIgnoreCase(a.tracking_number, b.tracking_number) && EqualsIgnoreCase(a.carrier_code, b.carrier_code) &&
         EqualsIgnoreCase(a.shipment_method, b.shipment_method);
}

bool HasEqualShipment(const Order& order, const Shipment& candidate) {
  for (const Shipment& shipment : order.order_shipments) {
    if (SameShipment(shipment, candidate)) return true;
  }
  return false;
}

// Fills what OrderDesk fills for a new shipment.
void CompleteNewShipment(Shipment* shipment, IdSequences* ids, UnixSeconds now) {
  shipment->id = ids->NextShipmentId();
  shipment->date_added = now;
  if (shipment->date_shipped.empty()) shipment->date_shipped = FormatDate(now);
  if (shipment->tracking_url.empty()) {
    shipment->tracking_url = GuessTrackingUrl(shipment->carrier_code, shipment->tracking_number);
  }
}

ApiStatus ParseShipmentBody(const ApiRequest& request, ShipmentInput* input) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  if (status.ok()) status = ParseShipmentInput(document, "", /*require_order_id=*/false, input);
  return status;
}

}  // namespace

ApiReply HandleListShipments(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t shipment_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Shipment", &order_id, &shipment_id, &status)) {
    return ErrorReply(status, request.started);
  }
  std::shared_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "total_records");
  writer.Uint64(order->order_shipments.size());
  WriteKey(&writer, "shipments");
  writer.StartArray();
  for (const Shipment& shipment : order->order_shipments) WriteShipment(context.store, *order, shipment, &writer);
  writer.EndArray();
  return builder.Finish();
}

ApiReply HandleGetShipment(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t shipment_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Shipment", &order_id, &shipment_id, &status)) {
    return ErrorReply(status, request.started);
  }
  std::shared_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  const Shipment* shipment = FindShipment(*order, shipment_id);
  if (shipment == nullptr) return ErrorReply(NotFound("Shipment", request.param(1)), request.started);
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "shipment");
  WriteShipment(context.store, *order, *shipment, &writer);
  return builder.Finish();
}

ApiReply HandleAddShipment(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t shipment_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Shipment", &order_id, &shipment_id, &status)) {
    return ErrorReply(status, request.started);
  }
  ShipmentInput input;
  status = ParseShipmentBody(request, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  if (HasEqualShipment(*order, input.shipment)) {
    return ErrorReply(ApiStatus::BadRequest("Shipment Not Added"), request.started);
  }
  CompleteNewShipment(&input.shipment, &context.ids, NowUnixSeconds());
  context.store.UpdateOrder(order_id, [&input](Order* target) {
    target->order_shipments.push_back(std::move(input.shipment));
    target->date_updated = NextUpdateTime(target->date_updated);
  });
  return MessageReply("Shipment Added", request.started);
}

ApiReply HandleUpdateShipment(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t shipment_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Shipment", &order_id, &shipment_id, &status)) {
    return ErrorReply(status, request.started);
  }
  ShipmentInput input;
  status = ParseShipmentBody(request, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  const Shipment* existing = FindShipment(*order, shipment_id);
  if (existing == nullptr) return ErrorReply(NotFound("Shipment", request.param(1)), request.started);
  // Replaced whole, like every OrderDesk PUT; the id, the creation time and
  // (when not sent) the ship date stay.
  Shipment& replacement = input.shipment;
  replacement.id = existing->id;
  replacement.date_added = existing->date_added;
  if (replacement.date_shipped.empty()) replacement.date_shipped = existing->date_shipped;
  if (replacement.tracking_url.empty()) {
    replacement.tracking_url = GuessTrackingUrl(replacement.carrier_code, replacement.tracking_number);
  }
  context.store.UpdateOrder(order_id, [&replacement](Order* target) {
    for (Shipment& shipment : target->order_shipments) {
      if (shipment.id == replacement.id) shipment = std::move(replacement);
    }
    target->date_updated = NextUpdateTime(target->date_updated);
  });
  return MessageReply("Shipment Updated", request.started);
}

ApiReply HandleDeleteShipment(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t shipment_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Shipment", &order_id, &shipment_id, &status)) {
    return ErrorReply(status, request.started);
  }
  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  if (FindShipment(*order, shipment_id) == nullptr) {
    return ErrorReply(NotFound("Shipment", request.param(1)), request.started);
  }
  context.store.UpdateOrder(order_id, [shipment_id](Order* target) {
    std::erase_if(target->order_shipments, [shipment_id](const Shipment& s) { return s.id == shipment_id; });
    target->date_updated = NextUpdateTime(target->date_updated);
  });
  return MessageReply("Shipment " + std::to_string(shipment_id) + " Deleted", request.started);
}

ApiReply HandleBatchShipments(const ApiRequest& request, ApiContext& context) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonBody(request.http.body, &document);
  if (!status.ok()) return ErrorReply(status, request.started);
  // A bare array, as clients send it, or {"shipments": [...]}.
  const rapidjson::Value* list = &document;
  if (document.IsObject() && document.HasMember("shipments")) list = &document["shipments"];
  if (!list->IsArray() || list->Empty()) {
    return ErrorReply(ApiStatus::BadRequest("Send a non-empty JSON array of shipments, each with order_id "
                                            "and tracking_number"),
                      request.started);
  }
  std::vector<ShipmentInput> inputs(list->Size());
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    status = ParseShipmentInput((*list)[i], "shipments[" + std::to_string(i) + "]", /*require_order_id=*/true,
                                &inputs[i]);
    if (!status.ok()) return ErrorReply(status, request.started);
  }

  std::unique_lock lock(context.store.mutex());
  // Every order must exist before anything is added: a bad batch changes nothing.
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (context.store.FindOrder(*inputs[i].order_id) == nullptr) {
      return ErrorReply(ApiStatus::BadRequest("shipments[" + std::to_string(i) + "]: Order " +
                                              std::to_string(*inputs[i].order_id) + " Not Found"),
                        request.started);
    }
  }
  // Per element: the order, and the new shipment's id (0 when an equal
  // shipment already existed and nothing was added).
  struct Outcome {
    int64_t order_id;
    int64_t shipment_id;
  };
  std::vector<Outcome> outcomes;
  size_t added = 0;
  const UnixSeconds now = NowUnixSeconds();
  for (ShipmentInput& input : inputs) {
    const int64_t order_id = *input.order_id;
    if (HasEqualShipment(*context.store.FindOrder(order_id), input.shipment)) {
      outcomes.push_back({order_id, 0});
      continue;
    }
    CompleteNewShipment(&input.shipment, &context.ids, now);
    outcomes.push_back({order_id, input.shipment.id});
    context.store.UpdateOrder(order_id, [&input](Order* target) {
      target->order_shipments.push_back(std::move(input.shipment));
      target->date_updated = NextUpdateTime(target->date_updated);
    });
    ++added;
  }
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin(std::to_string(added) + " Shipments Added");
  WriteKey(&writer, "results");
  writer.StartArray();
  for (const Outcome& outcome : outcomes) {
    const bool ok = outcome.shipment_id != 0;
    writer.StartObject();
    WriteKey(&writer, "order_id");
    WriteString(&writer, std::to_string(outcome.order_id));
    WriteKey(&writer, "status");
    WriteString(&writer, ok ? "success" : "error");
    WriteKey(&writer, "message");
    WriteString(&writer, ok ? "Shipment Added" : "Shipment Not Added");
    if (ok) {
      WriteKey(&writer, "shipment_id");
      WriteString(&writer, std::to_string(outcome.shipment_id));
    }
    writer.EndObject();
  }
  writer.EndArray();
  return builder.Finish();
}

}  // namespace odmcp::sandbox
