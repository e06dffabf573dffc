// orders_delete: deletes an order for good.
#include "plugins/common/url.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  orderdesk::Request request;
  request.method = "DELETE";
  request.path = "/orders/" + orderdesk::PercentEncode(order_id);
  request.subject = "order " + order_id;
  rapidjson::Document envelope;
  if (Status status = SendWrite(context, call, store.access(), request, {order_id}, &envelope);
      !status.ok()) {
    return orderdesk::Fail(call, NotFoundAt(status, "order_id"));
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("deleted", true, a);
  return Succeed(call, StoreText(store) + ": deleted order " + order_id + ".", out);
}

}  // namespace

Tool OrdersDeleteTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/true, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "orders_delete";
  spec.title = "Delete order";
  spec.description =
      "Deletes an order from OrderDesk for good, with its items, notes, shipments and "
      "history; it cannot be undone. To set an order aside instead, move it to a folder such "
      "as Canceled with orders_move. Confirm with the user before deleting. Costs one "
      "OrderDesk request. Acts on `store` if given, else the session's active store, else "
      "the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema =
      InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id."), R"("order_id")");
  spec.output_schema = OutputSchema(R"("order_id":{"type":"string"},"deleted":{"type":"boolean"})",
                                    R"("order_id","deleted")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
