#include "plugins/products/product_schema.h"

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

namespace odmcp::products {

std::string ProductFieldsSchema(std::string_view description) {
  rapidjson::Document text(rapidjson::kStringType);
  text.SetString(description.data(), static_cast<rapidjson::SizeType>(description.size()),
                 text.GetAllocator());
  return std::string(R"({"type":"object","minProperties":1,"additionalProperties":false,)") +
         R"("description":)" + ToJson(text) + R"(,"properties":{)" + kWritableProductProperties +
         "}}";
}

}  // namespace odmcp::products
