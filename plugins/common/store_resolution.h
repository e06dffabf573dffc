// Turning what a user calls a store into a registered store (pure functions;
// store_directory.h feeds them from the host).
//
// Resolution of a `store` argument: all digits means a store id, which must
// be registered; anything else is a name, matched ignoring ASCII case after
// trimming, and it must match exactly one store.
//
// Selection, for tools that act on one store: the `store` argument if given,
// else the session's active store, else the tenant's default store. A stale
// pointer (to a store deleted since) is an error rather than a silent
// fallback, so a model never acts on a store it did not mean.
#ifndef ODMCP_PLUGINS_COMMON_STORE_RESOLUTION_H_
#define ODMCP_PLUGINS_COMMON_STORE_RESOLUTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/status.h"
#include "plugins/common/store_record.h"

namespace odmcp::orderdesk {

enum class MatchedBy { kId, kName };

// "id" or "name".
std::string_view MatchedByName(MatchedBy matched_by);

// Sets *store to the registered store `argument` names (it points into
// stores) and *matched_by to how. Errors: INVALID_ARGUMENT for a blank
// argument or a name that matches several stores (listing them as
// "name (id)" and asking for the id); NOT_FOUND for an id or name matching
// none (pointing at stores_list).
Status ResolveStore(const std::vector<StoreRecord>& stores, std::string_view argument,
                    const StoreRecord** store, MatchedBy* matched_by);

enum class SelectedBy { kArgument, kSession, kDefault };

// "argument", "session" or "default".
std::string_view SelectedByName(SelectedBy selected_by);

struct Selection {
  const StoreRecord* store = nullptr;  // points into the stores given
  SelectedBy selected_by = SelectedBy::kArgument;
};

// Selects the store a tool acts on from its `store` argument, the session's
// active store id and the tenant's default store id (each nullopt when
// unset). Errors: those of ResolveStore; FAILED_PRECONDITION for a pointer to
// a store no longer registered, or when nothing selects a store (saying to
// pass `store` or call stores_use / stores_set_default, or to register a
// store first if there is none).
Status SelectStore(const std::vector<StoreRecord>& stores, const std::optional<std::string>& argument,
                   const std::optional<std::string>& active_store_id,
                   const std::optional<std::string>& default_store_id, Selection* selection);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_STORE_RESOLUTION_H_
