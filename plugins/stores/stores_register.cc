// stores_register: verifies a store's credentials with OrderDesk, then keeps
// them in the vault.
#include <string>
#include <vector>

#include "plugins/common/service_status.h"
#include "plugins/common/store_directory.h"
#include "plugins/common/text.h"
#include "plugins/stores/tool_support.h"

namespace odmcp::stores {
namespace {

using orderdesk::Status;
using orderdesk::StoreRecord;

// A failure before the vault was written.
Status NothingSaved(const Status& status) {
  return Status(status.code(), status.message() + " Nothing was saved.");
}

// The label the store gets: the caller's name, else OrderDesk's store name,
// which must be usable as a label and not already label another store.
Status ChooseName(const std::optional<std::string>& label, const orderdesk::StoreInfo& info,
                  const std::vector<StoreRecord>& stores, const std::string& store_id,
                  std::string* name) {
  if (label.has_value()) {
    name->assign(orderdesk::TrimWhitespace(*label));
  } else {
    name->assign(info.name);
    Status usable = orderdesk::CheckStoreName(*name);
    if (!usable.ok()) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "OrderDesk's name for store " + store_id + " (\"" + *name +
                        "\") cannot label it here: " + usable.message() +
                        ". Pass `name` to choose a label.");
    }
  }
  for (const StoreRecord& other : stores) {
    if (other.store_id != store_id && orderdesk::EqualsIgnoringCase(other.name, *name)) {
      return Status(ODMCP_ALREADY_EXISTS,
                    "Store " + other.store_id + " is already registered as \"" + other.name +
                        "\", and names must tell stores apart: pass `name` to give store " +
                        store_id + " a different label.");
    }
  }
  return Status::Ok();
}

// Makes store_id the tenant's default store if the tenant has none (or only
// a stale one). Sets *is_default to whether it is the default afterwards.
Status DefaultIfNone(Call& call, const std::vector<StoreRecord>& stores_before,
                     const std::string& store_id, bool* is_default) {
  std::optional<std::string> current;
  Status status = orderdesk::ReadStorePointer(call, ODMCP_SCOPE_TENANT,
                                              orderdesk::kDefaultStoreKey, &current);
  if (!status.ok()) return status;
  if (current.has_value() && (*current == store_id ||
                              orderdesk::FindStoreById(stores_before, *current) != nullptr)) {
    *is_default = *current == store_id;
    return Status::Ok();
  }
  odmcp_status code = Session(call).Put(ODMCP_SCOPE_TENANT, orderdesk::kDefaultStoreKey, store_id);
  if (code != ODMCP_OK) return orderdesk::ServiceFailure(code, "setting the default store");
  *is_default = true;
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  const std::string store_id(GetString(args, "store_id").value_or(""));
  const std::string_view api_key = GetString(args, "api_key").value_or("");
  const std::optional<std::string> label = OptionalString(args, "name");
  if (!orderdesk::IsStoreId(store_id) || api_key.empty()) {
    return orderdesk::Fail(call, Status(ODMCP_INVALID_ARGUMENT,
                                        "store_id must be 1 to 20 digits and api_key not empty."));
  }
  if (label.has_value()) {
    if (Status usable = orderdesk::CheckStoreName(*label); !usable.ok()) {
      return orderdesk::Fail(call, Status(usable.code(), "name: " + usable.message() + "."));
    }
  }
  call.AuditStore(store_id);

  // The directory first: a request without a tenant fails here, before it
  // spends any of the store's OrderDesk requests.
  std::vector<StoreRecord> stores;
  if (Status status = orderdesk::ListStores(call, &stores); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const bool existed = orderdesk::FindStoreById(stores, store_id) != nullptr;

  // Verify before saving: nothing is stored for credentials OrderDesk rejects.
  const orderdesk::StoreAccess access{store_id, store_id, api_key};
  orderdesk::Request test;
  test.path = "/test";
  test.subject = "endpoint /test at the configured base_url";
  rapidjson::Document envelope;
  if (Status status = context.client.Send(call, access, test, &envelope); !status.ok()) {
    return orderdesk::Fail(call, NothingSaved(status));
  }
  orderdesk::StoreInfo info;
  if (Status status = orderdesk::FetchStoreInfo(context.client, call, access, &info); !status.ok()) {
    return orderdesk::Fail(call, NothingSaved(status));
  }

  StoreRecord record;
  record.store_id = store_id;
  record.registered_at = UtcNow();
  if (Status status = ChooseName(label, info, stores, store_id, &record.name); !status.ok()) {
    return orderdesk::Fail(call, NothingSaved(status));
  }
  odmcp_status code =
      Vault(call).Put(orderdesk::StoreEntryName(store_id), orderdesk::StorePublicJson(record),
                      orderdesk::StoreSecretHeadersJson(store_id, api_key));
  if (code != ODMCP_OK) {
    return orderdesk::Fail(call, NothingSaved(orderdesk::ServiceFailure(code, "saving the store")));
  }

  const std::string label_text = orderdesk::StoreLabel(record);
  bool is_default = false;
  if (Status status = DefaultIfNone(call, stores, store_id, &is_default); !status.ok()) {
    return orderdesk::Fail(call, Status(status.code(), "Store " + label_text +
                                                           " was registered, but making it the "
                                                           "default store failed: " +
                                                           status.message()));
  }

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  rapidjson::Value store(rapidjson::kObjectType);
  store.AddMember("store_id", JsonString(record.store_id, a), a);
  store.AddMember("name", JsonString(record.name, a), a);
  store.AddMember("folders", orderdesk::FoldersJson(info, a), a);
  out.AddMember("store", store, a);
  out.AddMember("status", rapidjson::StringRef(existed ? "updated" : "registered"), a);
  out.AddMember("is_default", is_default, a);

  std::string text = (existed ? "Updated the API key of store " : "Registered store ") +
                     label_text + ": " + std::to_string(info.folders.size()) + " folder(s)" +
                     FolderNames(info) + ".";
  if (is_default) text += " It is the default store.";
  return Succeed(call, text, out);
}

}  // namespace

Tool StoresRegisterTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/false,
                       /*open_world=*/true);
  spec.name = "stores_register";
  spec.title = "Register store";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.description =
      "Registers an OrderDesk store so the other tools can act on it, or replaces the API key "
      "of a store already registered. It first checks the store id and API key with OrderDesk "
      "(GET /test) and saves nothing if OrderDesk rejects them, then reads the store's name, "
      "settings and folders (GET /store): two OrderDesk requests. The key is stored encrypted "
      "and never shown again. The store is labelled with OrderDesk's store name unless `name` "
      "is given; labels must differ between stores and stay as registered (call this tool "
      "again to change one). The first store registered becomes the default store. Both values "
      "come from OrderDesk under Settings > API.";
  spec.input_schema = R"({"type":"object","properties":{
      "store_id":{"type":"string","pattern":"^[0-9]{1,20}$",
        "description":"The OrderDesk store id (digits)."},
      "api_key":{"type":"string","minLength":1,"maxLength":256,
        "description":"The store's OrderDesk API key."},
      "name":{"type":"string","minLength":1,"maxLength":100,
        "description":"Optional label for the store in these tools, instead of OrderDesk's store name; not only digits. Use it when two stores share a name."}},
      "required":["store_id","api_key"],"additionalProperties":false})";
  spec.output_schema = R"({"type":"object","properties":{
      "store":{"type":"object","properties":{
        "store_id":{"type":"string"},
        "name":{"type":"string","description":"The store's label in these tools."},
        "folders":{"type":"array","items":{"type":"object","properties":{
          "id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}}},
        "required":["store_id","name","folders"]},
      "status":{"type":"string","enum":["registered","updated"],
        "description":"registered: a new store; updated: its API key was replaced."},
      "is_default":{"type":"boolean","description":"Whether it is the tenant's default store."}},
      "required":["store","status","is_default"]})";
  return {spec, &Run};
}

}  // namespace odmcp::stores
