// The store directory as the host keeps it: registered stores in the vault,
// the session's active store and the tenant's default store as session
// values. The keys are shared by every OrderDesk plugin on purpose: a store
// chosen with stores_use is the one orders_* and products_* act on.
#ifndef ODMCP_PLUGINS_COMMON_STORE_DIRECTORY_H_
#define ODMCP_PLUGINS_COMMON_STORE_DIRECTORY_H_

#include <odmcp/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/status.h"
#include "plugins/common/store_record.h"
#include "plugins/common/store_resolution.h"

namespace odmcp::orderdesk {

// Session values holding a store id: ODMCP_SCOPE_SESSION and
// ODMCP_SCOPE_TENANT respectively.
inline constexpr std::string_view kActiveStoreKey = "orderdesk.active_store";
inline constexpr std::string_view kDefaultStoreKey = "orderdesk.default_store";

// Sets *stores to the tenant's registered stores (store_record.h order).
Status ListStores(Call& call, std::vector<StoreRecord>* stores);

// Sets *store_id to the id kept under key in scope, or nullopt when unset;
// for ODMCP_SCOPE_SESSION a client without a session also reads as unset.
Status ReadStorePointer(Call& call, int32_t scope, std::string_view key,
                        std::optional<std::string>* store_id);

// Selects the store the call acts on (store_resolution.h's SelectStore),
// reading the active and default stores only when they are needed. *stores
// receives the directory, which selection->store points into.
Status SelectStoreForCall(Call& call, const std::optional<std::string>& argument,
                          std::vector<StoreRecord>* stores, Selection* selection);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_STORE_DIRECTORY_H_
