// Copyright 2026 The orderdesk-mcp Authors.
//
// The order endpoints (reference sections 3.1 to 3.6) with OrderDesk's
// semantics: PUT replaces the whole order (fields left out become blank;
// items with an id are updated, without one added, and items left out
// removed; shipments cannot be changed this way).

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>

#include "rapidjson/document.h"
#include "sandbox/api_handlers.h"
#include "sandbox/date_time.h"
#include "sandbox/json_input.h"
#include "sandbox/order_input.h"
#include "sandbox/order_query.h"

namespace odmcp::sandbox {
namespace {

ApiStatus CheckNamesPresent(const Order& order) {
  auto named = [](const Address& address) {
    return (!address.first_name.empty() && !address.last_name.empty()) || !address.company.empty();
  };
  if (named(order.shipping) || named(order.customer)) return ApiStatus::Ok();
  return ApiStatus::BadRequest(
      "An order needs a first and last name or a company name on its shipping or customer address");
}

std::string MaskCardNumber(const std::string& number) {
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return "xxxxxxxxxxxx" + digits.substr(digits.size() > 4 ? digits.size() - 4 : 0);
}

void DateUndatedNotes(Order* order, UnixSeconds now) {
  for (OrderNote& note : order->order_notes) {
    if (note.date_added == 0) note.date_added = now;
  }
}

// Checks that a folder_id sent in an order body is one of the store's folders.
ApiStatus CheckFolder(const StoreData& store, int64_t folder_id) {
  if (store.FindFolder(folder_id) != nullptr) return ApiStatus::Ok();
  return ApiStatus::BadRequest("Folder " + std::to_string(folder_id) +
                               " does not exist in this store; GET /store lists its folders");
}

ApiReply OrderReply(const ApiRequest& request, const StoreData& store, const Order& order,
                    std::string_view message) {
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin(message);
  WriteKey(&writer, "order");
  WriteOrder(store, order, /*include_history=*/false, &writer);
  return builder.Finish();
}

}  // namespace

ApiReply HandleListOrders(const ApiRequest& request, ApiContext& context) {
  std::shared_lock lock(context.store.mutex());
  OrderQuery query;
  const ApiStatus status = ParseOrderQuery(request.http.params, context.store, &query);
  if (!status.ok()) return ErrorReply(status, request.started);
  const OrderPage page = RunOrderQuery(context.store, query);

  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.BeginWithTimingMessage();
  WriteKey(&writer, "total_records");
  writer.Uint64(page.total_records);
  WriteKey(&writer, "records_returned");
  writer.Uint64(page.orders.size());
  WriteKey(&writer, "offset");
  writer.Int64(query.offset);
  WriteKey(&writer, "limit");
  writer.Int64(query.limit);
  WriteKey(&writer, "orders");
  writer.StartArray();
  for (const Order* order : page.orders) WriteOrder(context.store, *order, query.include_history, &writer);
  writer.EndArray();
  return builder.Finish();
}

ApiReply HandleGetOrder(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  std::shared_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.BeginWithTimingMessage();
  WriteKey(&writer, "order");
  WriteOrder(context.store, *order, WantsOrderHistory(request.http.params), &writer);
  return builder.Finish();
}

ApiReply HandleCreateOrder(const ApiRequest& request, ApiContext& context) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  OrderInput input;
  if (status.ok()) status = ParseOrderInput(document, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  if (input.items.empty()) {
    return ErrorReply(ApiStatus::BadRequest("An order must include at least one item in order_items"),
                      request.started);
  }
  auto order = std::make_unique<Order>(std::move(input.order));
  // Either address stands in for the other when missing (section 3.3).
  if (IsBlank(order->shipping)) order->shipping = order->customer;
  if (IsBlank(order->customer)) {
    order->customer = order->shipping;
    order->customer.address3.clear();
    order->customer.address4.clear();
  }
  status = CheckNamesPresent(*order);
  if (!status.ok()) return ErrorReply(status, request.started);

  std::unique_lock lock(context.store.mutex());
  StoreData& store = context.store;
  if (input.folder_id) {
    status = CheckFolder(store, *input.folder_id);
    if (!status.ok()) return ErrorReply(status, request.started);
    order->folder_id = *input.folder_id;
  } else {
    order->folder_id = store.folders().front().id;
  }
  if (order->source_name.empty()) order->source_name = "Order Desk";
  if (!order->source_id.empty()) {
    if (const Order* existing = store.FindOrderBySource(order->source_name, order->source_id)) {
      return ErrorReply(ApiStatus::BadRequest("Duplicate order: order " + std::to_string(existing->id) +
                                              " already has source_name '" + existing->source_name +
                                              "' and source_id '" + existing->source_id + "'"),
                        request.started);
    }
  }

  const UnixSeconds now = NowUnixSeconds();
  order->id = context.ids.NextOrderId();
  if (order->source_id.empty()) order->source_id = std::to_string(order->id);
  if (order->payment_status.empty()) order->payment_status = "Captured";
  if (input.cc_number) order->cc_number_masked = MaskCardNumber(*input.cc_number);
  order->date_added = input.date_added.value_or(now);
  order->date_updated = now;
  DateUndatedNotes(order.get(), now);
  for (ItemInput& item : input.items) {
    item.item.id = context.ids.NextItemId();
    order->order_items.push_back(std::move(item.item));
  }
  ComputeOrderTotals(order.get());
  if (!input.has_processor_balance) order->processor_balance = order->order_total;
  const Order* stored = store.InsertOrder(std::move(order));
  return OrderReply(request, store, *stored, "Order Created");
}

ApiReply HandleUpdateOrder(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  OrderInput input;
  if (status.ok()) status = ParseOrderInput(document, &input);
  if (!status.ok()) return ErrorReply(status, request.started);

  std::unique_lock lock(context.store.mutex());
  StoreData& store = context.store;
  const Order* existing = store.FindOrder(id);
  if (existing == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);

  // Build the replacement completely before touching the stored order, so
  // a request that fails validation changes nothing.
  auto order = std::make_unique<Order>(std::move(input.order));
  order->id = existing->id;
  order->date_added = existing->date_added;
  order->folder_id = existing->folder_id;
  if (input.folder_id) {
    status = CheckFolder(store, *input.folder_id);
    if (!status.ok()) return ErrorReply(status, request.started);
    order->folder_id = *input.folder_id;
  }
  status = CheckNamesPresent(*order);
  if (!status.ok()) return ErrorReply(status, request.started);
  // The card number is write-only; without a new one the masked number stays.
  order->cc_number_masked = input.cc_number ? MaskCardNumber(*input.cc_number) : existing->cc_number_masked;

  if (!input.has_order_items) {
    order->order_items = existing->order_items;
  } else {
    std::set<int64_t> named_ids;
    for (const ItemInput& item : input.items) {
      if (!item.id) continue;
      const bool on_order = std::any_of(existing->order_items.begin(), existing->order_items.end(),
                                        [&](const OrderItem& current) { return current.id == *item.id; });
      if (!on_order) {
        return ErrorReply(ApiStatus::BadRequest("Order item " + std::to_string(*item.id) + " is not on order " +
                                                std::to_string(id) + "; leave out 'id' to add a new item"),
                          request.started);
      }
      if (!named_ids.insert(*item.id).second) {
        return ErrorReply(ApiStatus::BadRequest("Order item " + std::to_string(*item.id) +
                                                " appears more than once in order_items"),
                          request.started);
      }
    }
    for (ItemInput& item : input.items) {
      item.item.id = item.id ? *item.id : context.ids.NextItemId();
      order->order_items.push_back(std::move(item.item));
    }
  }

  const UnixSeconds now = NowUnixSeconds();
  DateUndatedNotes(order.get(), now);
  order->date_updated = NextUpdateTime(existing->date_updated);
  ComputeOrderTotals(order.get());
  // Shipments and history are not part of what a PUT replaces.
  order->order_shipments = existing->order_shipments;
  order->order_history = existing->order_history;
  store.ReplaceOrder(std::move(order));
  return OrderReply(request, store, *store.FindOrder(id), "Order Updated");
}

ApiReply HandleDeleteOrder(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  std::unique_lock lock(context.store.mutex());
  if (!context.store.EraseOrder(id)) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  return MessageReply("Order " + std::to_string(id) + " Deleted", request.started);
}

ApiReply HandleAddOrderHistory(const ApiRequest& request, ApiContext& context) {
  int64_t id = 0;
  if (!ParsePathId(request.param(0), &id)) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  HistoryEntry entry;
  if (status.ok()) {
    FieldReader reader(document, "", &status);
    reader.ReadString("note", &entry.note);
    reader.ReadString("source_name", &entry.source_name);
    if (entry.note.empty()) reader.Fail("Field 'note' is required");
  }
  if (!status.ok()) return ErrorReply(status, request.started);
  if (entry.source_name.empty()) entry.source_name = "API";

  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  if (order->order_history.size() >= kMaxHistoryEntries) {
    return ErrorReply(ApiStatus::BadRequest("Order " + std::to_string(id) + " already has " +
                                            std::to_string(kMaxHistoryEntries) +
                                            " history entries, the most an order can hold"),
                      request.started);
  }
  context.store.UpdateOrder(id, [&entry](Order* target) {
    entry.date_added = NowUnixSeconds();
    target->order_history.push_back(std::move(entry));
    target->date_updated = NextUpdateTime(target->date_updated);
  });
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "total_records");
  writer.Int(1);
  WriteKey(&writer, "order");
  WriteOrder(context.store, *order, /*include_history=*/true, &writer);
  return builder.Finish();
}

}  // namespace odmcp::sandbox
