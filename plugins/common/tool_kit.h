// What every OrderDesk tool handler uses: annotations, argument access, JSON
// building, and the shape of a successful result.
#ifndef ODMCP_PLUGINS_COMMON_TOOL_KIT_H_
#define ODMCP_PLUGINS_COMMON_TOOL_KIT_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "plugins/common/store_record.h"

namespace odmcp::orderdesk {

// A spec with every annotation set (MCP's defaults differ per hint, so none
// is left unset).
ToolSpec Spec(bool read_only, bool destructive, bool idempotent, bool open_world);

// The JSON Schema of the `store` argument (an id or a registered name), as
// the text of one property value, for tools to embed in their schemas.
inline constexpr const char* kStorePropertySchema =
    R"({"type":"string","minLength":1,"maxLength":100,"description":"The store: its id (digits) )"
    R"(or its registered name (case is ignored). stores_list shows the registered stores."})";

// The input schema of a tool whose only argument is `store`, required or
// optional.
std::string StoreArgumentSchema(bool required);

// The string argument key, or nullopt when absent.
std::optional<std::string> OptionalString(const rapidjson::Value& args, std::string_view key);

rapidjson::Value JsonString(std::string_view text, rapidjson::Document::AllocatorType& allocator);

// A string, or null when absent.
rapidjson::Value JsonNullableString(const std::optional<std::string>& text,
                                    rapidjson::Document::AllocatorType& allocator);

// Ends a successful call: a short readable text plus the structured result.
odmcp_status Succeed(Call& call, std::string_view text, const rapidjson::Value& structured);

// {"store_id", "name"}: how results begin that are about one store.
rapidjson::Document StoreIdentity(const StoreRecord& store);
// The output schema of a result that is exactly StoreIdentity().
inline constexpr const char* kStoreIdentitySchema =
    R"({"type":"object","properties":{"store_id":{"type":"string"},"name":{"type":"string"}},)"
    R"("required":["store_id","name"]})";

// The current time, RFC 3339 UTC to the second: "2026-01-02T03:04:05Z".
std::string UtcNow();

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_TOOL_KIT_H_
