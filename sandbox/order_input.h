// Copyright 2026 The orderdesk-mcp Authors.
//
// Parses the order and order-item JSON that clients send to POST /orders,
// PUT /orders/{id} and the order-items endpoints into model values,
// validating as it goes. Read-only fields (totals, email_count,
// date_updated, shipments, history) are ignored, as OrderDesk ignores them.
// Both the nested address objects and the flattened aliases some clients
// send ("customer_first_name", section 3.3) are accepted; a flattened field
// wins over the nested one.
//
// Thread-safety: pure functions.

#ifndef ODMCP_SANDBOX_ORDER_INPUT_H_
#define ODMCP_SANDBOX_ORDER_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rapidjson/document.h"
#include "sandbox/api_status.h"
#include "sandbox/model.h"

namespace odmcp::sandbox {

// Limits documented for OrderDesk (sections 3.3 and 4.6).
inline constexpr size_t kMaxCheckoutDataChars = 3500;
inline constexpr size_t kMaxOrderMetadataChars = 2000;
inline constexpr size_t kMaxNoteBytes = 2000;

// An order item from a request; `id` is set when the client named an
// existing item.
struct ItemInput {
  std::optional<int64_t> id;
  OrderItem item;
};

// The writable content of an order as sent. Every writable field of `order`
// holds the sent value or is blank; notes with no date have date_added 0.
struct OrderInput {
  Order order;
  bool has_order_items = false;
  std::vector<ItemInput> items;
  std::optional<int64_t> folder_id;
  std::optional<UnixSeconds> date_added;
  std::optional<std::string> cc_number;
  bool has_processor_balance = false;
};

ApiStatus ParseOrderInput(const rapidjson::Value& body, OrderInput* out);

// One order item; `path` names it in error messages.
ApiStatus ParseItemInput(const rapidjson::Value& body, const std::string& path, ItemInput* out);

// True when no field of the address is set.
bool IsBlank(const Address& address);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_ORDER_INPUT_H_
