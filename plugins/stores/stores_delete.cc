// stores_delete: forgets a store and its API key.
#include <string>
#include <vector>

#include "plugins/common/service_status.h"
#include "plugins/common/store_directory.h"
#include "plugins/stores/tool_support.h"

namespace odmcp::stores {
namespace {

using orderdesk::Status;

// Erases the pointer under key in scope if it holds store_id; sets *cleared.
Status ClearPointerTo(Call& call, int32_t scope, std::string_view key, const std::string& store_id,
                      bool* cleared) {
  *cleared = false;
  std::optional<std::string> current;
  if (Status status = orderdesk::ReadStorePointer(call, scope, key, &current); !status.ok()) {
    return status;
  }
  if (current != store_id) return Status::Ok();
  odmcp_status code = Session(call).Erase(scope, key);
  if (code != ODMCP_OK && code != ODMCP_NOT_FOUND) {
    return orderdesk::ServiceFailure(code, scope == ODMCP_SCOPE_SESSION
                                               ? "clearing the active store"
                                               : "clearing the default store");
  }
  *cleared = true;
  return Status::Ok();
}

odmcp_status Run(const Context&, Call& call, const rapidjson::Value& args) {
  ResolvedStore resolved;
  if (Status status = ResolveStoreArgument(call, args, &resolved); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const orderdesk::StoreRecord* store = resolved.store;
  const std::string label = orderdesk::StoreLabel(*store);

  odmcp_status code = Vault(call).Erase(orderdesk::StoreEntryName(store->store_id));
  if (code == ODMCP_NOT_FOUND) {
    return orderdesk::Fail(call, Status(ODMCP_NOT_FOUND, "Store " + label +
                                                             " was deleted meanwhile; "
                                                             "stores_list shows the stores left."));
  }
  if (code != ODMCP_OK) {
    return orderdesk::Fail(call, orderdesk::ServiceFailure(code, "deleting the store"));
  }

  bool cleared_default = false;
  bool cleared_active = false;
  Status status = ClearPointerTo(call, ODMCP_SCOPE_TENANT, orderdesk::kDefaultStoreKey,
                                 store->store_id, &cleared_default);
  if (status.ok()) {
    status = ClearPointerTo(call, ODMCP_SCOPE_SESSION, orderdesk::kActiveStoreKey,
                            store->store_id, &cleared_active);
  }
  if (!status.ok()) {
    return orderdesk::Fail(call, Status(status.code(), "Store " + label +
                                                           " was deleted, but " +
                                                           status.message()));
  }
  rapidjson::Document out = StoreIdentity(*store);
  auto& a = out.GetAllocator();
  out.AddMember("cleared_default", cleared_default, a);
  out.AddMember("cleared_active", cleared_active, a);
  std::string text = "Deleted store " + label + " and its API key.";
  if (cleared_default) text += " It was the default store: no default is set now.";
  if (cleared_active) text += " It was this session's active store: none is active now.";
  return Succeed(call, text, out);
}

}  // namespace

Tool StoresDeleteTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/true, /*idempotent=*/true,
                       /*open_world=*/false);
  spec.name = "stores_delete";
  spec.title = "Delete store";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Removes a registered store from this server: its stored API key, and the default or "
      "this session's active store if they pointed at it. Nothing changes in OrderDesk "
      "itself, and the store can be registered again later with stores_register. Costs no "
      "OrderDesk request.";
  spec.input_schema = StoreArgumentSchema(/*required=*/true);
  spec.output_schema = R"({"type":"object","properties":{
      "store_id":{"type":"string"},"name":{"type":"string"},
      "cleared_default":{"type":"boolean","description":"It was the default store, which is now unset."},
      "cleared_active":{"type":"boolean","description":"It was this session's active store, which is now unset."}},
      "required":["store_id","name","cleared_default","cleared_active"]})";
  return {spec, &Run};
}

}  // namespace odmcp::stores
