// What the orders plugin's tools share: choosing the store, the start of
// every result and schema, id arguments, and naming the field at fault.
#ifndef ODMCP_PLUGINS_ORDERS_TOOL_SUPPORT_H_
#define ODMCP_PLUGINS_ORDERS_TOOL_SUPPORT_H_

#include <odmcp/plugin.hpp>
#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "plugins/common/chosen_store.h"
#include "plugins/common/status.h"
#include "plugins/common/tool_kit.h"
#include "plugins/orders/tools.h"

namespace odmcp::orders {

using orderdesk::JsonString;
using orderdesk::Spec;
using orderdesk::Status;
using orderdesk::Succeed;

// The store a call acts on: its `store` argument, else the session's
// active store, else the tenant's default store (chosen_store.h).
using ToolStore = orderdesk::ChosenStore;

// A result object that starts with store_id, store_name and selected_by.
rapidjson::Document StoreResult(const ToolStore& store);

// "Store Main Shop (1001)": how result texts begin.
std::string StoreText(const ToolStore& store);

// An input schema: `properties` (the members of a properties object, JSON
// text without braces) plus the optional `store` argument, `required` (a
// JSON array's members, possibly empty), and no other properties.
std::string InputSchema(std::string_view properties, std::string_view required);

// An output schema: store_id, store_name and selected_by, plus `properties`
// and `required` as for InputSchema.
std::string OutputSchema(std::string_view properties, std::string_view required);

// The schema of an OrderDesk id argument: digits, as a string or a positive
// integer (models send both), with `description`.
std::string IdSchema(std::string_view description);

// The id argument `key` as digits; "" when absent. The schema guarantees a
// digit string or a positive integer.
std::string IdArgument(const rapidjson::Value& args, std::string_view key);

// An id as OrderDesk writes it (a string, or a number for folders and
// inventory) as text; "" for anything else.
std::string IdText(const rapidjson::Value* value);

// status with "<field>: " before its message when it says that what the
// argument `field` names does not exist (NOT_FOUND); other failures as is,
// since OrderDesk's own messages name the fields it refuses.
Status NotFoundAt(const Status& status, std::string_view field);

// "1 order" / "3 orders".
std::string Count(size_t n, std::string_view singular, std::string_view plural);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_TOOL_SUPPORT_H_
