// shipments_add: adds a shipment (tracking number, carrier) to an order.
#include <cstdlib>

#include "plugins/orders/order_data.h"
#include "plugins/orders/order_schema.h"
#include "plugins/orders/shipment_support.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

// The newest shipment (highest id) with that tracking number, or nullptr.
const rapidjson::Value* NewestWithTracking(const rapidjson::Value& shipments,
                                           std::string_view tracking_number) {
  const rapidjson::Value* newest = nullptr;
  unsigned long long newest_id = 0;
  for (const rapidjson::Value& shipment : shipments.GetArray()) {
    if (GetString(shipment, "tracking_number").value_or("") != tracking_number) continue;
    const unsigned long long id =
        std::strtoull(IdText(Member(shipment, "id")).c_str(), nullptr, 10);
    if (newest == nullptr || id > newest_id) {
      newest = &shipment;
      newest_id = id;
    }
  }
  return newest;
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  rapidjson::Document body(rapidjson::kObjectType);
  for (const auto& member : args.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (name == "store" || name == "order_id") continue;
    body.AddMember(rapidjson::Value(member.name, body.GetAllocator()),
                   rapidjson::Value(member.value, body.GetAllocator()), body.GetAllocator());
  }
  orderdesk::Request request;
  request.method = "POST";
  request.path = ShipmentsPath(order_id);
  request.subject = "order " + order_id;
  request.body = ToJson(body);
  rapidjson::Document envelope;
  if (Status status = SendWrite(context, call, store.access(), request, {order_id}, &envelope);
      !status.ok()) {
    if (status.code() == ODMCP_INVALID_ARGUMENT &&
        status.message().find("Shipment Not Added") != std::string::npos) {
      status = Status(ODMCP_ALREADY_EXISTS,
                      "tracking_number: order " + order_id +
                          " already has this shipment (the same tracking number, carrier and "
                          "method), so OrderDesk did not add it again; shipments_list shows it.");
    }
    return orderdesk::Fail(call, NotFoundAt(status, "order_id"));
  }

  // OrderDesk's reply says only "Shipment Added": the new shipment's id
  // comes from reading the order's shipments.
  rapidjson::Document shipments;
  const std::string tracking(GetString(args, "tracking_number").value_or(""));
  const rapidjson::Value* added = nullptr;
  if (FetchShipments(context, call, store.access(), order_id, &shipments).ok()) {
    added = NewestWithTracking(shipments, tracking);
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember(
      "shipment",
      added != nullptr ? rapidjson::Value(*added, a) : rapidjson::Value(rapidjson::kNullType), a);
  std::string text = StoreText(store) + ", order " + order_id + ": added shipment " +
                     (added != nullptr ? ShipmentLine(*added)
                                       : tracking +
                                             " (its id could not be read back; "
                                             "shipments_list shows it)");
  return Succeed(call, text + ".", out);
}

}  // namespace

Tool ShipmentsAddTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "shipments_add";
  spec.title = "Add shipment";
  spec.description =
      "Adds a shipment to an order: its tracking number (\"n/a\" when there is none), carrier "
      "and method, and optionally weight, cost, date shipped. OrderDesk fills in the tracking "
      "URL for the common carriers and refuses a shipment equal to one the order already has "
      "(same tracking number, carrier and method), so a repeated call does not add it twice. "
      "Use one shipment per parcel. Costs 2 OrderDesk requests (the add, and a read to report "
      "the new shipment's id). For many orders at once use shipments_batch_add. Acts on "
      "`store` if given, else the session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id.") + "," +
                                      ShipmentFieldProperties(SchemaUse::kCreate),
                                  R"("order_id","tracking_number")");
  spec.output_schema = OutputSchema(
      R"("order_id":{"type":"string"},)"
      R"("shipment":{"type":["object","null"],"description":"The new shipment as OrderDesk )"
      R"(lists it; null if it could not be read back."})",
      R"("order_id","shipment")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
