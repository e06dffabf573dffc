// stores_use: chooses the session's active store.
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
      Session(call).Put(ODMCP_SCOPE_SESSION, orderdesk::kActiveStoreKey, store->store_id);
  if (code == ODMCP_FAILED_PRECONDITION) {
    return orderdesk::Fail(
        call, Status(ODMCP_FAILED_PRECONDITION,
                     "This client keeps no session, so there is no active store to set: pass "
                     "`store` to each tool, or make " + orderdesk::StoreLabel(*store) +
                         " the default for every session with stores_set_default."));
  }
  if (code != ODMCP_OK) {
    return orderdesk::Fail(call, orderdesk::ServiceFailure(code, "setting the active store"));
  }
  rapidjson::Document out = StoreIdentity(*store);
  return Succeed(call,
                 "Store " + orderdesk::StoreLabel(*store) +
                     " is now this session's active store: tools act on it when `store` is "
                     "left out.",
                 out);
}

}  // namespace

Tool StoresUseTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/false);
  spec.name = "stores_use";
  spec.title = "Use store";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Makes a registered store this session's active store: until the session ends, store, "
      "order and product tools act on it whenever `store` is left out (before the default "
      "store). Use it when working with one store for a while. Clients that keep no session "
      "cannot have an active store: pass `store` to each tool or use stores_set_default "
      "instead. Costs no OrderDesk request.";
  spec.input_schema = StoreArgumentSchema(/*required=*/true);
  spec.output_schema = kStoreIdentitySchema;
  return {spec, &Run};
}

}  // namespace odmcp::stores
