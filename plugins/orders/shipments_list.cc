// shipments_list: an order's shipments, through the cache.
#include "plugins/orders/order_data.h"
#include "plugins/orders/shipment_support.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  rapidjson::Document shipments;
  bool from_cache = false;
  Status status = ReadThrough(
      context, call, store.access().store_id,
      OrderKeyPrefix(store.access().store_id, order_id) + "shipments", context.order_ttl_ms,
      [&](rapidjson::Document* value) {
        return FetchShipments(context, call, store.access(), order_id, value);
      },
      &shipments, &from_cache);
  if (!status.ok()) return orderdesk::Fail(call, status);

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("cached", from_cache, a);
  out.AddMember("shipments", rapidjson::Value(shipments, a), a);
  std::string text = StoreText(store) + ", order " + order_id + ": " +
                     Count(shipments.Size(), "shipment", "shipments") +
                     (shipments.Empty() ? "." : ":");
  for (const rapidjson::Value& shipment : shipments.GetArray()) {
    text += "\n" + ShipmentLine(shipment);
  }
  return Succeed(call, text, out);
}

}  // namespace

Tool ShipmentsListTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "shipments_list";
  spec.title = "List shipments";
  spec.description =
      "Lists an order's shipments: id, carrier, tracking number and URL, method, date "
      "shipped. Use the ids with shipments_update and shipments_delete. Costs one OrderDesk "
      "request, or none when read in the last seconds. Acts on `store` if given, else the "
      "session's active store, else the default store.";
  spec.input_schema =
      InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id."), R"("order_id")");
  spec.output_schema = OutputSchema(R"("order_id":{"type":"string"},"cached":{"type":"boolean"},)"
                                    R"("shipments":{"type":"array","items":{"type":"object"},)"
                                    R"("description":"OrderDesk's shipment objects."})",
                                    R"("order_id","cached","shipments")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
