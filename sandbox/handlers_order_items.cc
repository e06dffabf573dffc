// Copyright 2026 The orderdesk-mcp Authors.
//
// The order-item endpoints (reference section 3.7). Every change
// recalculates the order's totals and moves its date_updated.

#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "rapidjson/document.h"
#include "sandbox/api_handlers.h"
#include "sandbox/json_input.h"
#include "sandbox/order_input.h"

namespace odmcp::sandbox {
namespace {

const OrderItem* FindItem(const Order& order, int64_t item_id) {
  for (const OrderItem& item : order.order_items) {
    if (item.id == item_id) return &item;
  }
  return nullptr;
}

ApiStatus ParseItemBody(const ApiRequest& request, ItemInput* input) {
  rapidjson::Document document;
  ApiStatus status = ParseJsonObjectBody(request.http.body, &document);
  if (status.ok()) status = ParseItemInput(document, "", input);
  return status;
}

void AfterItemChange(Order* order) {
  ComputeOrderTotals(order);
  order->date_updated = NextUpdateTime(order->date_updated);
}

}  // namespace

ApiReply HandleListOrderItems(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t item_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Order Item", &order_id, &item_id, &status)) {
    return ErrorReply(status, request.started);
  }
  std::shared_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "total_records");
  writer.Uint64(order->order_items.size());
  WriteKey(&writer, "order_items");
  writer.StartArray();
  for (const OrderItem& item : order->order_items) WriteOrderItem(item, &writer);
  writer.EndArray();
  return builder.Finish();
}

ApiReply HandleGetOrderItem(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t item_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Order Item", &order_id, &item_id, &status)) {
    return ErrorReply(status, request.started);
  }
  std::shared_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  const OrderItem* item = FindItem(*order, item_id);
  if (item == nullptr) return ErrorReply(NotFound("Order Item", request.param(1)), request.started);
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "order_item");
  WriteOrderItem(*item, &writer);
  return builder.Finish();
}

ApiReply HandleAddOrderItem(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t item_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Order Item", &order_id, &item_id, &status)) {
    return ErrorReply(status, request.started);
  }
  ItemInput input;
  status = ParseItemBody(request, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  if (order->order_items.size() >= kMaxOrderItems) {
    return ErrorReply(ApiStatus::BadRequest("An order holds at most " + std::to_string(kMaxOrderItems) + " items"),
                      request.started);
  }
  // A new item always gets a new id, whatever the body says.
  input.item.id = context.ids.NextItemId();
  context.store.UpdateOrder(order_id, [&input](Order* order) {
    order->order_items.push_back(std::move(input.item));
    AfterItemChange(order);
  });
  return MessageReply("Order Item Added", request.started);
}

ApiReply HandleUpdateOrderItem(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t item_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Order Item", &order_id, &item_id, &status)) {
    return ErrorReply(status, request.started);
  }
  ItemInput input;
  status = ParseItemBody(request, &input);
  if (!status.ok()) return ErrorReply(status, request.started);
  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  if (FindItem(*order, item_id) == nullptr) {
    return ErrorReply(NotFound("Order Item", request.param(1)), request.started);
  }
  // Like the order PUT, the item is replaced whole.
  input.item.id = item_id;
  context.store.UpdateOrder(order_id, [&input, item_id](Order* target) {
    for (OrderItem& item : target->order_items) {
      if (item.id == item_id) item = std::move(input.item);
    }
    AfterItemChange(target);
  });
  return MessageReply("Order Item Updated", request.started);
}

ApiReply HandleDeleteOrderItem(const ApiRequest& request, ApiContext& context) {
  int64_t order_id = 0;
  int64_t item_id = 0;
  ApiStatus status;
  if (!ParseOrderPathIds(request, "Order Item", &order_id, &item_id, &status)) {
    return ErrorReply(status, request.started);
  }
  std::unique_lock lock(context.store.mutex());
  const Order* order = context.store.FindOrder(order_id);
  if (order == nullptr) return ErrorReply(NotFound("Order", request.param(0)), request.started);
  if (FindItem(*order, item_id) == nullptr) {
    return ErrorReply(NotFound("Order Item", request.param(1)), request.started);
  }
  context.store.UpdateOrder(order_id, [item_id](Order* target) {
    std::erase_if(target->order_items, [item_id](const OrderItem& item) { return item.id == item_id; });
    AfterItemChange(target);
  });
  return MessageReply("Order Item " + std::to_string(item_id) + " Deleted", request.started);
}

}  // namespace odmcp::sandbox
