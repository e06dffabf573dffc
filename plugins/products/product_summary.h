// How products tools describe products and changes in their results and
// texts.
#ifndef ODMCP_PLUGINS_PRODUCTS_PRODUCT_SUMMARY_H_
#define ODMCP_PLUGINS_PRODUCTS_PRODUCT_SUMMARY_H_

#include <rapidjson/document.h>

#include <string>

namespace odmcp::products {

// "Blue Shirt (code BS-1, id 2001)".
std::string DescribeProduct(const rapidjson::Value& product);

// The names of the fields an update sets (the members of the object
// `fields`) as a JSON array, and in *names as "price, stock".
rapidjson::Value ChangedFields(const rapidjson::Value& fields,
                               rapidjson::Document::AllocatorType& allocator, std::string* names);

}  // namespace odmcp::products

#endif  // ODMCP_PLUGINS_PRODUCTS_PRODUCT_SUMMARY_H_
