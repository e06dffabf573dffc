#include "plugins/orders/tool_support.h"

namespace odmcp::orders {

rapidjson::Document StoreResult(const ToolStore& store) {
  rapidjson::Document out(rapidjson::kObjectType);
  store.AddTo(&out);
  return out;
}

std::string StoreText(const ToolStore& store) { return "Store " + store.label(); }

std::string InputSchema(std::string_view properties, std::string_view required) {
  std::string schema = R"({"type":"object","properties":{"store":)";
  schema += orderdesk::kStorePropertySchema;
  if (!properties.empty()) schema += "," + std::string(properties);
  schema += "}";
  if (!required.empty()) schema += R"(,"required":[)" + std::string(required) + "]";
  return schema + R"(,"additionalProperties":false})";
}

std::string OutputSchema(std::string_view properties, std::string_view required) {
  std::string schema =
      std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties;
  if (!properties.empty()) schema += "," + std::string(properties);
  schema += std::string(R"(},"required":[)") + orderdesk::kChosenStoreRequired;
  if (!required.empty()) schema += "," + std::string(required);
  return schema + "]}";
}

std::string IdSchema(std::string_view description) {
  return R"({"type":["string","integer"],"pattern":"^[0-9]{1,20}$","minimum":1,)"
         R"("maximum":9007199254740991,"description":")" +
         std::string(description) + R"("})";
}

std::string IdArgument(const rapidjson::Value& args, std::string_view key) {
  return IdText(Member(args, key));
}

std::string IdText(const rapidjson::Value* value) {
  if (value == nullptr) return "";
  if (value->IsString()) return std::string(value->GetString(), value->GetStringLength());
  if (value->IsUint64()) return std::to_string(value->GetUint64());
  return "";
}

Status NotFoundAt(const Status& status, std::string_view field) {
  if (status.code() != ODMCP_NOT_FOUND) return status;
  return Status(status.code(), std::string(field) + ": " + status.message());
}

std::string Count(size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

}  // namespace odmcp::orders
