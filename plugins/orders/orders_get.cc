// orders_get: one order, whole, through the cache.
#include "plugins/orders/order_data.h"
#include "plugins/orders/order_summary.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  rapidjson::Document order;
  bool from_cache = false;
  if (Status status = LoadOrder(context, call, store.access(), order_id, &order, &from_cache);
      !status.ok()) {
    return orderdesk::Fail(call, NotFoundAt(status, "order_id"));
  }
  // The folder's name makes the text readable when the store's folders are
  // cached; fetching them would double this tool's cost for a nicety.
  orderdesk::StoreInfo info;
  CachedStoreInfo(call, store.access().store_id, &info);

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("cached", from_cache, a);
  out.AddMember("order", rapidjson::Value(order, a), a);
  return Succeed(call,
                 StoreText(store) + ", order " + OrderLine(OrderSummary(order, info, a)) +
                     (from_cache ? " (from the cache, at most " +
                                       std::to_string(context.order_ttl_ms / 1000) + " s old)"
                                 : "") +
                     ". The whole order is in the structured result.",
                 out);
}

}  // namespace

Tool OrdersGetTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "orders_get";
  spec.title = "Get order";
  spec.description =
      "Reads one order, whole: customer, shipping and return addresses, items, notes, "
      "shipments, totals, payment, folder and dates. Use it when you know the order's "
      "OrderDesk id (orders_list finds ids by customer, e-mail, date, folder or the cart's "
      "order number, source_id). Costs one OrderDesk request, or none when the order was read "
      "in the last seconds (reads are cached briefly; any change made through these tools "
      "shows at once). Acts on `store` if given, else the session's active store, else the "
      "default store.";
  spec.input_schema = InputSchema(
      R"("order_id":)" + IdSchema("The order's OrderDesk id (not the cart's source_id)."),
      R"("order_id")");
  spec.output_schema = OutputSchema(
      R"("cached":{"type":"boolean","description":"Whether the order came from the cache."},)"
      R"("order":{"type":"object","description":"The OrderDesk order object."})",
      R"("cached","order")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
