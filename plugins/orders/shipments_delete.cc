// shipments_delete: removes one shipment from an order.
#include "plugins/common/url.h"
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
  const std::string shipment_id = IdArgument(args, "shipment_id");
  orderdesk::Request request;
  request.method = "DELETE";
  request.path = ShipmentsPath(order_id) + "/" + orderdesk::PercentEncode(shipment_id);
  request.subject = "shipment " + shipment_id + " of order " + order_id;
  rapidjson::Document envelope;
  if (Status status = SendWrite(context, call, store.access(), request, {order_id}, &envelope);
      !status.ok()) {
    return orderdesk::Fail(call, NotFoundAt(status, "shipment_id"));
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("shipment_id", JsonString(shipment_id, a), a);
  out.AddMember("deleted", true, a);
  return Succeed(
      call, StoreText(store) + ", order " + order_id + ": deleted shipment " + shipment_id + ".",
      out);
}

}  // namespace

Tool ShipmentsDeleteTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/true, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "shipments_delete";
  spec.title = "Delete shipment";
  spec.description =
      "Deletes one shipment from an order (a wrong tracking number, say); the order itself "
      "stays. It cannot be undone. shipments_list gives the shipment ids. Costs one OrderDesk "
      "request. Acts on `store` if given, else the session's active store, else the default "
      "store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema =
      InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id.") + R"(,"shipment_id":)" +
                      IdSchema("The shipment's id (shipments_list)."),
                  R"("order_id","shipment_id")");
  spec.output_schema =
      OutputSchema(R"("order_id":{"type":"string"},"shipment_id":{"type":"string"},)"
                   R"("deleted":{"type":"boolean"})",
                   R"("order_id","shipment_id","deleted")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
