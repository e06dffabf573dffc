// Helpers shared by the stores plugin's tools.
#ifndef ODMCP_PLUGINS_STORES_TOOL_SUPPORT_H_
#define ODMCP_PLUGINS_STORES_TOOL_SUPPORT_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/common/client.h"
#include "plugins/common/status.h"
#include "plugins/common/store_info.h"
#include "plugins/common/store_record.h"
#include "plugins/common/store_resolution.h"
#include "plugins/common/tool_kit.h"
#include "plugins/stores/tools.h"

namespace odmcp::stores {

using orderdesk::JsonNullableString;
using orderdesk::JsonString;
using orderdesk::kStoreIdentitySchema;
using orderdesk::OptionalString;
using orderdesk::Spec;
using orderdesk::StoreArgumentSchema;
using orderdesk::StoreIdentity;
using orderdesk::Succeed;
using orderdesk::UtcNow;

// The store a tool's `store` argument names, and the registered stores it
// was found among (`store` points into `stores`, so this does not copy).
struct ResolvedStore {
  ResolvedStore() = default;
  ResolvedStore(const ResolvedStore&) = delete;
  ResolvedStore& operator=(const ResolvedStore&) = delete;

  std::vector<orderdesk::StoreRecord> stores;
  const orderdesk::StoreRecord* store = nullptr;
  orderdesk::MatchedBy matched_by{};
};

// Lists the registered stores and resolves the `store` argument among them
// (store_resolution.h's ResolveStore); names the store for the audit row.
orderdesk::Status ResolveStoreArgument(Call& call, const rapidjson::Value& args,
                                       ResolvedStore* out);

// " (New, Prepared, Closed)" style list of folder names, or "" for none.
std::string FolderNames(const orderdesk::StoreInfo& info);

}  // namespace odmcp::stores

#endif  // ODMCP_PLUGINS_STORES_TOOL_SUPPORT_H_
