#include "plugins/stores/tool_support.h"

#include "plugins/common/store_directory.h"

namespace odmcp::stores {

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
