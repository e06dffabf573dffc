// Copyright 2026 The orderdesk-mcp Authors.
//
// POST /move-orders (reference section 3.11): moves orders to a folder
// named by id or by exact name, and writes a history entry on each moved
// order. Per-order problems (an unknown id, an order already there) are
// reported in that order's result; they do not fail the request.

#include <mutex>
#include <string>
#include <vector>

#include "rapidjson/document.h"
#include "sandbox/api_handlers.h"
#include "sandbox/date_time.h"
#include "sandbox/json_input.h"

namespace odmcp::sandbox {

ApiReply HandleMoveOrders(const ApiRequest& request, ApiContext& context) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  if (!status.ok()) return ErrorReply(status, request.started);

  FieldReader reader(document, "", &status);
  std::vector<int64_t> order_ids;
  const rapidjson::Value* list = reader.ReadArray("order_id_list");
  if (list == nullptr || list->Empty()) {
    reader.Fail("Field 'order_id_list' is required: a non-empty array of order ids");
  } else {
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      int64_t id = 0;
      if (!ValueToId((*list)[i], &id)) {
        reader.Fail("Field 'order_id_list[" + std::to_string(i) + "]' must be an order id");
        break;
      }
      order_ids.push_back(id);
    }
  }
  const bool by_id = reader.Has("destination_folder_id");
  const bool by_name = reader.Has("destination_folder_name");
  if (by_id == by_name) {
    reader.Fail("Send exactly one of 'destination_folder_id' and 'destination_folder_name'");
  }
  int64_t folder_id = 0;
  std::string folder_name;
  if (by_id && !reader.ReadId("destination_folder_id", &folder_id)) {
    reader.Fail("Field 'destination_folder_id' must be a folder id");
  }
  if (by_name) reader.ReadString("destination_folder_name", &folder_name);
  if (!status.ok()) return ErrorReply(status, request.started);

  std::unique_lock lock(context.store.mutex());
  StoreData& store = context.store;
  const Folder* folder = by_id ? store.FindFolder(folder_id) : store.FindFolderByName(folder_name);
  if (folder == nullptr) {
    const std::string which = by_id ? std::to_string(folder_id) : "'" + folder_name + "'";
    return ErrorReply(ApiStatus::BadRequest("Folder " + which +
                                            " Not Found; names must match exactly, and GET /store lists the "
                                            "folders"),
                      request.started);
  }

  struct Result {
    int64_t order_id;
    std::string message;
    int64_t original_folder_id;  // 0 when the order does not exist
  };
  std::vector<Result> results;
  size_t moved = 0;
  for (int64_t id : order_ids) {
    const Order* order = store.FindOrder(id);
    if (order == nullptr) {
      results.push_back({id, "Order Not Found", 0});
      continue;
    }
    const int64_t original = order->folder_id;
    if (original == folder->id) {
      results.push_back({id, "Order Already in " + folder->name + " Folder", original});
      continue;
    }
    const Folder* from = store.FindFolder(original);
    const std::string note =
        "Order moved from " + (from != nullptr ? from->name : std::to_string(original)) + " to " + folder->name;
    store.UpdateOrder(id, [&](Order* target) {
      target->folder_id = folder->id;
      target->date_updated = NextUpdateTime(target->date_updated);
      if (target->order_history.size() < kMaxHistoryEntries) {
        target->order_history.push_back({"API", note, NowUnixSeconds()});
      }
    });
    results.push_back({id, "Order Moved to " + folder->name + " Folder", original});
    ++moved;
  }

  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin(std::to_string(moved) + " Orders Moved");
  WriteKey(&writer, "results");
  writer.StartArray();
  for (const Result& result : results) {
    writer.StartObject();
    WriteKey(&writer, "order_id");
    writer.Int64(result.order_id);
    WriteKey(&writer, "message");
    WriteString(&writer, result.message);
    if (result.original_folder_id != 0) {
      WriteKey(&writer, "original_folder_id");
      writer.Int64(result.original_folder_id);
    }
    writer.EndObject();
  }
  writer.EndArray();
  return builder.Finish();
}

}  // namespace odmcp::sandbox
