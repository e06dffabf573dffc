// orders_create: a new order, checked against OrderDesk's rules first.
#include "plugins/common/text.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/order_schema.h"
#include "plugins/orders/order_summary.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

bool Filled(const rapidjson::Value* address, const char* key) {
  return address != nullptr &&
         !orderdesk::TrimWhitespace(GetString(*address, key).value_or("")).empty();
}

// Whether address has a first and last name, or a company.
bool Named(const rapidjson::Value* address) {
  return (Filled(address, "first_name") && Filled(address, "last_name")) ||
         Filled(address, "company");
}

// OrderDesk's documented rules for a new order (orderdesk-api.md 3.3 and
// 7.8), checked here so that the error names the field: items, and a name
// or company on the shipping or customer address. The schema has checked
// everything else.
Status CheckNewOrder(const rapidjson::Value& order) {
  const rapidjson::Value* items = Member(order, "order_items");
  if (items == nullptr || !items->IsArray() || items->Empty()) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "order_items: an order needs at least one item, e.g. "
                  "[{\"name\":\"T-shirt\",\"code\":\"TS-1\",\"price\":19.5,\"quantity\":1}].");
  }
  for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
    if (!Filled(&(*items)[i], "name")) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "order_items[" + std::to_string(i) + "].name: every item needs a name.");
    }
  }
  const rapidjson::Value* shipping = Member(order, "shipping");
  const rapidjson::Value* customer = Member(order, "customer");
  if (!Named(shipping) && !Named(customer)) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "shipping: an order needs a first and last name, or a company, on the "
                  "shipping or customer address; give shipping.first_name and "
                  "shipping.last_name, or shipping.company (OrderDesk copies one address to the "
                  "other when only one is given).");
  }
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const rapidjson::Value& order = args["order"];
  if (Status status = CheckNewOrder(order); !status.ok()) return orderdesk::Fail(call, status);

  orderdesk::Request request;
  request.method = "POST";
  request.path = "/orders";
  request.body = ToJson(order);
  rapidjson::Document envelope;
  uint64_t epoch = 0;
  if (Status status = SendWrite(context, call, store.access(), request, {}, &envelope, &epoch);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const rapidjson::Value* created = Member(envelope, "order");
  const std::string order_id = created != nullptr ? IdText(Member(*created, "id")) : "";
  if (created != nullptr && created->IsObject() && !order_id.empty()) {
    RememberOrder(context, call, store.access().store_id, order_id, epoch, *created);
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("order",
                created != nullptr && created->IsObject()
                    ? rapidjson::Value(*created, a)
                    : rapidjson::Value(rapidjson::kObjectType),
                a);
  orderdesk::StoreInfo info;
  CachedStoreInfo(call, store.access().store_id, &info);
  std::string text = StoreText(store) + ": created order ";
  text += created != nullptr && created->IsObject() ? OrderLine(OrderSummary(*created, info, a))
                                                    : "(OrderDesk did not return it)";
  return Succeed(call, text + ".", out);
}

}  // namespace

Tool OrdersCreateTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "orders_create";
  spec.title = "Create order";
  spec.description =
      "Creates an order in OrderDesk. It needs at least one item (each with a name) and a "
      "first and last name or a company on the shipping or customer address; OrderDesk copies "
      "one address to the other when only one is given, puts the order in the store's first "
      "folder unless folder_id says otherwise, and fills in source_name (Order Desk), "
      "source_id (the new id), payment_status (Captured) and the totals. OrderDesk refuses a "
      "second order with the same source_name and source_id, so give your own source_id to "
      "make a retry safe. Costs one OrderDesk request. Acts on `store` if given, else the "
      "session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(
      R"("order":{"type":"object","properties":{)" + OrderFieldProperties(SchemaUse::kCreate) +
          R"(},"required":["order_items"],"additionalProperties":false,)"
          R"("description":"The new order in OrderDesk's order shape."})",
      R"("order")");
  spec.output_schema =
      OutputSchema(R"("order_id":{"type":"string","description":"The new order's OrderDesk id."},)"
                   R"("order":{"type":"object","description":"The order as OrderDesk saved it."})",
                   R"("order_id","order")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
