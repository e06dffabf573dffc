// orders_update_address: changes some fields of one of an order's
// addresses, keeping the rest of the address and the order.
#include <algorithm>
#include <string>
#include <vector>

#include "plugins/orders/order_schema.h"
#include "plugins/orders/order_update.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

struct AddressChoice {
  const char* name;
  AddressKind kind;
};

constexpr AddressChoice kAddresses[] = {
    {"shipping", AddressKind::kShipping},
    {"customer", AddressKind::kCustomer},
    {"return_address", AddressKind::kReturn},
};

// Every field any address has, in a stable order.
std::vector<std::string_view> AllAddressFields() {
  std::vector<std::string_view> all;
  for (const AddressChoice& choice : kAddresses) {
    for (std::string_view field : AddressFields(choice.kind)) {
      if (std::find(all.begin(), all.end(), field) == all.end()) all.push_back(field);
    }
  }
  return all;
}

std::string Join(const std::vector<std::string_view>& names) {
  std::string joined;
  for (std::string_view name : names) joined += (joined.empty() ? "" : ", ") + std::string(name);
  return joined;
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const std::string order_id = IdArgument(args, "order_id");
  const std::string address(GetString(args, "address").value_or(""));
  AddressKind kind = AddressKind::kShipping;
  for (const AddressChoice& choice : kAddresses) {
    if (address == choice.name) kind = choice.kind;
  }
  const std::vector<std::string_view>& allowed = AddressFields(kind);

  rapidjson::Document fields(rapidjson::kObjectType);
  auto& a = fields.GetAllocator();
  rapidjson::Value changed(rapidjson::kObjectType);
  for (std::string_view field : AllAddressFields()) {
    const rapidjson::Value* value = Member(args, field);
    if (value == nullptr) continue;
    if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
      return orderdesk::Fail(
          call, Status(ODMCP_INVALID_ARGUMENT, std::string(field) + ": the " + address +
                                                   " address has no such field; " +
                                                   "its fields are " + Join(allowed) + "."));
    }
    changed.AddMember(JsonString(field, a), rapidjson::Value(*value, a), a);
  }
  if (changed.ObjectEmpty()) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT, "address: give at least one field of the " + address +
                                                 " address to change (" + Join(allowed) + ")."));
  }
  fields.AddMember(JsonString(address, a), changed, a);
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
  std::string text = StoreText(store) + ", order " + order_id + ": ";
  text += update.written ? "updated the " + address + " address (" +
                               std::to_string(fields[address.c_str()].MemberCount()) +
                               " field(s)); its other fields and the rest of the order are "
                               "unchanged"
                         : "the " + address +
                               " address already had these values; nothing "
                               "was sent";
  const std::string summary = UpdateSummary(update);
  if (!summary.empty()) text += "; " + summary;
  return Succeed(call, text + ".", out);
}

std::string InputProperties() {
  std::string p = R"("order_id":)" + IdSchema("The order's OrderDesk id.") +
                  R"(,"address":{"type":"string","enum":["shipping","customer","return_address"],)"
                  R"("description":"Which address: shipping, customer (billing) or )"
                  R"(return_address."})";
  for (std::string_view field : AllAddressFields()) {
    p += ",\"" + std::string(field) +
         R"(":{"type":["string","null"],"maxLength":1000,"description":"The new value; null )"
         R"(clears it.)" +
         (field == "address3" || field == "address4" ? " Shipping only." : "") +
         (field == "title" || field == "name" ? " Return address only." : "") +
         (field == "first_name" || field == "last_name" ? " Shipping and customer only." : "") +
         "\"}";
  }
  return p;
}

}  // namespace

Tool OrdersUpdateAddressTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "orders_update_address";
  spec.title = "Update order address";
  spec.description =
      "Changes fields of one address of an order (shipping, customer/billing, or return "
      "address): give only the fields that change, e.g. {\"address\":\"shipping\","
      "\"address1\":\"12 High St\",\"postal_code\":\"02139\"}; null clears a field. The "
      "address's other fields, the other addresses, items and notes stay exactly as they "
      "were. The order must keep a first and last name or a company on shipping or customer. "
      "Costs 2 OrderDesk requests (a read and the save), plus one read each time the order "
      "changed meanwhile (someone else's change is kept). Acts on `store` if given, else the "
      "session's active store, else the default store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(InputProperties(), R"("order_id","address")");
  spec.output_schema = OutputSchema(kUpdateResultProperties, kUpdateResultRequired);
  return {spec, &Run};
}

}  // namespace odmcp::orders
