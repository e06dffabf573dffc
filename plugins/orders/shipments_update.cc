// shipments_update: changes some fields of a shipment, keeping the others.
#include <string>
#include <vector>

#include "plugins/common/url.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/order_schema.h"
#include "plugins/orders/shipment_support.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

// Fields OrderDesk sets itself; left out of the PUT.
constexpr const char* kReadOnly[] = {"id", "order_id", "store_id", "date_added"};

bool IsArgumentOnly(std::string_view name) {
  return name == "store" || name == "order_id" || name == "shipment_id";
}

Status FetchShipment(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                     const std::string& order_id, const std::string& shipment_id,
                     rapidjson::Document* shipment) {
  orderdesk::Request request;
  request.path = ShipmentsPath(order_id) + "/" + orderdesk::PercentEncode(shipment_id);
  request.subject = "shipment " + shipment_id + " of order " + order_id;
  request.fresh = true;
  rapidjson::Document envelope;
  Status status = context.client.Send(call, access, request, &envelope);
  if (!status.ok()) return NotFoundAt(status, "shipment_id");
  const rapidjson::Value* found = Member(envelope, "shipment");
  if (found == nullptr || !found->IsObject()) {
    return Status(ODMCP_UNAVAILABLE, "OrderDesk's reply for shipment " + shipment_id +
                                         " has no shipment object; try again in a minute.");
  }
  shipment->CopyFrom(*found, shipment->GetAllocator());
  return Status::Ok();
}

// The PUT body: the shipment as read, without read-only fields, with the
// caller's fields over it (null removing one, which the PUT then blanks).
rapidjson::Document Overlay(const rapidjson::Value& shipment, const rapidjson::Value& args,
                            std::vector<std::string>* changed) {
  rapidjson::Document body;
  body.CopyFrom(shipment, body.GetAllocator());
  auto& a = body.GetAllocator();
  for (const char* key : kReadOnly) body.RemoveMember(key);
  for (const auto& member : args.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    if (IsArgumentOnly(name)) continue;
    changed->push_back(name);
    body.RemoveMember(name.c_str());
    if (!member.value.IsNull()) {
      body.AddMember(JsonString(name, a), rapidjson::Value(member.value, a), a);
    }
  }
  // A new number or carrier makes the old tracking URL wrong; left out,
  // OrderDesk derives the right one.
  const bool moved =
      Member(args, "tracking_number") != nullptr || Member(args, "carrier_code") != nullptr;
  if (moved && Member(args, "tracking_url") == nullptr) body.RemoveMember("tracking_url");
  return body;
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  const std::string shipment_id = IdArgument(args, "shipment_id");
  bool asked = false;
  for (const auto& member : args.GetObject()) {
    asked = asked || !IsArgumentOnly(member.name.GetString());
  }
  if (!asked) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT,
                     "shipment_id: give at least one field of the shipment to change "
                     "(tracking_number, carrier_code, shipment_method, ...); nothing was asked, "
                     "so nothing was done."));
  }
  rapidjson::Document shipment;
  if (Status status = FetchShipment(context, call, store.access(), order_id, shipment_id, &shipment);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  std::vector<std::string> changed;
  rapidjson::Document body = Overlay(shipment, args, &changed);
  orderdesk::Request request;
  request.method = "PUT";
  request.path = ShipmentsPath(order_id) + "/" + orderdesk::PercentEncode(shipment_id);
  request.subject = "shipment " + shipment_id + " of order " + order_id;
  request.body = ToJson(body);
  rapidjson::Document envelope;
  if (Status status = SendWrite(context, call, store.access(), request, {order_id}, &envelope);
      !status.ok()) {
    return orderdesk::Fail(call, NotFoundAt(status, "shipment_id"));
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("shipment_id", JsonString(shipment_id, a), a);
  rapidjson::Value fields(rapidjson::kArrayType);
  std::string names;
  for (const std::string& name : changed) {
    fields.PushBack(JsonString(name, a), a);
    names += (names.empty() ? "" : ", ") + name;
  }
  out.AddMember("changed_fields", fields, a);
  body.AddMember("id", JsonString(shipment_id, body.GetAllocator()), body.GetAllocator());
  out.AddMember("shipment", rapidjson::Value(body, a), a);
  return Succeed(call,
                 StoreText(store) + ", order " + order_id + ": updated shipment " + shipment_id +
                     " (" + names + "); its other fields are unchanged.",
                 out);
}

}  // namespace

Tool ShipmentsUpdateTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "shipments_update";
  spec.title = "Update shipment";
  spec.description =
      "Changes fields of one shipment of an order (tracking number, carrier, method, weight, "
      "cost, status, date shipped, ...); give only what changes, null clears a field, and the "
      "other fields keep their values. A new tracking number or carrier gets a new tracking URL "
      "from OrderDesk unless you give one. shipments_list gives the shipment ids. Costs 2 "
      "OrderDesk requests (a read of the shipment and the save). Acts on `store` if given, "
      "else the session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema =
      InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id.") + R"(,"shipment_id":)" +
                      IdSchema("The shipment's id (shipments_list).") + "," +
                      ShipmentFieldProperties(SchemaUse::kUpdate),
                  R"("order_id","shipment_id")");
  spec.output_schema = OutputSchema(
      R"("order_id":{"type":"string"},"shipment_id":{"type":"string"},)"
      R"("changed_fields":{"type":"array","items":{"type":"string"}},)"
      R"("shipment":{"type":"object","description":"The shipment as sent to OrderDesk."})",
      R"("order_id","shipment_id","changed_fields","shipment")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
