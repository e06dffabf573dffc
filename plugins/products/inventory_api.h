// Requests to one store's /inventory-items endpoints (orderdesk-api.md
// 3.10), and the cached read of one product.
#ifndef ODMCP_PLUGINS_PRODUCTS_INVENTORY_API_H_
#define ODMCP_PLUGINS_PRODUCTS_INVENTORY_API_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "plugins/common/status.h"
#include "plugins/common/chosen_store.h"
#include "plugins/products/tools.h"

namespace odmcp::products {

// "/inventory-items/<id>".
std::string ProductPath(int64_t product_id);

// What OrderDesk's messages call the product: "product 2001".
std::string ProductSubject(int64_t product_id);

// GET /inventory-items/{id} (one OrderDesk request): *product receives the
// reply's inventory_item. `fresh` keeps the GET from sharing an identical
// one already in flight, for the re-read that guards a write. Errors are
// those of OrderDeskClient::Send, except that NOT_FOUND's message starts
// with `field` (the argument that named the id, "product_id" or
// "items[2].id"); UNAVAILABLE for a reply without an inventory_item object.
orderdesk::Status FetchProduct(const Context& context, Call& call, const orderdesk::ChosenStore& store,
                               int64_t product_id, std::string_view field, bool fresh,
                               rapidjson::Document* product);

// The product's cached copy if there is one (*cached = true), else
// FetchProduct's (not fresh), which is then cached for the product TTL.
orderdesk::Status ReadProduct(const Context& context, Call& call, const orderdesk::ChosenStore& store,
                              int64_t product_id, std::string_view field,
                              rapidjson::Document* product, bool* cached);

// Sets *product to the inventory_item object a write's reply carries and
// returns true, or returns false when there is none: OrderDesk documents
// only a message for its inventory writes, so callers that need the
// product then read it back.
bool ProductInReply(const rapidjson::Value& envelope, rapidjson::Document* product);

}  // namespace odmcp::products

#endif  // ODMCP_PLUGINS_PRODUCTS_INVENTORY_API_H_
