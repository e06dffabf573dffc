// Copyright 2026 The orderdesk-mcp Authors.
//
// The inventory endpoints (reference section 3.10). Codes (SKUs) are
// unique per store; PUT replaces the whole item. The list pages like
// GET /orders (limit 50 by default, at most 500, newest first) and reports
// total_records as a string, as documented.

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "rapidjson/document.h"
#include "sandbox/api_handlers.h"
#include "sandbox/date_time.h"
#include "sandbox/inventory_input.h"
#include "sandbox/json_input.h"
#include "sandbox/order_query.h"
#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

// "API" marks items last written through the API when the client names
// no other source.
constexpr char kDefaultUpdateSource[] = "API";

ApiStatus CodeInUse(const std::string& code, int64_t owner) {
  return ApiStatus::BadRequest("Inventory item code '" + code + "' is already used by inventory item " +
                               std::to_string(owner) + "; codes must be unique");
}

ApiReply ItemReply(const ApiRequest& request, std::string_view message, const InventoryItem& item) {
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin(message);
  WriteKey(&writer, "inventory_item");
  WriteInventoryItem(item, &writer);
  return builder.Finish();
}

ApiStatus ParseItemBody(const ApiRequest& request, InventoryInput* input) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  if (status.ok()) status = ParseInventoryInput(document, "", input);
  return status;
}

}  // namespace

ApiReply HandleListInventoryItems(const ApiRequest& request, ApiContext& context) {
  int64_t limit = kDefaultPageSize;
  int64_t offset = 0;
  const ApiStatus status = ParsePaging(request.http.params, &limit, &offset);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::set<std::string> codes;
  if (const std::string* value = LastParam(request.http.params, "code")) {
    for (std::string_view code : SplitCommaList(*value)) codes.insert(AsciiLower(code));
  }

  std::shared_lock lock(context.store.mutex());
  std::vector<const InventoryItem*> matches;
  for (const auto& [id, item] : context.store.inventory()) {
    if (codes.empty() || codes.count(AsciiLower(item.code)) > 0) matches.push_back(&item);
  }
  std::sort(matches.begin(), matches.end(), [](const InventoryItem* a, const InventoryItem* b) {
    return a->date_added != b->date_added ? a->date_added > b->date_added : a->id > b->id;
  });
  const size_t first = std::min(matches.size(), static_cast<size_t>(offset));
  const size_t last = std::min(matches.size(), first + static_cast<size_t>(limit));

  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "records_returned");
  writer.Uint64(last - first);
  WriteKey(&writer, "total_records");
  WriteString(&writer, std::to_string(matches.size()));
  WriteKey(&writer, "inventory_items");
  writer.StartArray();
  for (size_t i = first; i < last; ++i) WriteInventoryItem(*matches[i], &writer);
  writer.EndArray();
  return builder.Finish();
}

ApiReply HandleGetInventoryItem(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) {
    return ErrorReply(NotFound("Inventory Item", request.param(0)), request.started);
  }
  std::shared_lock lock(context.store.mutex());
  const InventoryItem* item = context.store.FindInventoryItem(id);
  if (item == nullptr) return ErrorReply(NotFound("Inventory Item", request.param(0)), request.started);
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "records_returned");
  writer.Int(1);
  WriteKey(&writer, "inventory_item");
  WriteInventoryItem(*item, &writer);
  return builder.Finish();
}

ApiReply HandleAddInventoryItem(const ApiRequest& request, ApiContext& context) {
  InventoryInput input;
  const ApiStatus status = ParseItemBody(request, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::unique_lock lock(context.store.mutex());
  if (const InventoryItem* owner = context.store.FindInventoryItemByCode(input.item.code)) {
    return ErrorReply(CodeInUse(input.item.code, owner->id), request.started);
  }
  InventoryItem item = std::move(input.item);
  item.id = context.ids.NextInventoryId();
  item.date_added = item.date_updated = NowUnixSeconds();
  if (item.update_source.empty()) item.update_source = kDefaultUpdateSource;
  const int64_t id = item.id;
  context.store.PutInventoryItem(std::move(item));
  return ItemReply(request, "Inventory Item Added", *context.store.FindInventoryItem(id));
}

ApiReply HandleUpdateInventoryItem(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) {
    return ErrorReply(NotFound("Inventory Item", request.param(0)), request.started);
  }
  InventoryInput input;
  const ApiStatus status = ParseItemBody(request, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::unique_lock lock(context.store.mutex());
  const InventoryItem* existing = context.store.FindInventoryItem(id);
  if (existing == nullptr) return ErrorReply(NotFound("Inventory Item", request.param(0)), request.started);
  const InventoryItem* owner = context.store.FindInventoryItemByCode(input.item.code);
  if (owner != nullptr && owner->id != id) return ErrorReply(CodeInUse(input.item.code, owner->id), request.started);
  InventoryItem item = std::move(input.item);
  item.id = id;
  item.date_added = existing->date_added;
  item.date_updated = NextUpdateTime(existing->date_updated);
  if (item.update_source.empty()) item.update_source = kDefaultUpdateSource;
  context.store.PutInventoryItem(std::move(item));
  return ItemReply(request, "Inventory Item Updated", *context.store.FindInventoryItem(id));
}

ApiReply HandleDeleteInventoryItem(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) {
    return ErrorReply(NotFound("Inventory Item", request.param(0)), request.started);
  }
  std::unique_lock lock(context.store.mutex());
  if (!context.store.EraseInventoryItem(id)) {
    return ErrorReply(NotFound("Inventory Item", request.param(0)), request.started);
  }
  return MessageReply("Inventory Item " + std::to_string(id) + " Deleted", request.started);
}

ApiReply HandleBatchInventoryItems(const ApiRequest& request, ApiContext& context) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonBody(request.http.body, &document);
  if (!status.ok()) return ErrorReply(status, request.started);
  // A bare array, as clients send it, or {"inventory_items": [...]}.
  const rapidjson::Value* list = &document;
  if (document.IsObject() && document.HasMember("inventory_items")) list = &document["inventory_items"];
  if (!list->IsArray() || list->Empty()) {
    return ErrorReply(ApiStatus::BadRequest("Send a non-empty JSON array of inventory items, each with id, "
                                            "name and code"),
                      request.started);
  }
  std::vector<InventoryInput> inputs(list->Size());
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const std::string path = "inventory_items[" + std::to_string(i) + "]";
    status = ParseInventoryInput((*list)[i], path, &inputs[i]);
    if (status.ok() && !inputs[i].id) status = ApiStatus::BadRequest("Field '" + path + ".id' is required");
    if (!status.ok()) return ErrorReply(status, request.started);
  }

  std::unique_lock lock(context.store.mutex());
  StoreData& store = context.store;
  // Validate the whole batch against the state it would produce, so a bad
  // element changes nothing and two items may swap codes.
  std::map<std::string, int64_t> code_owner;
  std::set<int64_t> batch_ids;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int64_t id = *inputs[i].id;
    if (store.FindInventoryItem(id) == nullptr) {
      return ErrorReply(ApiStatus::BadRequest("inventory_items[" + std::to_string(i) + "]: Inventory Item " +
                                              std::to_string(id) + " Not Found"),
                        request.started);
    }
    if (!batch_ids.insert(id).second) {
      return ErrorReply(ApiStatus::BadRequest("Inventory item " + std::to_string(id) +
                                              " appears more than once in the batch"),
                        request.started);
    }
  }
  for (const auto& [id, item] : store.inventory()) {
    if (batch_ids.count(id) == 0) code_owner.emplace(AsciiLower(item.code), id);
  }
  for (const InventoryInput& input : inputs) {
    const auto [it, inserted] = code_owner.emplace(AsciiLower(input.item.code), *input.id);
    if (!inserted) return ErrorReply(CodeInUse(input.item.code, it->second), request.started);
  }

  for (InventoryInput& input : inputs) {
    const InventoryItem* existing = store.FindInventoryItem(*input.id);
    InventoryItem item = std::move(input.item);
    item.id = *input.id;
    item.date_added = existing->date_added;
    item.date_updated = NextUpdateTime(existing->date_updated);
    if (item.update_source.empty()) item.update_source = kDefaultUpdateSource;
    store.PutInventoryItem(std::move(item));
  }
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin(std::to_string(inputs.size()) + " Inventory Items Updated");
  WriteKey(&writer, "results");
  writer.StartArray();
  for (const InventoryInput& input : inputs) {
    writer.StartObject();
    WriteKey(&writer, "id");
    writer.Int64(*input.id);
    WriteKey(&writer, "status");
    WriteString(&writer, "success");
    WriteKey(&writer, "message");
    WriteString(&writer, "Inventory Item Updated");
    writer.EndObject();
  }
  writer.EndArray();
  return builder.Finish();
}

}  // namespace odmcp::sandbox
