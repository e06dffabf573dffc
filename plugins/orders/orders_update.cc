// orders_update: changes any writable fields of an order without losing
// the others (read, merge, full PUT).
#include <vector>

#include "plugins/orders/order_schema.h"
#include "plugins/orders/order_update.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

// "email, shipping" from the change's top-level keys.
std::string FieldNames(const rapidjson::Value& fields) {
  std::string names;
  for (const auto& member : fields.GetObject()) {
    names += (names.empty() ? "" : ", ") + std::string(member.name.GetString());
  }
  return names;
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  const rapidjson::Value empty(rapidjson::kObjectType);
  const rapidjson::Value* fields = Member(args, "fields");
  if (fields == nullptr) fields = &empty;

  orderdesk::OrderChanges changes;
  changes.fields = fields;
  if (const rapidjson::Value* remove = Member(args, "remove_item_ids")) {
    for (const rapidjson::Value& id : remove->GetArray())
      changes.remove_item_ids.push_back(IdText(&id));
  }
  if (fields->ObjectEmpty() && changes.remove_item_ids.empty()) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT,
                     "fields: give at least one field to change (or remove_item_ids); nothing "
                     "was asked, so nothing was done."));
  }

  OrderUpdate update;
  if (Status status =
          UpdateOrder(context, call, store.access(), order_id, changes, kDefaultNoteAuthor, &update);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  rapidjson::Document out = StoreResult(store);
  AddUpdateResult(order_id, update, &out);

  std::string text = StoreText(store) + ", order " + order_id + ": ";
  if (!update.written) {
    text += "nothing to change; the order already had these values";
  } else {
    text += "saved";
    if (!fields->ObjectEmpty()) text += " (" + FieldNames(*fields) + ")";
  }
  const std::string summary = UpdateSummary(update);
  if (!summary.empty()) text += "; " + summary;
  return Succeed(call, text + ". Every field not mentioned kept its value.", out);
}

}  // namespace

Tool OrdersUpdateTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "orders_update";
  spec.title = "Update order";
  spec.description =
      "Changes an order's writable fields and keeps everything else exactly as it was. Give "
      "only what changes, in OrderDesk's order shape: addresses, checkout_data and "
      "order_metadata merge key by key; order_items with an id change that item (key by key), "
      "without an id add one; order_notes are appended, skipping any already on the order; "
      "null clears a field; discount_list is replaced whole. Items are removed only through "
      "remove_item_ids. The order must keep its items and a name or company. OrderDesk "
      "replaces whole orders, so this reads the order, merges, reads it again just before "
      "saving, and if someone changed it meanwhile merges again on their version (keeping "
      "their change). To move an order to another folder use orders_move, which runs the "
      "folder's rules. Costs 2 OrderDesk requests (a read and the save; only the read when "
      "nothing changes), plus one read each time the order changed meanwhile. Acts on `store` if "
      "given, else the session's active "
      "store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(
      R"("order_id":)" + IdSchema("The order's OrderDesk id.") +
          R"(,"fields":{"type":"object","properties":{)" +
          OrderFieldProperties(SchemaUse::kUpdate) +
          R"(},"additionalProperties":false,"description":"The fields to change, in the order's )"
          R"(shape. Read-only fields (id, totals, dates, shipments, history) cannot be set."},)"
          R"("remove_item_ids":{"type":"array","minItems":1,"maxItems":1000,"items":)" +
          IdSchema("The id of an item on the order.") +
          R"(,"description":"Items to remove from the order, by id."})",
      R"("order_id")");
  spec.output_schema = OutputSchema(kUpdateResultProperties, kUpdateResultRequired);
  return {spec, &Run};
}

}  // namespace odmcp::orders
