// products_delete: removes a product (inventory item) from a store.
#include <string>

#include "plugins/common/tool_kit.h"
#include "plugins/common/chosen_store.h"
#include "plugins/products/inventory_api.h"
#include "plugins/products/product_cache.h"
#include "plugins/products/product_id.h"
#include "plugins/products/product_schema.h"

namespace odmcp::products {
namespace {

using orderdesk::Status;

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  int64_t product_id = 0;
  if (Status status = ProductIdArgument(args, "product_id", "product_id", &product_id);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  orderdesk::ChosenStore store;
  if (Status status = store.Choose(call, args); !status.ok()) return orderdesk::Fail(call, status);

  orderdesk::Request request;
  request.method = "DELETE";
  request.path = ProductPath(product_id);
  request.subject = ProductSubject(product_id);
  rapidjson::Document envelope;
  Status status = context.client.Send(call, store.access(), request, &envelope);
  // Even a failed DELETE may have reached OrderDesk (a reply lost on the way).
  ForgetProducts(call, context.fence, store.id(), {product_id});
  if (status.code() == ODMCP_NOT_FOUND) {
    status = Status(status.code(), "product_id: " + status.message() +
                                       " It may have been deleted already; products_list shows "
                                       "the store's products.");
  }
  if (!status.ok()) return orderdesk::Fail(call, status);

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  store.AddTo(&out);
  out.AddMember("product_id", product_id, a);
  out.AddMember("deleted", true, a);
  return orderdesk::Succeed(
      call, "Deleted product " + std::to_string(product_id) + " from store " + store.label() + ".",
      out);
}

}  // namespace

Tool ProductsDeleteTool() {
  ToolSpec spec = orderdesk::Spec(/*read_only=*/false, /*destructive=*/true, /*idempotent=*/false,
                                  /*open_world=*/true);
  spec.name = "products_delete";
  spec.title = "Delete product";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Deletes one product (an OrderDesk inventory item) from a store, permanently: it cannot "
      "be restored, only created again (with a new id). Confirm the id with products_get "
      "first when in doubt. One OrderDesk request (DELETE "
      "/inventory-items/{id}). A second call for the same id fails as not found. Acts on "
      "`store` if given, else the session's active store, else the default store.";
  spec.input_schema = std::string(R"({"type":"object","properties":{"store":)") +
                      orderdesk::kStorePropertySchema + R"(,"product_id":)" + kProductIdSchema +
                      R"(},"required":["product_id"],"additionalProperties":false})";
  spec.output_schema = std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties +
                       R"(,
      "product_id":{"type":"integer"},
      "deleted":{"type":"boolean","description":"Always true: a failed delete is an error."}},
      "required":[)" + orderdesk::kChosenStoreRequired +
                       R"(,"product_id","deleted"]})";
  return {spec, &Run};
}

}  // namespace odmcp::products
