// orders_move: moves orders to a folder through POST /move-orders, so the
// folder's rules run.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "plugins/orders/folders.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

bool Contains(std::string_view text, std::string_view needle) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [&](char x, char y) { return lower(x) == lower(y); }) != text.end();
}

// An id as the number OrderDesk's move-orders example sends.
rapidjson::Value Digits(const std::string& id) {
  return rapidjson::Value(static_cast<uint64_t>(std::strtoull(id.c_str(), nullptr, 10)));
}

// What OrderDesk's per-order message says happened.
const char* Outcome(std::string_view message) {
  if (Contains(message, "moved to")) return "moved";
  if (Contains(message, "already")) return "already_in_folder";
  if (Contains(message, "not found")) return "not_found";
  return "failed";
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const bool by_id = Member(args, "folder_id") != nullptr;
  const bool by_name = Member(args, "folder") != nullptr;
  if (by_id == by_name) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT,
                     "folder, folder_id: give exactly one of them: the destination folder's "
                     "name (folder) or its id (folder_id)."));
  }
  std::vector<FolderWanted> wanted = {
      by_id ? FolderWanted{IdArgument(args, "folder_id"), true, "folder_id"}
            : FolderWanted{std::string(*GetString(args, "folder")), false, "folder"}};
  std::vector<orderdesk::Folder> found;
  orderdesk::StoreInfo info;
  if (Status status = FindFolders(context, call, store.access(), wanted, &found, &info);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  const orderdesk::Folder& folder = found.front();

  std::vector<std::string> order_ids;
  rapidjson::Document body(rapidjson::kObjectType);
  auto& b = body.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const rapidjson::Value& id : args["order_ids"].GetArray()) {
    order_ids.push_back(IdText(&id));
    list.PushBack(Digits(order_ids.back()), b);
  }
  body.AddMember("order_id_list", list, b);
  // The id, not the name: OrderDesk matches names exactly, and the folder
  // was found ignoring case.
  body.AddMember("destination_folder_id", Digits(folder.id), b);

  orderdesk::Request request;
  request.method = "POST";
  request.path = "/move-orders";
  request.body = ToJson(body);
  request.subject = "folder " + folder.id;
  rapidjson::Document envelope;
  if (Status status = SendWrite(context, call, store.access(), request, order_ids, &envelope);
      !status.ok()) {
    return orderdesk::Fail(call, status);
  }

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  rapidjson::Value destination(rapidjson::kObjectType);
  destination.AddMember("id", JsonString(folder.id, a), a);
  destination.AddMember("name", JsonString(folder.name, a), a);
  out.AddMember("folder", destination, a);
  rapidjson::Value results(rapidjson::kArrayType);
  int moved = 0;
  std::string details;
  if (const rapidjson::Value* replies = Member(envelope, "results");
      replies != nullptr && replies->IsArray()) {
    for (const rapidjson::Value& reply : replies->GetArray()) {
      const std::string message(GetString(reply, "message").value_or(""));
      const char* outcome = Outcome(message);
      if (std::string_view(outcome) == "moved") ++moved;
      rapidjson::Value result(rapidjson::kObjectType);
      const std::string order_id = IdText(Member(reply, "order_id"));
      result.AddMember("order_id", JsonString(order_id, a), a);
      result.AddMember("outcome", rapidjson::StringRef(outcome), a);
      result.AddMember("message", JsonString(message, a), a);
      const std::string original = IdText(Member(reply, "original_folder_id"));
      if (!original.empty()) {
        result.AddMember("original_folder_id", JsonString(original, a), a);
        const std::string original_name = FolderName(info, original);
        if (!original_name.empty()) {
          result.AddMember("original_folder_name", JsonString(original_name, a), a);
        }
      }
      results.PushBack(result, a);
      details += "\n" + order_id + ": " + message;
    }
  }
  out.AddMember("moved", moved, a);
  out.AddMember("results", results, a);
  return Succeed(call,
                 StoreText(store) + ": moved " + std::to_string(moved) + " of " +
                     Count(order_ids.size(), "order", "orders") + " to folder " + folder.name +
                     " (" + folder.id + "); OrderDesk ran the folder's rules." + details,
                 out);
}

}  // namespace

Tool OrdersMoveTool() {
  ToolSpec spec = Spec(/*read_only=*/false, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "orders_move";
  spec.title = "Move orders to a folder";
  spec.description =
      "Moves up to 100 orders to one folder, given by name (case is ignored: \"prepared\" "
      "finds Prepared) or by id. It uses OrderDesk's move-orders call, so the folder's rules "
      "run (e-mails, fulfilment, ...) and each order's history records the move, just as when "
      "staff move orders. Reports, per order, whether it moved, was already there, or was "
      "not found. Costs one OrderDesk request, plus one for the store's folders when they are "
      "not cached. Acts on `store` if given, else the session's active store, else the default "
      "store.";
  spec.cost_class = ODMCP_COST_WRITE;
  spec.input_schema = InputSchema(
      R"("order_ids":{"type":"array","minItems":1,"maxItems":100,"uniqueItems":true,"items":)" +
          IdSchema("An order's OrderDesk id.") +
          R"(,"description":"The orders to move."},)"
          R"("folder":{"type":"string","minLength":1,"maxLength":100,"description":"The )"
          R"(destination folder's name, e.g. Prepared. Give this or folder_id."},)"
          R"("folder_id":)" +
          IdSchema("The destination folder's id. Give this or folder."),
      R"("order_ids")");
  spec.output_schema = OutputSchema(
      R"("folder":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}},)"
      R"("required":["id","name"]},)"
      R"("moved":{"type":"integer","description":"How many orders moved."},)"
      R"("results":{"type":"array","items":{"type":"object","properties":{)"
      R"("order_id":{"type":"string"},)"
      R"("outcome":{"type":"string","enum":["moved","already_in_folder","not_found","failed"]},)"
      R"("message":{"type":"string","description":"OrderDesk's own words."},)"
      R"("original_folder_id":{"type":"string"},"original_folder_name":{"type":"string"}},)"
      R"("required":["order_id","outcome","message"]}})",
      R"("folder","moved","results")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
