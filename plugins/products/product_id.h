// Reading a product id argument (product_schema.h's kProductIdSchema).
#ifndef ODMCP_PLUGINS_PRODUCTS_PRODUCT_ID_H_
#define ODMCP_PLUGINS_PRODUCTS_PRODUCT_ID_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "plugins/common/status.h"

namespace odmcp::products {

// The id `value` holds: a positive integer, or a string of 1 to 18 digits
// not starting with 0. nullopt for anything else.
std::optional<int64_t> ReadProductId(const rapidjson::Value& value);

// Sets *id to the id in member `key` of `object`. INVALID_ARGUMENT naming
// `field` (how the caller knows that member: "product_id", "items[2].id")
// when it is missing or not an id.
orderdesk::Status ProductIdArgument(const rapidjson::Value& object, std::string_view key,
                                    std::string_view field, int64_t* id);

}  // namespace odmcp::products

#endif  // ODMCP_PLUGINS_PRODUCTS_PRODUCT_ID_H_
