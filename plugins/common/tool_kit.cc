#include "plugins/common/tool_kit.h"

#include <chrono>
#include <ctime>

namespace odmcp::orderdesk {
namespace {

Hint ToHint(bool value) { return value ? Hint::kTrue : Hint::kFalse; }

}  // namespace

ToolSpec Spec(bool read_only, bool destructive, bool idempotent, bool open_world) {
  ToolSpec spec;
  spec.read_only = ToHint(read_only);
  spec.destructive = ToHint(destructive);
  spec.idempotent = ToHint(idempotent);
  spec.open_world = ToHint(open_world);
  return spec;
}

std::string StoreArgumentSchema(bool required) {
  return std::string(R"({"type":"object","properties":{"store":)") + kStorePropertySchema + "}," +
         (required ? R"("required":["store"],)" : "") + R"("additionalProperties":false})";
}

std::optional<std::string> OptionalString(const rapidjson::Value& args, std::string_view key) {
  std::optional<std::string_view> value = GetString(args, key);
  if (!value.has_value()) return std::nullopt;
  return std::string(*value);
}

rapidjson::Value JsonString(std::string_view text, rapidjson::Document::AllocatorType& allocator) {
  return rapidjson::Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

rapidjson::Value JsonNullableString(const std::optional<std::string>& text,
                                    rapidjson::Document::AllocatorType& allocator) {
  return text.has_value() ? JsonString(*text, allocator) : rapidjson::Value(rapidjson::kNullType);
}

odmcp_status Succeed(Call& call, std::string_view text, const rapidjson::Value& structured) {
  odmcp_status status = call.Text(text);
  if (status == ODMCP_OK) status = call.Structured(structured);
  return status;
}

rapidjson::Document StoreIdentity(const StoreRecord& store) {
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("store_id", JsonString(store.store_id, a), a);
  out.AddMember("name", JsonString(store.name, a), a);
  return out;
}

std::string UtcNow() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace odmcp::orderdesk
