// stores_set_default: chooses the tenant's default store.
#include <string>
#include <vector>

#include "plugins/common/service_status.h"
#include "plugins/common/store_directory.h"
#include "plugins/stores/tool_support.h"

namespace odmcp::stores {
namespace {

using orderdesk::Status;

odmcp_status Run(const Context&, Call& call, const rapidjson::Value& args) {
  ResolvedStore resolved;
  if (Status status = ResolveStoreArgument(call, args, &resolved); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const orderdesk::StoreRecord* store = resolved.store;
  odmcp_status code =
      Session(call).Put(ODMCP_SCOPE_TENANT, orderdesk::kDefaultStoreKey, store->store_id);
  if (code != ODMCP_OK) {
    return orderdesk::Fail(call, orderdesk::ServiceFailure(code, "setting the default store"));
  }
  rapidjson::Document out = StoreIdentity(*store);
  return Succeed(call,
                 "Store " + orderdesk::StoreLabel(*store) +
                     " is now the default store: tools act on it when `store` is left out and "
                     "the session has no active store.",
                 out);
}

}  // namespace

Tool StoresSetDefaultTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/false);
  spec.name = "stores_set_default";
  spec.title = "Set default store";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Makes a registered store your tenant's default store, kept across sessions and clients: "
      "store, order and product tools act on it whenever `store` is left out and the session "
      "has no active store (stores_use). Costs no OrderDesk request.";
  spec.input_schema = StoreArgumentSchema(/*required=*/true);
  spec.output_schema = kStoreIdentitySchema;
  return {spec, &Run};
}

}  // namespace odmcp::stores
