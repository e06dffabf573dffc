// orders_add_items: adds items to an order, keeping everything else.
#include "plugins/orders/order_schema.h"
#include "plugins/orders/order_update.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  // The change is the order shape with only new items, which the merge adds.
  rapidjson::Document fields(rapidjson::kObjectType);
  fields.AddMember("order_items", rapidjson::Value(args["order_items"], fields.GetAllocator()),
                   fields.GetAllocator());
  orderdesk::OrderChanges changes;
  changes.fields = &fields;

  OrderUpdate update;
  if (Status status =
          UpdateOrder(context, call, store.access(), order_id, changes, kDefaultNoteAuthor, &update);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  rapidjson::Document out = StoreResult(store);
  AddUpdateResult(order_id, update, &out);
  std::string text = StoreText(store) + ", order " + order_id + ": " + UpdateSummary(update) +
                     ". OrderDesk recalculated the totals; the other items and fields are "
                     "unchanged.";
  return Succeed(call, text, out);
}

}  // namespace

Tool OrdersAddItemsTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "orders_add_items";
  spec.title = "Add items to order";
  spec.description =
      "Adds items to an existing order; its other items, addresses, notes and fields stay as "
      "they were, and OrderDesk recalculates the totals. Each item needs a name; code (SKU), "
      "price and quantity are usual. Calling it twice adds the items twice. To change or "
      "remove items already on the order use orders_update. Costs 2 OrderDesk requests (a "
      "read and the save), plus one read each time the order changed meanwhile. Acts on "
      "`store` if given, else the session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(R"("order_id":)" + IdSchema("The order's OrderDesk id.") +
                                      R"(,"order_items":)" + OrderItemsSchema(SchemaUse::kCreate),
                                  R"("order_id","order_items")");
  spec.output_schema = OutputSchema(kUpdateResultProperties, kUpdateResultRequired);
  return {spec, &Run};
}

}  // namespace odmcp::orders
