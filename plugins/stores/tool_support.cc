#include "plugins/stores/tool_support.h"

#include <chrono>
#include <ctime>

#include "plugins/common/store_directory.h"

namespace odmcp::stores {
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
  return std::string(R"({"type":"object","properties":{"store":{"type":"string",)"
                     R"("minLength":1,"maxLength":100,"description":"The store: its id (digits) )"
                     R"(or its registered name (case is ignored). stores_list shows the )"
                     R"(registered stores."}},)") +
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

orderdesk::Status FetchStoreInfo(const Context& context, Call& call,
                                 const orderdesk::StoreAccess& access, orderdesk::StoreInfo* info) {
  orderdesk::Request request;
  request.path = "/store";
  request.subject = "store settings";
  rapidjson::Document envelope;
  orderdesk::Status status = context.client.Send(call, access, request, &envelope);
  if (!status.ok()) return status;
  return orderdesk::ParseStoreInfo(envelope, info);
}

std::string StoreCachePrefix(std::string_view store_id) {
  return "store:" + std::string(store_id) + ":";
}

void CacheStoreInfo(const Context& context, Call& call, const orderdesk::StoreRecord& store,
                    const orderdesk::StoreInfo& info) {
  rapidjson::Document value(rapidjson::kObjectType);
  auto& a = value.GetAllocator();
  value.AddMember("store_id", JsonString(store.store_id, a), a);
  value.AddMember("name", JsonString(store.name, a), a);
  value.AddMember("orderdesk_name", JsonString(info.name, a), a);
  value.AddMember("settings", rapidjson::Value(info.settings, a), a);
  value.AddMember("folders", orderdesk::FoldersJson(info, a), a);
  odmcp_status status = Cache(call).Put(StoreCachePrefix(store.store_id) + "settings",
                                        ToJson(value), context.settings_ttl_ms);
  if (status != ODMCP_OK && status != ODMCP_UNIMPLEMENTED) {
    call.Log(ODMCP_LOG_WARNING, "caching the settings of store " + store.store_id + " failed with " +
                                    std::string(orderdesk::StatusName(status)));
  }
}

orderdesk::Status ResolveStoreArgument(Call& call, const rapidjson::Value& args,
                                       ResolvedStore* out) {
  if (orderdesk::Status status = orderdesk::ListStores(call, &out->stores); !status.ok()) {
    return status;
  }
  orderdesk::Status status = orderdesk::ResolveStore(
      out->stores, GetString(args, "store").value_or(""), &out->store, &out->matched_by);
  if (status.ok()) call.AuditStore(out->store->store_id);
  return status;
}

rapidjson::Document StoreIdentity(const orderdesk::StoreRecord& store) {
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

std::string FolderNames(const orderdesk::StoreInfo& info) {
  std::string names;
  for (const orderdesk::Folder& folder : info.folders) {
    names += names.empty() ? " (" : ", ";
    names += folder.name;
  }
  return names.empty() ? names : names + ")";
}

}  // namespace odmcp::stores
