#include "host/common/json.h"

#include <rapidjson/error/en.h>

namespace odmcp {

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

const rapidjson::Value* FindMember(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string_view JsonTypeName(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "boolean";
    case rapidjson::kObjectType:
      return "object";
    case rapidjson::kArrayType:
      return "array";
    case rapidjson::kStringType:
      return "string";
    case rapidjson::kNumberType:
      return (value.IsInt64() || value.IsUint64()) ? "integer" : "number";
  }
  return "unknown";
}

bool IsValidJson(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  return !doc.HasParseError();
}

std::string QuoteJson(std::string_view text) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  WriteString(writer, text);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace odmcp
