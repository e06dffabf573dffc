// stores_list: the registered stores, and which is the default and active.
#include <string>
#include <vector>

#include "plugins/common/store_directory.h"
#include "plugins/stores/tool_support.h"

namespace odmcp::stores {
namespace {

using orderdesk::Status;
using orderdesk::StoreRecord;

// A line of text for a pointer to a store that is gone, or "".
std::string StaleNote(std::string_view what, const std::optional<std::string>& store_id,
                      const std::vector<StoreRecord>& stores) {
  if (!store_id.has_value() || orderdesk::FindStoreById(stores, *store_id) != nullptr) return "";
  return "\n" + std::string(what) + " is store " + *store_id + ", which is no longer registered.";
}

odmcp_status Run(const Context&, Call& call, const rapidjson::Value&) {
  std::vector<StoreRecord> stores;
  std::optional<std::string> active;
  std::optional<std::string> default_store;
  Status status = orderdesk::ListStores(call, &stores);
  if (status.ok()) {
    status = orderdesk::ReadStorePointer(call, ODMCP_SCOPE_SESSION, orderdesk::kActiveStoreKey,
                                         &active);
  }
  if (status.ok()) {
    status = orderdesk::ReadStorePointer(call, ODMCP_SCOPE_TENANT, orderdesk::kDefaultStoreKey,
                                         &default_store);
  }
  if (!status.ok()) return orderdesk::Fail(call, status);

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::string text = stores.empty() ? "No stores are registered; stores_register adds one."
                                    : std::to_string(stores.size()) + " registered store(s):";
  for (const StoreRecord& store : stores) {
    const bool is_default = default_store == store.store_id;
    const bool is_active = active == store.store_id;
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("store_id", JsonString(store.store_id, a), a);
    item.AddMember("name", JsonString(store.name, a), a);
    item.AddMember("registered_at", JsonString(store.registered_at, a), a);
    item.AddMember("is_default", is_default, a);
    item.AddMember("is_active", is_active, a);
    list.PushBack(item, a);
    text += "\n- " + orderdesk::StoreLabel(store) + (is_default ? " [default]" : "") +
            (is_active ? " [active]" : "");
  }
  text += StaleNote("The default store", default_store, stores);
  text += StaleNote("This session's active store", active, stores);
  out.AddMember("stores", list, a);
  out.AddMember("default_store", JsonNullableString(default_store, a), a);
  out.AddMember("active_store", JsonNullableString(active, a), a);
  return Succeed(call, text, out);
}

}  // namespace

Tool StoresListTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/false);
  spec.name = "stores_list";
  spec.title = "List stores";
  spec.description =
      "Lists the OrderDesk stores registered for your tenant with their ids and names, and "
      "shows which is the default store (used when a tool is not given `store`) and which is "
      "this session's active store (chosen with stores_use, which takes precedence). Use it to "
      "find a store's id or name. Costs no OrderDesk request; never shows API keys.";
  spec.input_schema = R"({"type":"object","properties":{},"additionalProperties":false})";
  spec.output_schema = R"({"type":"object","properties":{
      "stores":{"type":"array","items":{"type":"object","properties":{
        "store_id":{"type":"string"},
        "name":{"type":"string"},
        "registered_at":{"type":"string","description":"When its API key was registered, RFC 3339 UTC; empty if unknown."},
        "is_default":{"type":"boolean"},
        "is_active":{"type":"boolean"}},
        "required":["store_id","name","registered_at","is_default","is_active"]}},
      "default_store":{"type":["string","null"],"description":"The default store's id, or null if none is set."},
      "active_store":{"type":["string","null"],"description":"This session's active store id, or null if none is set or the client keeps no session."}},
      "required":["stores","default_store","active_store"]})";
  return {spec, &Run};
}

}  // namespace odmcp::stores
