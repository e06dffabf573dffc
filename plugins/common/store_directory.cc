#include "plugins/common/store_directory.h"

#include <utility>

#include "plugins/common/service_status.h"

namespace odmcp::orderdesk {

Status ListStores(Call& call, std::vector<StoreRecord>* stores) {
  std::string list_json;
  odmcp_status status = Vault(call).List(kStoreEntryPrefix, &list_json);
  if (status == ODMCP_NOT_FOUND) {
    stores->clear();
    return Status::Ok();
  }
  if (status != ODMCP_OK) return ServiceFailure(status, "reading the registered stores");
  return ParseStoreEntries(list_json, stores);
}

Status ReadStorePointer(Call& call, int32_t scope, std::string_view key,
                        std::optional<std::string>* store_id) {
  store_id->reset();
  std::string value;
  odmcp_status status = Session(call).Get(scope, key, &value);
  if (status == ODMCP_OK) {
    *store_id = std::move(value);
    return Status::Ok();
  }
  if (status == ODMCP_NOT_FOUND) return Status::Ok();
  if (status == ODMCP_FAILED_PRECONDITION && scope == ODMCP_SCOPE_SESSION) {
    return Status::Ok();  // the client keeps no session: nothing is active
  }
  return ServiceFailure(status, scope == ODMCP_SCOPE_SESSION ? "reading the active store"
                                                             : "reading the default store");
}

Status SelectStoreForCall(Call& call, const std::optional<std::string>& argument,
                          std::vector<StoreRecord>* stores, Selection* selection) {
  if (Status status = ListStores(call, stores); !status.ok()) return status;
  std::optional<std::string> active;
  std::optional<std::string> default_store;
  if (!argument.has_value()) {
    Status status = ReadStorePointer(call, ODMCP_SCOPE_SESSION, kActiveStoreKey, &active);
    if (status.ok() && !active.has_value()) {
      status = ReadStorePointer(call, ODMCP_SCOPE_TENANT, kDefaultStoreKey, &default_store);
    }
    if (!status.ok()) return status;
  }
  return SelectStore(*stores, argument, active, default_store, selection);
}

}  // namespace odmcp::orderdesk
