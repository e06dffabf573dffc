// Copyright 2026 The orderdesk-mcp Authors.
//
// Serializes the model exactly as OrderDesk prints it (reference sections
// 1.3, 4 and 5): key order of the documented examples; order, item and
// shipment ids as strings, inventory and folder ids as numbers; money as
// numbers except where the examples use strings (item price "10", discount
// amount "1.70", shipment weight and cost "0"); email_count as a string;
// free-form maps verbatim, "[]" when empty.
//
// Thread-safety: the functions only read their arguments; callers hold the
// store's lock (shared) while they run.

#ifndef ODMCP_SANDBOX_JSON_OUTPUT_H_
#define ODMCP_SANDBOX_JSON_OUTPUT_H_

#include <string_view>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "sandbox/model.h"
#include "sandbox/store_data.h"

namespace odmcp::sandbox {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(JsonWriter* writer, std::string_view text);
void WriteKey(JsonWriter* writer, std::string_view key);
// A money amount as a JSON number with no binary rounding noise.
void WriteMoney(JsonWriter* writer, Cents cents);
// A decimal as the shortest JSON number that round-trips (2 for 2.0).
void WriteDecimal(JsonWriter* writer, double value);
void WriteDateTime(JsonWriter* writer, UnixSeconds t);

// `include_history` adds "order_history" (GET ...?get_order_history=1 and
// the order-history POST reply).
void WriteOrder(const StoreData& store, const Order& order, bool include_history, JsonWriter* writer);
void WriteOrderItem(const OrderItem& item, JsonWriter* writer);
void WriteShipment(const StoreData& store, const Order& order, const Shipment& shipment,
                   JsonWriter* writer);
void WriteInventoryItem(const InventoryItem& item, JsonWriter* writer);
// The "store" object of GET /store: id, name, settings, folders (a map of
// folder id to name).
void WriteStore(const StoreData& store, JsonWriter* writer);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_JSON_OUTPUT_H_
