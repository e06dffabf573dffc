// JSON Schema text the products tools share: a product as OrderDesk returns
// it, the fields a caller may write, and the product id argument.
//
// Pieces named *Properties are the members of a "properties" object, to be
// spliced into a tool's schema; the others are whole schemas.
#ifndef ODMCP_PLUGINS_PRODUCTS_PRODUCT_SCHEMA_H_
#define ODMCP_PLUGINS_PRODUCTS_PRODUCT_SCHEMA_H_

#include <string>
#include <string_view>

namespace odmcp::products {

// An inventory item as OrderDesk returns it (orderdesk-api.md 5). Amounts
// may come as numbers or numeric strings (OrderDesk types loosely), and an
// empty map prints as [].
inline constexpr const char* kProductSchema = R"({"type":"object","properties":{
    "id":{"type":"integer","description":"The product's id: what products_get, products_update and products_delete take."},
    "name":{"type":"string"},
    "code":{"type":"string","description":"The SKU."},
    "price":{"type":["number","string"]},
    "cost":{"type":["number","string"]},
    "weight":{"type":["number","string"]},
    "stock":{"type":["integer","number","string"],"description":"Units available."},
    "location":{"type":["string","null"]},
    "manufacturer_sku":{"type":["string","null"]},
    "update_source":{"type":["string","null"],"description":"The system that last changed it."},
    "metadata":{"type":["object","array"]},
    "variation_list":{"type":["object","array"]},
    "date_added":{"type":"string","description":"UTC, YYYY-MM-DD HH:MM:SS."},
    "date_updated":{"type":"string","description":"UTC, YYYY-MM-DD HH:MM:SS."}},
  "required":["id","name","code"]})";

// The fields of a product a caller may write. id, date_added and
// date_updated are OrderDesk's and absent on purpose, so a schema with
// additionalProperties false refuses them. name and code cannot be blanked:
// OrderDesk requires both.
inline constexpr const char* kWritableProductProperties = R"(
    "name":{"type":"string","minLength":1,"maxLength":500,
      "description":"The product's name. OrderDesk requires one: it cannot be blanked."},
    "code":{"type":"string","minLength":1,"maxLength":255,
      "description":"The SKU: unique in the store (case is ignored) and the code orders arrive with. It cannot be blanked."},
    "price":{"type":["number","null"],"minimum":0,"maximum":100000000,
      "description":"Unit price in the store's currency; null sets 0."},
    "cost":{"type":["number","null"],"minimum":0,"maximum":100000000,
      "description":"Unit cost in the store's currency; null sets 0."},
    "weight":{"type":["number","null"],"minimum":0,"maximum":100000000,
      "description":"Shipping weight in the store's weight unit; null sets 0."},
    "stock":{"type":["integer","null"],"minimum":-100000000,"maximum":100000000,
      "description":"Units available; null sets 0."},
    "location":{"type":["string","null"],"maxLength":255,
      "description":"The warehouse or fulfilment method responsible for it; null blanks it."},
    "manufacturer_sku":{"type":["string","null"],"maxLength":255,
      "description":"The manufacturer's SKU; null blanks it."},
    "update_source":{"type":["string","null"],"maxLength":100,
      "description":"The name OrderDesk shows as the product's last updater; OrderDesk records \"API\" when blank."},
    "metadata":{"type":["object","null"],
      "description":"Data for integrations: an object of names to values. An update merges it key by key (a key set to null is removed); null removes all."},
    "variation_list":{"type":["object","null"],
      "description":"The product's variations: an object of names to values, merged like metadata."})";

// The schema of an update's `fields` (described by `description`): at least
// one writable field, nothing else.
std::string ProductFieldsSchema(std::string_view description);

// A product id argument: OrderDesk's ids are integers; digits in a string
// are accepted too, since models often quote ids.
inline constexpr const char* kProductIdSchema =
    R"({"type":["integer","string"],"minimum":1,"maximum":999999999999999999,)"
    R"("pattern":"^[1-9][0-9]{0,17}$","description":"The product's id (products_list shows it)."})";

}  // namespace odmcp::products

#endif  // ODMCP_PLUGINS_PRODUCTS_PRODUCT_SCHEMA_H_
