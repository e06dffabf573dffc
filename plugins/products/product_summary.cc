#include "plugins/products/product_summary.h"

#include <odmcp/plugin.hpp>

#include <optional>

namespace odmcp::products {

std::string DescribeProduct(const rapidjson::Value& product) {
  std::string text(GetString(product, "name").value_or("(no name)"));
  text += " (code " + std::string(GetString(product, "code").value_or("none"));
  if (std::optional<int64_t> id = GetInt64(product, "id")) text += ", id " + std::to_string(*id);
  return text + ")";
}

rapidjson::Value ChangedFields(const rapidjson::Value& fields,
                               rapidjson::Document::AllocatorType& allocator, std::string* names) {
  rapidjson::Value changed(rapidjson::kArrayType);
  names->clear();
  for (const auto& member : fields.GetObject()) {
    changed.PushBack(rapidjson::Value(member.name, allocator), allocator);
    if (!names->empty()) names->append(", ");
    names->append(member.name.GetString(), member.name.GetStringLength());
  }
  return changed;
}

}  // namespace odmcp::products
