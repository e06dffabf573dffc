// orders_create: a new order, checked against OrderDesk's rules first, that
// never reports a failure for an order that exists (write_outcome.h).
#include <cstdint>
#include <random>

#include "plugins/common/text.h"
#include "plugins/common/write_outcome.h"
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

// OrderDesk's default source_name, which the duplicate rule compares.
constexpr std::string_view kDefaultSourceName = "Order Desk";

// A source_id for an order the caller gave none: "odmcp-" and 16 random hex
// digits, unique enough that OrderDesk's duplicate rule never meets another.
std::string NewSourceId() {
  std::random_device entropy;
  const uint64_t bits = (static_cast<uint64_t>(entropy()) << 32) | entropy();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "odmcp-";
  for (int shift = 60; shift >= 0; shift -= 4) id.push_back(kHex[(bits >> shift) & 0xf]);
  return id;
}

// The order OrderDesk holds with this source, if any: GET /orders filtered
// by source_id, then the source_name compared as the duplicate rule does.
// Sets *found to null when there is none.
Status FindBySource(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                    std::string_view source_id, std::string_view source_name,
                    rapidjson::Document* envelope, const rapidjson::Value** found) {
  orderdesk::Request request;
  request.path = "/orders";
  request.query = {{"source_id", std::string(source_id)}};
  request.subject = "order with source_id " + std::string(source_id);
  request.fresh = true;
  *found = nullptr;
  if (Status status = context.client.Send(call, access, request, envelope); !status.ok()) {
    return status;
  }
  const rapidjson::Value* orders = Member(*envelope, "orders");
  if (orders == nullptr || !orders->IsArray()) return Status::Ok();
  for (const rapidjson::Value& order : orders->GetArray()) {
    if (orderdesk::EqualsIgnoringCase(GetString(order, "source_id").value_or(""), source_id) &&
        orderdesk::EqualsIgnoringCase(GetString(order, "source_name").value_or(kDefaultSourceName),
                                      source_name)) {
      *found = &order;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const rapidjson::Value& given = args["order"];
  if (Status status = CheckNewOrder(given); !status.ok()) return orderdesk::Fail(call, status);

  // Every order goes out with a source_id, so that a lost answer can be
  // settled by looking it up and a retry with it cannot duplicate it.
  rapidjson::Document order;
  order.CopyFrom(given, order.GetAllocator());
  std::string source_id(orderdesk::TrimWhitespace(GetString(order, "source_id").value_or("")));
  if (source_id.empty()) {
    source_id = NewSourceId();
    order.RemoveMember("source_id");
    order.AddMember("source_id", JsonString(source_id, order.GetAllocator()), order.GetAllocator());
  }
  std::string source_name(orderdesk::TrimWhitespace(GetString(order, "source_name").value_or("")));
  if (source_name.empty()) source_name = kDefaultSourceName;

  orderdesk::Request request;
  request.method = "POST";
  request.path = "/orders";
  request.body = ToJson(order);
  rapidjson::Document envelope;
  uint64_t epoch = 0;
  std::string recovered;
  if (Status status = SendWrite(context, call, store.access(), request, {}, &envelope, &epoch);
      !status.ok()) {
    if (!orderdesk::MayHaveBeenApplied(status)) return orderdesk::Fail(call, status);
    const orderdesk::CreateLookup lookup{
        "order with source_id " + source_id,
        "give the same order.source_id (" + source_id +
            "): OrderDesk refuses a second order with it, so a retry cannot duplicate the order",
        "orders_list with source_id \"" + source_id + "\""};
    const rapidjson::Value* found = nullptr;
    rapidjson::Document listed;
    if (Status looked = FindBySource(context, call, store.access(), source_id, source_name,
                                     &listed, &found);
        !looked.ok()) {
      return orderdesk::Fail(call, orderdesk::CreationUnknown(lookup, status, looked));
    }
    if (found == nullptr) return orderdesk::Fail(call, orderdesk::NotCreated(lookup, status));
    envelope.SetObject();
    envelope.AddMember("order", rapidjson::Value(*found, envelope.GetAllocator()),
                       envelope.GetAllocator());
    recovered = " (OrderDesk's answer was lost; found by source_id " + source_id + ")";
  }
  const rapidjson::Value* created = Member(envelope, "order");
  const std::string order_id = created != nullptr ? IdText(Member(*created, "id")) : "";
  if (created != nullptr && created->IsObject() && !order_id.empty()) {
    RememberOrder(context, call, store.access().store_id, order_id, epoch, *created);
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  out.AddMember("order_id", JsonString(order_id, a), a);
  out.AddMember("source_id", JsonString(source_id, a), a);
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
  return Succeed(call, text + recovered + ".", out);
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
      "payment_status (Captured) and the totals. Without a source_id the order gets one "
      "generated here (\"odmcp-\" and 16 hex digits), returned as source_id. OrderDesk "
      "refuses a second order with the same source_name and source_id, so a retry with the "
      "same source_id can never duplicate an order. If OrderDesk's answer is lost, the order is "
      "looked up by its source_id: found, the call succeeds; not found, the error says it was "
      "not created; if even that lookup fails, the error says so and how to check. Costs one "
      "OrderDesk request (two when an answer is lost). Acts on `store` if given, else the "
      "session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(
      R"("order":{"type":"object","properties":{)" + OrderFieldProperties(SchemaUse::kCreate) +
          R"(},"required":["order_items"],"additionalProperties":false,)"
          R"("description":"The new order in OrderDesk's order shape."})",
      R"("order")");
  spec.output_schema =
      OutputSchema(R"("order_id":{"type":"string","description":"The new order's OrderDesk id."},)"
                   R"("source_id":{"type":"string","description":"The order's source_id: the )"
                   R"(caller's, or the one generated for it."},)"
                   R"("order":{"type":"object","description":"The order as OrderDesk saved it."})",
                   R"("order_id","source_id","order")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
