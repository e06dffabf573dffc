// products_get: one product (inventory item), from the cache when fresh
// enough.
#include <string>

#include "plugins/common/tool_kit.h"
#include "plugins/common/chosen_store.h"
#include "plugins/products/inventory_api.h"
#include "plugins/products/product_id.h"
#include "plugins/products/product_schema.h"
#include "plugins/products/product_summary.h"

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

  rapidjson::Document product;
  bool cached = false;
  Status status = ReadProduct(context, call, store, product_id, "product_id", &product, &cached);
  if (!status.ok()) return orderdesk::Fail(call, status);

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  store.AddTo(&out);
  out.AddMember("product", rapidjson::Value(product, a), a);
  out.AddMember("cached", cached, a);
  std::string text = "Product " + DescribeProduct(product) + " in store " + store.label() + ".";
  if (cached)
    text +=
        " (From the cache: at most " + std::to_string(context.product_ttl_ms / 1000) + " s old.)";
  return orderdesk::Succeed(call, text, out);
}

}  // namespace

Tool ProductsGetTool() {
  ToolSpec spec = orderdesk::Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                                  /*open_world=*/true);
  spec.name = "products_get";
  spec.title = "Get product";
  spec.description =
      "Reads one product (an OrderDesk inventory item) by its id: name, SKU code, price, cost, "
      "weight, stock, location, metadata and variations. Use it before changing a product, or "
      "to check its stock. One OrderDesk request, or none when a copy read in the last minute "
      "(the product TTL) is cached; any write through these tools drops that copy. Acts on "
      "`store` if given, else the session's active store, else the default store. To find an "
      "id by SKU, use products_list with `code`.";
  spec.input_schema = std::string(R"({"type":"object","properties":{"store":)") +
                      orderdesk::kStorePropertySchema + R"(,"product_id":)" + kProductIdSchema +
                      R"(},"required":["product_id"],"additionalProperties":false})";
  spec.output_schema =
      std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties +
      R"(,"product":)" + kProductSchema +
      R"(,"cached":{"type":"boolean","description":"Whether the product came from the cache rather than OrderDesk."}},"required":[)" +
      orderdesk::kChosenStoreRequired + R"(,"product","cached"]})";
  return {spec, &Run};
}

}  // namespace odmcp::products
