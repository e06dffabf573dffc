// stores_refresh: reads a store's settings and folders from OrderDesk again.
#include <string>
#include <vector>

#include "plugins/common/store_directory.h"
#include "plugins/stores/tool_support.h"

namespace odmcp::stores {
namespace {

using orderdesk::Status;

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  std::vector<orderdesk::StoreRecord> stores;
  orderdesk::Selection selection;
  Status status = orderdesk::SelectStoreForCall(call, OptionalString(args, "store"), &stores,
                                                &selection);
  if (!status.ok()) return orderdesk::Fail(call, status);
  const orderdesk::StoreRecord& store = *selection.store;
  call.AuditStore(store.store_id);

  const orderdesk::StoreAccess access{store.store_id, orderdesk::StoreLabel(store), {}};
  orderdesk::StoreInfo info;
  status = orderdesk::FetchStoreInfo(context.client, call, access, &info);
  if (!status.ok()) return orderdesk::Fail(call, status);

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("store_id", JsonString(store.store_id, a), a);
  out.AddMember("name", JsonString(store.name, a), a);
  out.AddMember("orderdesk_name", JsonString(info.name, a), a);
  out.AddMember("selected_by",
                JsonString(orderdesk::SelectedByName(selection.selected_by), a), a);
  out.AddMember("settings", rapidjson::Value(info.settings, a), a);
  out.AddMember("folders", orderdesk::FoldersJson(info, a), a);

  std::string text = "Store " + access.label + ": " + std::to_string(info.folders.size()) +
                     " folder(s)" + FolderNames(info) + ".";
  if (std::optional<std::string_view> zone = GetString(info.settings, "timezone")) {
    text += " Time zone " + std::string(*zone) + ".";
  }
  if (!info.name.empty() && info.name != store.name) {
    text += " OrderDesk's name for it is \"" + info.name + "\"; its label here stays \"" +
            store.name + "\" (stores_register with `name` changes it).";
  }
  return Succeed(call, text, out);
}

}  // namespace

Tool StoresRefreshTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "stores_refresh";
  spec.title = "Refresh store";
  spec.description =
      "Reads a store's settings (time zone, country, date format, ...) and folders from "
      "OrderDesk as they are now (GET /store: one OrderDesk request). The orders tools keep "
      "their own copy for 5 minutes and read it again by themselves when a folder name is "
      "not in it. Acts on "
      "`store` if given, else the session's active store, else the default store. The store's "
      "label here does not change: if OrderDesk's store name changed, the result reports it "
      "as orderdesk_name, and stores_register (with the API key and `name`) relabels the "
      "store, since labels are kept with the stored key.";
  spec.input_schema = StoreArgumentSchema(/*required=*/false);
  spec.output_schema = R"({"type":"object","properties":{
      "store_id":{"type":"string"},
      "name":{"type":"string","description":"The store's label in these tools."},
      "orderdesk_name":{"type":"string","description":"The store's name in OrderDesk now."},
      "selected_by":{"type":"string","enum":["argument","session","default"],
        "description":"How the store was chosen: the store argument, the session's active store, or the default store."},
      "settings":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},
      "folders":{"type":"array","items":{"type":"object","properties":{
        "id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"]}}},
      "required":["store_id","name","orderdesk_name","selected_by","settings","folders"]})";
  return {spec, &Run};
}

}  // namespace odmcp::stores
