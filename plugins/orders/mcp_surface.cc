#include "plugins/orders/mcp_surface.h"

#include <optional>
#include <string>
#include <string_view>

#include "plugins/common/store_directory.h"
#include "plugins/common/store_resolution.h"
#include "plugins/common/text.h"
#include "plugins/common/tool_kit.h"
#include "plugins/orders/folders.h"
#include "plugins/orders/order_data.h"

namespace odmcp::orders {
namespace {

using orderdesk::Status;

constexpr const char* kJson = "application/json";

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         orderdesk::EqualsIgnoringCase(text.substr(0, prefix.size()), prefix);
}

// A template variable or prompt argument of a handler's arguments.
std::optional<std::string> Variable(const rapidjson::Value& args, std::string_view object,
                                    std::string_view key) {
  const rapidjson::Value* values = Member(args, object);
  return values == nullptr ? std::nullopt : orderdesk::OptionalString(*values, key);
}

orderdesk::StoreAccess AccessTo(const orderdesk::StoreRecord& store) {
  return orderdesk::StoreAccess{store.store_id, orderdesk::StoreLabel(store), {}};
}

// The store a resource URI names (by id or name), found among the tenant's.
Status StoreOfUri(Call& call, const rapidjson::Value& args,
                  std::vector<orderdesk::StoreRecord>* stores, orderdesk::StoreRecord* store) {
  Status status = orderdesk::ListStores(call, stores);
  if (!status.ok()) return status;
  const orderdesk::StoreRecord* found = nullptr;
  orderdesk::MatchedBy matched_by;
  status = orderdesk::ResolveStore(*stores, Variable(args, "variables", "store").value_or(""),
                                   &found, &matched_by);
  if (!status.ok()) return status;
  call.AuditStore(found->store_id);
  *store = *found;
  return Status::Ok();
}

// Writes `value` as the JSON contents of the resource at the read's URI.
odmcp_status Contents(Call& call, const rapidjson::Value& args, const rapidjson::Value& value) {
  rapidjson::Document contents(rapidjson::kObjectType);
  auto& a = contents.GetAllocator();
  contents.AddMember("uri", rapidjson::Value(*Member(args, "uri"), a), a);
  contents.AddMember("mimeType", rapidjson::StringRef(kJson), a);
  contents.AddMember("text", orderdesk::JsonString(ToJson(value), a), a);
  return call.ResourceContents(ToJson(contents));
}

rapidjson::Document StoreHeader(const orderdesk::StoreRecord& store) {
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("store_id", orderdesk::JsonString(store.store_id, a), a);
  out.AddMember("store_name", orderdesk::JsonString(store.name, a), a);
  return out;
}

// Reads store settings ("settings") or folders ("folders").
odmcp_status ReadStoreInfo(const Context& context, Call& call, const rapidjson::Value& args,
                           bool folders) {
  std::vector<orderdesk::StoreRecord> stores;
  orderdesk::StoreRecord store;
  Status status = StoreOfUri(call, args, &stores, &store);
  orderdesk::StoreInfo info;
  if (status.ok()) status = LoadStoreInfo(context, call, AccessTo(store), &info);
  if (!status.ok()) return orderdesk::Fail(call, status);
  rapidjson::Document out = StoreHeader(store);
  auto& a = out.GetAllocator();
  if (folders) {
    out.AddMember("folders", orderdesk::FoldersJson(info, a), a);
  } else {
    out.AddMember("orderdesk_name", orderdesk::JsonString(info.name, a), a);
    out.AddMember("settings", rapidjson::Value(info.settings, a), a);
  }
  return Contents(call, args, out);
}

odmcp_status ReadOrder(const Context& context, Call& call, const rapidjson::Value& args) {
  std::vector<orderdesk::StoreRecord> stores;
  orderdesk::StoreRecord store;
  Status status = StoreOfUri(call, args, &stores, &store);
  const std::string id = Variable(args, "variables", "id").value_or("");
  if (status.ok() && !orderdesk::IsDigits(id)) {
    status = Status(ODMCP_NOT_FOUND, "order ids are digits; \"" + id + "\" is not one");
  }
  rapidjson::Document order;
  bool from_cache = false;
  if (status.ok()) status = LoadOrder(context, call, AccessTo(store), id, &order, &from_cache);
  if (!status.ok()) return orderdesk::Fail(call, status);
  return Contents(call, args, order);
}

// Lists the resource `suffix` ("settings", "folders") of every registered store.
odmcp_status ListPerStore(Call& call, std::string_view suffix, std::string_view what) {
  std::vector<orderdesk::StoreRecord> stores;
  Status status = orderdesk::ListStores(call, &stores);
  if (!status.ok()) return orderdesk::Fail(call, status);
  for (const orderdesk::StoreRecord& store : stores) {
    rapidjson::Document resource(rapidjson::kObjectType);
    auto& a = resource.GetAllocator();
    const std::string uri = "orderdesk://stores/" + store.store_id + "/" + std::string(suffix);
    resource.AddMember("uri", orderdesk::JsonString(uri, a), a);
    resource.AddMember("name", orderdesk::JsonString(store.name + " " + std::string(what), a), a);
    resource.AddMember("mimeType", rapidjson::StringRef(kJson), a);
    if (odmcp_status added = call.ListedResource(ToJson(resource)); added != ODMCP_OK) return added;
  }
  return ODMCP_OK;
}

// Offers the registered stores' names and ids that start with `value`.
odmcp_status CompleteStore(Call& call, std::string_view value) {
  std::vector<orderdesk::StoreRecord> stores;
  Status status = orderdesk::ListStores(call, &stores);
  if (!status.ok()) return orderdesk::Fail(call, status);
  for (const orderdesk::StoreRecord& store : stores) {
    for (const std::string& candidate : {store.name, store.store_id}) {
      if (!StartsWithIgnoringCase(candidate, value)) continue;
      if (odmcp_status added = call.Completion(candidate); added != ODMCP_OK) return added;
      break;
    }
  }
  return ODMCP_OK;
}

// Offers the folder names of the store the prompt's `store` argument names
// (else the session's or the default store) that start with `value`.
odmcp_status CompleteFolder(const Context& context, Call& call, const rapidjson::Value& args,
                            std::string_view value) {
  std::vector<orderdesk::StoreRecord> stores;
  orderdesk::Selection selection;
  Status status = orderdesk::SelectStoreForCall(
      call, Variable(*Member(args, "context"), "arguments", "store"), &stores, &selection);
  orderdesk::StoreInfo info;
  if (status.ok()) status = LoadStoreInfo(context, call, AccessTo(*selection.store), &info);
  // Nothing to offer is not an error: the user may not have chosen a store yet.
  if (!status.ok()) return ODMCP_OK;
  for (const orderdesk::Folder& folder : info.folders) {
    if (!StartsWithIgnoringCase(folder.name, value)) continue;
    if (odmcp_status added = call.Completion(folder.name); added != ODMCP_OK) return added;
  }
  return ODMCP_OK;
}

// A completion handler's argument name and value.
std::pair<std::string, std::string> CompletionArgument(const rapidjson::Value& args) {
  return {Variable(args, "argument", "name").value_or(""),
          Variable(args, "argument", "value").value_or("")};
}

odmcp_status CompleteStoreVariable(Call& call, const rapidjson::Value& args) {
  auto [name, value] = CompletionArgument(args);
  return name == "store" ? CompleteStore(call, value) : ODMCP_OK;
}

std::string TextBlockJson(std::string_view text) {
  rapidjson::Document block(rapidjson::kObjectType);
  auto& a = block.GetAllocator();
  block.AddMember("type", "text", a);
  block.AddMember("text", orderdesk::JsonString(text, a), a);
  return ToJson(block);
}

// The store a prompt is about: its `store` argument, else the session's
// active store, else the default store.
Status PromptStore(Call& call, const rapidjson::Value& args,
                   std::vector<orderdesk::StoreRecord>* stores, orderdesk::Selection* selection) {
  Status status =
      orderdesk::SelectStoreForCall(call, orderdesk::OptionalString(args, "store"), stores, selection);
  if (status.ok()) call.AuditStore(selection->store->store_id);
  return status.ok() || status.code() != ODMCP_FAILED_PRECONDITION
             ? status
             : Status(ODMCP_INVALID_ARGUMENT, "store: " + status.message());
}

odmcp_status GetTriage(const Context& context, Call& call, const rapidjson::Value& args) {
  std::vector<orderdesk::StoreRecord> stores;
  orderdesk::Selection selection;
  Status status = PromptStore(call, args, &stores, &selection);
  std::vector<orderdesk::Folder> found;
  orderdesk::StoreInfo info;
  if (status.ok()) {
    const std::string folder = orderdesk::OptionalString(args, "folder").value_or("");
    status = FindFolders(context, call, AccessTo(*selection.store),
                         {FolderWanted{folder, orderdesk::IsDigits(folder), "folder"}}, &found,
                         &info);
  }
  if (!status.ok()) {
    if (status.code() == ODMCP_NOT_FOUND) status = Status(ODMCP_INVALID_ARGUMENT, status.message());
    return orderdesk::Fail(call, status);
  }
  const orderdesk::StoreRecord& store = *selection.store;
  const std::string text =
      "Triage the open orders in the folder \"" + found[0].name + "\" (id " + found[0].id +
      ") of the OrderDesk store " + orderdesk::StoreLabel(store) + ".\n\n"
      "1. Call orders_list with store \"" + store.store_id + "\", folders [\"" + found[0].id +
      "\"], order_by \"date_added\", order \"asc\" (oldest first) and max_results 200.\n"
      "2. For each order, decide: ready to ship, needs attention (missing or odd address, "
      "payment not captured, unusual quantity or total), or waiting. Read an order in full "
      "with orders_get only when the summary is not enough.\n"
      "3. Report a short table: order id, customer, age, decision, and the reason.\n"
      "4. Propose the moves (orders_move, by folder name) and notes (orders_add_note) that "
      "would carry the decisions out, and make them only after I confirm.";
  return call.PromptMessage("user", TextBlockJson(text));
}

odmcp_status GetSummary(const Context& context, Call& call, const rapidjson::Value& args) {
  std::vector<orderdesk::StoreRecord> stores;
  orderdesk::Selection selection;
  Status status = PromptStore(call, args, &stores, &selection);
  const std::string id = orderdesk::OptionalString(args, "order_id").value_or("");
  if (status.ok() && !orderdesk::IsDigits(id)) {
    status = Status(ODMCP_INVALID_ARGUMENT,
                    "order_id: expected OrderDesk's order id (digits), got \"" + id + "\"");
  }
  rapidjson::Document order;
  bool from_cache = false;
  if (status.ok()) {
    status = LoadOrder(context, call, AccessTo(*selection.store), id, &order, &from_cache);
  }
  if (!status.ok()) {
    if (status.code() == ODMCP_NOT_FOUND) status = Status(ODMCP_INVALID_ARGUMENT, status.message());
    return orderdesk::Fail(call, status);
  }
  rapidjson::Document resource(rapidjson::kObjectType);
  auto& a = resource.GetAllocator();
  rapidjson::Value embedded(rapidjson::kObjectType);
  const std::string uri =
      "orderdesk://stores/" + selection.store->store_id + "/orders/" + id;
  embedded.AddMember("uri", orderdesk::JsonString(uri, a), a);
  embedded.AddMember("mimeType", rapidjson::StringRef(kJson), a);
  embedded.AddMember("text", orderdesk::JsonString(ToJson(order), a), a);
  resource.AddMember("type", "resource", a);
  resource.AddMember("resource", embedded, a);
  if (odmcp_status added = call.PromptMessage("user", ToJson(resource)); added != ODMCP_OK) {
    return added;
  }
  const std::string tone = orderdesk::OptionalString(args, "tone").value_or("friendly");
  return call.PromptMessage(
      "user",
      TextBlockJson("Above is order " + id + " from OrderDesk. Summarize it for a reply to the "
                    "customer, in a " + tone + " tone: what was ordered, its status and "
                    "payment, where it ships, and any tracking. Leave out internal notes, "
                    "metadata, payment details beyond the status, and anything the customer "
                    "did not give us."));
}

odmcp_status CompletePromptArgument(const Context& context, Call& call,
                                    const rapidjson::Value& args) {
  auto [name, value] = CompletionArgument(args);
  if (name == "store") return CompleteStore(call, value);
  if (name == "folder") return CompleteFolder(context, call, args, value);
  return ODMCP_OK;
}

ResourceSpec Resource(std::string uri_template, std::string name, std::string title,
                      std::string description) {
  ResourceSpec spec;
  spec.uri_template = std::move(uri_template);
  spec.name = std::move(name);
  spec.title = std::move(title);
  spec.description = std::move(description);
  spec.mime_type = kJson;
  return spec;
}

}  // namespace

std::vector<ResourceEntry> OrderResources(const Context* context) {
  ToolHandler complete_store = [](Call& call, const rapidjson::Value& args) {
    return CompleteStoreVariable(call, args);
  };
  return {
      {Resource("orderdesk://stores/{store}/settings", "store_settings", "Store settings",
                "A registered OrderDesk store's settings (time zone, country, date format, ...). "
                "{store} is the store's id or registered name. Cached like the tools' copy; "
                "stores_refresh reads it again."),
       [context](Call& call, const rapidjson::Value& args) {
         return ReadStoreInfo(*context, call, args, /*folders=*/false);
       },
       [](Call& call, const rapidjson::Value&) { return ListPerStore(call, "settings", "settings"); },
       complete_store},
      {Resource("orderdesk://stores/{store}/folders", "store_folders", "Store folders",
                "The folders (id and name) of a registered OrderDesk store: where orders are "
                "filed. {store} is the store's id or registered name."),
       [context](Call& call, const rapidjson::Value& args) {
         return ReadStoreInfo(*context, call, args, /*folders=*/true);
       },
       [](Call& call, const rapidjson::Value&) { return ListPerStore(call, "folders", "folders"); },
       complete_store},
      {Resource("orderdesk://stores/{store}/orders/{id}", "order", "Order",
                "One order of a registered OrderDesk store, as OrderDesk returns it. {store} is "
                "the store's id or registered name, {id} OrderDesk's order id."),
       [context](Call& call, const rapidjson::Value& args) {
         return ReadOrder(*context, call, args);
       },
       {}, complete_store},
  };
}

std::vector<PromptEntry> OrderPrompts(const Context* context) {
  ToolHandler complete = [context](Call& call, const rapidjson::Value& args) {
    return CompletePromptArgument(*context, call, args);
  };
  PromptSpec triage;
  triage.name = "triage_open_orders";
  triage.title = "Triage open orders in a folder";
  triage.description =
      "Reviews the orders in one folder of a store, oldest first, sorts them into ready, "
      "needs attention and waiting, and proposes moves and notes to confirm.";
  triage.arguments =
      R"([{"name":"folder","title":"Folder","description":"The folder's name or id.","required":true},)"
      R"({"name":"store","title":"Store","description":"The store's id or name; default: the active or default store."}])";
  PromptSpec summary;
  summary.name = "summarize_order_for_reply";
  summary.title = "Summarize an order for a customer reply";
  summary.description =
      "Embeds one order and asks for a summary fit to send its customer: items, status, "
      "shipping and tracking, without internal details.";
  summary.arguments =
      R"([{"name":"order_id","title":"Order id","description":"OrderDesk's order id.","required":true},)"
      R"({"name":"store","title":"Store","description":"The store's id or name; default: the active or default store."},)"
      R"({"name":"tone","title":"Tone","description":"How the reply should sound; default friendly."}])";
  return {
      {triage,
       [context](Call& call, const rapidjson::Value& args) { return GetTriage(*context, call, args); },
       complete},
      {summary,
       [context](Call& call, const rapidjson::Value& args) { return GetSummary(*context, call, args); },
       complete},
  };
}

}  // namespace odmcp::orders
