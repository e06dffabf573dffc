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
#include "plugins/stores/tools.h"

namespace odmcp::stores {

// The input schema of a tool whose only argument is `store` (an id or a
// name), required or optional.
std::string StoreArgumentSchema(bool required);

// A spec with every annotation set (MCP's defaults differ per hint, so none
// is left unset).
ToolSpec Spec(bool read_only, bool destructive, bool idempotent, bool open_world);

// The string argument key, or nullopt when absent.
std::optional<std::string> OptionalString(const rapidjson::Value& args, std::string_view key);

rapidjson::Value JsonString(std::string_view text, rapidjson::Document::AllocatorType& allocator);

// A string, or null when absent.
rapidjson::Value JsonNullableString(const std::optional<std::string>& text,
                                    rapidjson::Document::AllocatorType& allocator);

// Ends a successful call: a short readable text plus the structured result.
odmcp_status Succeed(Call& call, std::string_view text, const rapidjson::Value& structured);

// GET /store for access's store into *info.
orderdesk::Status FetchStoreInfo(const Context& context, Call& call,
                                 const orderdesk::StoreAccess& access, orderdesk::StoreInfo* info);

// Caches the store's settings and folders under "store:<id>:settings" for
// the settings TTL. Best effort: a cache failure is logged, not returned,
// since the result is complete without it.
void CacheStoreInfo(const Context& context, Call& call, const orderdesk::StoreRecord& store,
                    const orderdesk::StoreInfo& info);

// The cache key prefix of everything cached for a store.
std::string StoreCachePrefix(std::string_view store_id);

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

// {"store_id", "name"}: how results begin that are about one store.
rapidjson::Document StoreIdentity(const orderdesk::StoreRecord& store);
// The output schema of a result that is exactly StoreIdentity().
inline constexpr const char* kStoreIdentitySchema =
    R"({"type":"object","properties":{"store_id":{"type":"string"},"name":{"type":"string"}},)"
    R"("required":["store_id","name"]})";

// The current time, RFC 3339 UTC to the second: "2026-01-02T03:04:05Z".
std::string UtcNow();

// " (New, Prepared, Closed)" style list of folder names, or "" for none.
std::string FolderNames(const orderdesk::StoreInfo& info);

}  // namespace odmcp::stores

#endif  // ODMCP_PLUGINS_STORES_TOOL_SUPPORT_H_
