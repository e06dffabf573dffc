// products_create: adds a product (inventory item) to a store.
#include <string>

#include "plugins/common/text.h"
#include "plugins/common/tool_kit.h"
#include "plugins/common/write_outcome.h"
#include "plugins/common/chosen_store.h"
#include "plugins/products/inventory_api.h"
#include "plugins/products/product_cache.h"
#include "plugins/products/product_schema.h"
#include "plugins/products/product_summary.h"

namespace odmcp::products {
namespace {

using orderdesk::Status;

// The store's product with this code, if any (codes are unique, ignoring
// case): for a reply that does not carry the product it created (OrderDesk
// documents only a message), and for a lost answer. *found says whether
// OrderDesk lists one.
Status FindByCode(const Context& context, Call& call, const orderdesk::ChosenStore& store,
                  std::string_view code, rapidjson::Document* product, bool* found) {
  orderdesk::Request request;
  request.path = "/inventory-items";
  request.query = {{"code", std::string(code)}};
  request.subject = "product with code " + std::string(code);
  request.fresh = true;
  rapidjson::Document envelope;
  *found = false;
  Status status = context.client.Send(call, store.access(), request, &envelope);
  if (!status.ok()) return status;
  if (const rapidjson::Value* items = Member(envelope, "inventory_items");
      items != nullptr && items->IsArray()) {
    for (const rapidjson::Value& item : items->GetArray()) {
      if (orderdesk::EqualsIgnoringCase(GetString(item, "code").value_or(""), code)) {
        product->CopyFrom(item, product->GetAllocator());
        *found = true;
        return Status::Ok();
      }
    }
  }
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  // The schema makes both non-empty; this guards a host that skipped it.
  const std::string_view name = orderdesk::TrimWhitespace(GetString(args, "name").value_or(""));
  const std::string_view code = orderdesk::TrimWhitespace(GetString(args, "code").value_or(""));
  if (name.empty() || code.empty()) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT, std::string(name.empty() ? "name" : "code") +
                                                 " is required and must not be blank: OrderDesk "
                                                 "needs a name and a SKU code for every product."));
  }
  orderdesk::ChosenStore store;
  if (Status status = store.Choose(call, args); !status.ok()) return orderdesk::Fail(call, status);

  // The body is the arguments minus `store`: the schema admits only
  // writable product fields besides it.
  rapidjson::Document body(rapidjson::kObjectType);
  auto& a = body.GetAllocator();
  for (const auto& member : args.GetObject()) {
    if (std::string_view(member.name.GetString(), member.name.GetStringLength()) == "store")
      continue;
    body.AddMember(rapidjson::Value(member.name, a), rapidjson::Value(member.value, a), a);
  }
  orderdesk::Request request;
  request.method = "POST";
  request.path = "/inventory-items";
  request.body = ToJson(body);
  request.subject = "inventory endpoint (check the base_url setting)";
  rapidjson::Document envelope;
  const Status sent = context.client.Send(call, store.access(), request, &envelope);
  if (!sent.ok() && !orderdesk::MayHaveBeenApplied(sent)) return orderdesk::Fail(call, sent);
  // Whatever follows, the store's lists may no longer hold every product.
  ForgetProducts(call, context.fence, store.id(), /*product_ids=*/{});

  rapidjson::Document product;
  std::string recovered;
  if (!sent.ok() || !ProductInReply(envelope, &product)) {
    bool found = false;
    const Status looked = FindByCode(context, call, store, code, &product, &found);
    if (!sent.ok()) {
      // The answer was lost: the code, unique in the store, settles it.
      const orderdesk::CreateLookup lookup{
          "product with code " + std::string(code),
          "OrderDesk refuses a second product with the same code, so a retry cannot duplicate it",
          "products_list with code \"" + std::string(code) + "\""};
      if (!looked.ok()) return orderdesk::Fail(call, orderdesk::CreationUnknown(lookup, sent, looked));
      if (!found) return orderdesk::Fail(call, orderdesk::NotCreated(lookup, sent));
      recovered = " (OrderDesk's answer was lost; found by its code)";
    } else if (!looked.ok()) {
      return orderdesk::Fail(call, looked);
    } else if (!found) {
      return orderdesk::Fail(
          call, Status(ODMCP_UNAVAILABLE, "OrderDesk accepted the product with code " +
                                              std::string(code) + " in store " + store.label() +
                                              " but does not list it yet; look for it with "
                                              "products_list before creating it again."));
    }
  }

  rapidjson::Document out(rapidjson::kObjectType);
  auto& o = out.GetAllocator();
  store.AddTo(&out);
  out.AddMember("product", rapidjson::Value(product, o), o);
  return orderdesk::Succeed(
      call, "Created product " + DescribeProduct(product) + " in store " + store.label() + recovered + ".",
      out);
}

}  // namespace

Tool ProductsCreateTool() {
  ToolSpec spec = orderdesk::Spec(/*read_only=*/false, /*destructive=*/false,
                                  /*idempotent=*/false, /*open_world=*/true);
  spec.name = "products_create";
  spec.title = "Create product";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Adds a product (an OrderDesk inventory item) to a store. `name` and `code` (the SKU) are "
      "required; the code must not be used by another product of the store (case is ignored) "
      "and should be the code orders arrive with, so OrderDesk can match them. Everything else "
      "is optional: price, cost, weight, stock, location, manufacturer_sku, metadata, "
      "variation_list. Returns the new product with its id. One OrderDesk request (POST "
      "/inventory-items). Not idempotent: calling it twice with the same code fails the "
      "second time. If OrderDesk's answer is lost, the product is looked up by its code: "
      "found, the call succeeds; not found, the error says it was not created; if even that "
      "lookup fails, the error says so and how to check. Acts on `store` if given, else the session's active store, else the "
      "default store.";
  spec.input_schema = std::string(R"({"type":"object","properties":{"store":)") +
                      orderdesk::kStorePropertySchema + "," + kWritableProductProperties +
                      R"(},"required":["name","code"],"additionalProperties":false})";
  spec.output_schema = std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties +
                       R"(,"product":)" + kProductSchema + R"(},"required":[)" +
                       orderdesk::kChosenStoreRequired + R"(,"product"]})";
  return {spec, &Run};
}

}  // namespace odmcp::products
