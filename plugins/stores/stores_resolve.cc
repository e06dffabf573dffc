// stores_resolve: which registered store an id or name means.
#include <string>
#include <vector>

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
  rapidjson::Document out = StoreIdentity(*store);
  auto& a = out.GetAllocator();
  out.AddMember("matched_by", JsonString(orderdesk::MatchedByName(resolved.matched_by), a), a);
  return Succeed(call,
                 "Store " + orderdesk::StoreLabel(*store) + " (matched by " +
                     std::string(orderdesk::MatchedByName(resolved.matched_by)) + ").",
                 out);
}

}  // namespace

Tool StoresResolveTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/false);
  spec.name = "stores_resolve";
  spec.title = "Resolve store";
  spec.description =
      "Tells which registered store a store id or name refers to, the way every tool reads "
      "its `store` argument: digits are an id; anything else is a name, matched ignoring case "
      "and surrounding spaces, that must match exactly one store. Use it to check a name "
      "before acting on it. Costs no OrderDesk request.";
  spec.input_schema = StoreArgumentSchema(/*required=*/true);
  spec.output_schema = R"({"type":"object","properties":{
      "store_id":{"type":"string"},"name":{"type":"string"},
      "matched_by":{"type":"string","enum":["id","name"]}},
      "required":["store_id","name","matched_by"]})";
  return {spec, &Run};
}

}  // namespace odmcp::stores
