// Copyright 2026 The orderdesk-mcp Authors.
//
// The OrderDesk data model as the sandbox stores it (reference/orderdesk-api.md
// sections 1.3, 4 and 5). Plain value types: no locking and no invariants
// beyond those stated per field; StoreData owns them and guards them.
//
// Conventions:
//  - Money is held in integer cents so that totals add up exactly; it is
//    printed as a JSON number (or, where the documented examples use
//    strings, as a string).
//  - Free-form maps (checkout_data, order_metadata, variation_list,
//    metadata) are kept as compact JSON text and echoed verbatim; an empty
//    map is "[]" because that is how OrderDesk (PHP) serializes it.
//  - Ids are integers here; the serializer prints order, item and shipment
//    ids as JSON strings and inventory ids as JSON numbers, as documented.

#ifndef ODMCP_SANDBOX_MODEL_H_
#define ODMCP_SANDBOX_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/date_time.h"

namespace odmcp::sandbox {

using Cents = int64_t;

// JSON text for an empty free-form map, as PHP's json_encode prints it.
inline constexpr char kEmptyJsonMap[] = "[]";

// A shipping or customer address (section 4.2). `address3` and `address4`
// exist only on shipping addresses; the serializer omits them for customers.
struct Address {
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string address1;
  std::string address2;
  std::string address3;
  std::string address4;
  std::string city;
  std::string state;
  std::string postal_code;
  std::string country;
  std::string phone;
};

// Section 4.3.
struct ReturnAddress {
  std::string title;
  std::string name;
  std::string company;
  std::string address1;
  std::string address2;
  std::string city;
  std::string state;
  std::string postal_code;
  std::string country;
  std::string phone;
};

// Sanity limits of the sandbox (OrderDesk documents none): they keep every
// order total well inside int64 cents. README lists them.
inline constexpr size_t kMaxOrderItems = 1000;
inline constexpr int64_t kMaxQuantity = 100000;

// Section 4.4.
struct OrderItem {
  int64_t id = 0;
  std::string name;
  Cents price = 0;
  int64_t quantity = 1;
  double weight = 0;
  std::string code;
  std::string delivery_type = "ship";
  std::string category_code;
  std::string fulfillment_method;
  std::string variation_list = kEmptyJsonMap;
  std::string metadata = kEmptyJsonMap;
};

// Section 4.5; `amount` is positive.
struct Discount {
  std::string name;
  std::string code;
  Cents amount = 0;
};

// Section 4.6.
struct OrderNote {
  UnixSeconds date_added = 0;
  std::string username;
  std::string content;
};

// Section 4.7. `order_id` and `store_id` come from the owning order and
// store when serialized. `order_items` is documented as a string, "" when
// the shipment is not split by item; a split shipment holds the JSON text
// of its items, e.g. [{"id":"3000123","quantity":1}].
struct Shipment {
  int64_t id = 0;
  std::string tracking_number;
  std::string carrier_code;
  std::string shipment_method;
  double weight = 0;
  Cents cost = 0;
  std::string status;
  std::string tracking_url;
  std::string label_format;
  std::string label_image;
  std::string order_items;
  std::string print_status = "0";
  std::string cart_shipment_id;
  std::string label_shipment_id;
  std::string date_shipped;  // "YYYY-MM-DD"
  UnixSeconds date_added = 0;
};

// Section 4.8. Append-only, at most kMaxHistoryEntries per order (3.6).
inline constexpr size_t kMaxHistoryEntries = 250;
struct HistoryEntry {
  std::string source_name;
  std::string note;
  UnixSeconds date_added = 0;
};

// Section 4.1. Fields marked "derived" are recomputed by ComputeOrderTotals
// after every change and never taken from a request.
struct Order {
  int64_t id = 0;
  std::string email;
  std::string shipping_method;
  int64_t quantity_total = 0;  // derived: sum of item quantities
  double weight_total = 0;     // derived: sum of item weight x quantity
  Cents product_total = 0;     // derived: sum of item price x quantity
  Cents shipping_total = 0;
  Cents handling_total = 0;
  Cents tax_total = 0;
  Cents discount_total = 0;  // derived: sum of discount amounts
  Cents order_total = 0;     // derived: product + shipping + handling + tax - discount
  std::string cc_number_masked;
  std::string cc_exp;
  std::string processor_response;
  std::string payment_type;
  std::string payment_status;
  Cents processor_balance = 0;
  Cents refund_total = 0;
  std::string customer_id;
  std::string ip_address;
  std::string tag_color;
  std::string source_name;
  std::string source_id;
  std::string fulfillment_name;
  std::string fulfillment_id;
  std::string tag_name;
  int64_t folder_id = 0;
  UnixSeconds date_added = 0;
  UnixSeconds date_updated = 0;
  Address shipping;
  Address customer;
  // Null when every return-address field is blank, which is the common
  // case; this keeps 100,000 orders small.
  std::unique_ptr<ReturnAddress> return_address;
  std::string checkout_data = kEmptyJsonMap;
  std::string order_metadata = kEmptyJsonMap;
  std::vector<Discount> discount_list;
  std::vector<OrderNote> order_notes;
  std::vector<OrderItem> order_items;
  std::vector<Shipment> order_shipments;
  std::vector<HistoryEntry> order_history;
};

// Recomputes the derived totals of `order` from its items and discounts.
void ComputeOrderTotals(Order* order);

// Section 5.
struct InventoryItem {
  int64_t id = 0;
  std::string name;
  std::string code;
  Cents price = 0;
  Cents cost = 0;
  double weight = 0;
  int64_t stock = 0;
  std::string metadata = kEmptyJsonMap;
  std::string variation_list = kEmptyJsonMap;
  std::string manufacturer_sku;
  std::string location;
  std::string update_source;
  UnixSeconds date_added = 0;
  UnixSeconds date_updated = 0;
};

struct Folder {
  int64_t id = 0;
  std::string name;
};

// Credentials and display name of one emulated store.
struct StoreConfig {
  std::string id;  // numeric string, as OrderDesk store ids are
  std::string api_key;
  std::string name;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_MODEL_H_
