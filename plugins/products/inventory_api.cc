#include "plugins/products/inventory_api.h"

#include <optional>

#include "plugins/products/product_cache.h"

namespace odmcp::products {

using orderdesk::Status;

std::string ProductPath(int64_t product_id) {
  return "/inventory-items/" + std::to_string(product_id);
}

std::string ProductSubject(int64_t product_id) { return "product " + std::to_string(product_id); }

Status FetchProduct(const Context& context, Call& call, const orderdesk::ChosenStore& store,
                    int64_t product_id, std::string_view field, bool fresh,
                    rapidjson::Document* product) {
  orderdesk::Request request;
  request.path = ProductPath(product_id);
  request.subject = ProductSubject(product_id);
  request.fresh = fresh;
  rapidjson::Document envelope;
  Status status = context.client.Send(call, store.access(), request, &envelope);
  if (status.code() == ODMCP_NOT_FOUND) {
    return Status(status.code(), std::string(field) + ": " + status.message() +
                                     " products_list shows the store's products and their ids.");
  }
  if (!status.ok()) return status;
  if (!ProductInReply(envelope, product)) {
    return Status(ODMCP_UNAVAILABLE, "OrderDesk's reply for " + request.subject + " in store " +
                                         store.label() +
                                         " held no inventory_item; try again in a minute.");
  }
  return Status::Ok();
}

Status ReadProduct(const Context& context, Call& call, const orderdesk::ChosenStore& store, int64_t product_id,
                   std::string_view field, rapidjson::Document* product, bool* cached) {
  const std::string key = ProductCacheKey(store.id(), product_id);
  if (std::optional<std::string> text = CacheRead(call, key)) {
    product->Parse(text->data(), text->size());
    // An entry that is not a product (it cannot be, short of corruption)
    // falls back to OrderDesk rather than failing the call.
    if (!product->HasParseError() && product->IsObject()) {
      *cached = true;
      return Status::Ok();
    }
  }
  *cached = false;
  const uint64_t epoch = context.fence.Epoch(store.id());
  Status status = FetchProduct(context, call, store, product_id, field, /*fresh=*/false, product);
  if (status.ok()) {
    CacheWrite(call, context.fence, store.id(), epoch, key, ToJson(*product),
               context.product_ttl_ms);
  }
  return status;
}

bool ProductInReply(const rapidjson::Value& envelope, rapidjson::Document* product) {
  const rapidjson::Value* item = Member(envelope, "inventory_item");
  if (item == nullptr || !item->IsObject()) return false;
  product->CopyFrom(*item, product->GetAllocator());
  return true;
}

}  // namespace odmcp::products
