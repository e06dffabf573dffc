// Copyright 2026 The orderdesk-mcp Authors.
//
// GET /orders: validates the documented query parameters (section 3.1) and
// runs the search against a store's indexes.
//
// Matching rules (the reference leaves them open; README documents them):
// filters combine with AND; folder_id is a comma list (OR); email,
// source_id, source_name and customer_id match whole values ignoring case;
// name, company, address1 and phone filters match a substring ignoring
// case; date bounds are inclusive; *_date are UTC and *_date_local are in
// the store's time zone unless the value carries its own zone. An empty
// parameter value counts as not given; unknown parameters are ignored.
//
// Thread-safety: ParseOrderQuery is pure; RunOrderQuery reads the store, so
// the caller holds the store's lock (shared) and keeps holding it while it
// uses the returned pointers.

#ifndef ODMCP_SANDBOX_ORDER_QUERY_H_
#define ODMCP_SANDBOX_ORDER_QUERY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/api_status.h"
#include "sandbox/model.h"
#include "sandbox/store_data.h"

namespace odmcp::sandbox {

// Query-string parameters as cpp-httplib provides them.
using QueryParams = std::multimap<std::string, std::string>;

inline constexpr int64_t kDefaultPageSize = 50;
inline constexpr int64_t kMaxPageSize = 500;

enum class OrderSortField {
  kId,
  kDateAdded,
  kDateUpdated,
  kEmail,
  kSourceId,
  kSourceName,
  kCustomerId,
  kFolderId,
  kOrderTotal,
  kProductTotal,
  kShippingTotal,
  kQuantityTotal,
  kPaymentStatus,
  kPaymentType,
  kShippingMethod,
  kShippingFirstName,
  kShippingLastName,
  kShippingCompany,
  kShippingCity,
  kShippingState,
  kShippingPostalCode,
  kShippingCountry,
  kCustomerFirstName,
  kCustomerLastName,
  kCustomerCompany,
};

// A case-insensitive substring filter on one address field.
struct TextFilter {
  Address Order::*address;
  std::string Address::*field;
  std::string needle_lower;
};

struct OrderQuery {
  int64_t limit = kDefaultPageSize;
  int64_t offset = 0;
  OrderSortField order_by = OrderSortField::kDateAdded;
  bool descending = true;
  // Set when folder_id and/or folder_name was given: the folders an order
  // may be in. Empty means nothing can match (an unknown folder name).
  std::optional<std::vector<int64_t>> folder_ids;
  std::string email;
  std::string source_id;
  std::string source_name;
  std::string customer_id;
  std::vector<TextFilter> text_filters;
  std::optional<UnixSeconds> added_from;
  std::optional<UnixSeconds> added_to;
  std::optional<UnixSeconds> modified_from;
  std::optional<UnixSeconds> modified_to;
  bool include_history = false;
};

// Reads the parameters; a bad value (limit=501, order=UP, a date that does
// not parse, an unknown order_by) gives a 400 naming the parameter.
ApiStatus ParseOrderQuery(const QueryParams& params, const StoreData& store, OrderQuery* out);

// Validates `limit` and `offset` only (shared with GET /inventory-items).
ApiStatus ParsePaging(const QueryParams& params, int64_t* limit, int64_t* offset);

// Whether get_order_history asks for history (any value but "" and "0").
bool WantsOrderHistory(const QueryParams& params);

// The last value of a parameter (PHP's $_GET keeps the last), or null.
const std::string* LastParam(const QueryParams& params, const std::string& key);

struct OrderPage {
  size_t total_records = 0;
  std::vector<const Order*> orders;
};

OrderPage RunOrderQuery(const StoreData& store, const OrderQuery& query);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_ORDER_QUERY_H_
