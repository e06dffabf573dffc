#include "plugins/stores/tool_support.h"

#include "plugins/common/store_directory.h"

namespace odmcp::stores {

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

std::string FolderNames(const orderdesk::StoreInfo& info) {
  std::string names;
  for (const orderdesk::Folder& folder : info.folders) {
    names += names.empty() ? " (" : ", ";
    names += folder.name;
  }
  return names.empty() ? names : names + ")";
}

}  // namespace odmcp::stores
