#include "plugins/products/product_id.h"

#include <odmcp/plugin.hpp>

#include <string>
#include <string_view>

namespace odmcp::products {
namespace {

constexpr size_t kMaxDigits = 18;  // fits int64 whatever the digits

}  // namespace

std::optional<int64_t> ReadProductId(const rapidjson::Value& value) {
  if (value.IsInt64()) {
    if (value.GetInt64() < 1) return std::nullopt;
    return value.GetInt64();
  }
  if (!value.IsString()) return std::nullopt;
  const std::string_view text(value.GetString(), value.GetStringLength());
  if (text.empty() || text.size() > kMaxDigits || text[0] == '0') return std::nullopt;
  int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

orderdesk::Status ProductIdArgument(const rapidjson::Value& object, std::string_view key,
                                    std::string_view field, int64_t* id) {
  const rapidjson::Value* value = Member(object, key);
  const std::optional<int64_t> read = value == nullptr ? std::nullopt : ReadProductId(*value);
  if (!read.has_value()) {
    return orderdesk::Status(ODMCP_INVALID_ARGUMENT,
                             std::string(field) +
                                 " must be a product id: a positive integer, "
                                 "as products_list shows.");
  }
  *id = *read;
  return orderdesk::Status::Ok();
}

}  // namespace odmcp::products
