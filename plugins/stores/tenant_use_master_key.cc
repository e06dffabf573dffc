// tenant_use_master_key: authenticates a stdio connection as a tenant.
#include <string>

#include "plugins/common/status.h"
#include "plugins/stores/tool_support.h"

namespace odmcp::stores {
namespace {

using orderdesk::Status;

// The answer of use_master_key as a message the model can act on. A wrong
// key gets no hint about which tenants exist.
Status UseMasterKeyFailure(odmcp_status code) {
  switch (code) {
    case ODMCP_UNAUTHENTICATED:
      return Status(ODMCP_UNAUTHENTICATED,
                    "That master key belongs to no tenant. Check that it was copied whole; only "
                    "the operator can create a tenant and its key.");
    case ODMCP_FAILED_PRECONDITION:
      return Status(ODMCP_FAILED_PRECONDITION,
                    "Over HTTP the master key comes with each request: send Authorization: "
                    "Bearer <master key>. This tool is for stdio connections.");
    case ODMCP_UNIMPLEMENTED:
      return Status(ODMCP_UNIMPLEMENTED,
                    "This host runs without tenants, so it takes no master key.");
    default:
      return Status(ODMCP_INTERNAL, "session.use_master_key failed with " +
                                        std::string(orderdesk::StatusName(code)));
  }
}

// The tenant's {"id", "name"} as strings, from the session description.
Status DescribeTenant(Call& call, std::string* id, std::string* name) {
  rapidjson::Document description;
  std::string described = call.Describe();
  description.Parse(described.data(), described.size());
  const rapidjson::Value* tenant =
      description.HasParseError() ? nullptr : Member(description, "tenant");
  const rapidjson::Value* tenant_id = tenant == nullptr ? nullptr : Member(*tenant, "id");
  if (tenant_id != nullptr && tenant_id->IsString()) {
    id->assign(tenant_id->GetString(), tenant_id->GetStringLength());
  } else if (tenant_id != nullptr && tenant_id->IsInt64()) {
    *id = std::to_string(tenant_id->GetInt64());
  } else {
    return Status(ODMCP_INTERNAL, "the session names no tenant after use_master_key succeeded");
  }
  name->assign(GetString(*tenant, "name").value_or(""));
  return Status::Ok();
}

odmcp_status Run(const Context&, Call& call, const rapidjson::Value& args) {
  std::string_view master_key = GetString(args, "master_key").value_or("");
  odmcp_status code = Session(call).UseMasterKey(master_key);
  if (code != ODMCP_OK) return orderdesk::Fail(call, UseMasterKeyFailure(code));
  std::string id;
  std::string name;
  if (Status status = DescribeTenant(call, &id, &name); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  rapidjson::Value tenant(rapidjson::kObjectType);
  tenant.AddMember("id", JsonString(id, a), a);
  tenant.AddMember("name", JsonString(name, a), a);
  out.AddMember("tenant", tenant, a);
  return Succeed(call,
                 "Authenticated as tenant \"" + name + "\" (" + id +
                     ") for the rest of this connection; stores_list shows its stores.",
                 out);
}

}  // namespace

Tool TenantUseMasterKeyTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/false);
  spec.name = "tenant_use_master_key";
  spec.title = "Use master key";
  spec.description =
      "Authenticates this connection as your tenant with its master key, so the store, order "
      "and product tools can reach your registered stores. Needed only over stdio when the "
      "server was started without ODMCP_MASTER_KEY; over HTTP the key comes with each request "
      "(Authorization: Bearer) instead. Costs no OrderDesk request. The key is never shown or "
      "logged.";
  spec.input_schema = R"({"type":"object","properties":{
      "master_key":{"type":"string","minLength":1,"maxLength":1024,
        "description":"Your tenant's master key, exactly as the operator gave it."}},
      "required":["master_key"],"additionalProperties":false})";
  spec.output_schema = R"({"type":"object","properties":{
      "tenant":{"type":"object","properties":{
        "id":{"type":"string","description":"The tenant's id."},
        "name":{"type":"string","description":"The tenant's name."}},
        "required":["id","name"]}},
      "required":["tenant"]})";
  return {spec, &Run};
}

}  // namespace odmcp::stores
