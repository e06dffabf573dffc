// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/order_query.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

#include "sandbox/date_time.h"
#include "sandbox/text_util.h"

namespace odmcp::sandbox {
namespace {

struct SortFieldName {
  std::string_view name;
  OrderSortField field;
};

constexpr SortFieldName kSortFields[] = {
    {"id", OrderSortField::kId},
    {"date_added", OrderSortField::kDateAdded},
    {"date_updated", OrderSortField::kDateUpdated},
    {"date_modified", OrderSortField::kDateUpdated},
    {"email", OrderSortField::kEmail},
    {"source_id", OrderSortField::kSourceId},
    {"source_name", OrderSortField::kSourceName},
    {"customer_id", OrderSortField::kCustomerId},
    {"folder_id", OrderSortField::kFolderId},
    {"order_total", OrderSortField::kOrderTotal},
    {"product_total", OrderSortField::kProductTotal},
    {"shipping_total", OrderSortField::kShippingTotal},
    {"quantity_total", OrderSortField::kQuantityTotal},
    {"payment_status", OrderSortField::kPaymentStatus},
    {"payment_type", OrderSortField::kPaymentType},
    {"shipping_method", OrderSortField::kShippingMethod},
    {"shipping_first_name", OrderSortField::kShippingFirstName},
    {"shipping_last_name", OrderSortField::kShippingLastName},
    {"shipping_company", OrderSortField::kShippingCompany},
    {"shipping_city", OrderSortField::kShippingCity},
    {"shipping_state", OrderSortField::kShippingState},
    {"shipping_postal_code", OrderSortField::kShippingPostalCode},
    {"shipping_country", OrderSortField::kShippingCountry},
    {"customer_first_name", OrderSortField::kCustomerFirstName},
    {"customer_last_name", OrderSortField::kCustomerLastName},
    {"customer_company", OrderSortField::kCustomerCompany},
};

struct TextFilterName {
  std::string_view name;
  Address Order::*address;
  std::string Address::*field;
};

constexpr TextFilterName kTextFilters[] = {
    {"customer_first_name", &Order::customer, &Address::first_name},
    {"customer_last_name", &Order::customer, &Address::last_name},
    {"customer_company", &Order::customer, &Address::company},
    {"customer_address1", &Order::customer, &Address::address1},
    {"customer_phone", &Order::customer, &Address::phone},
    {"shipping_first_name", &Order::shipping, &Address::first_name},
    {"shipping_last_name", &Order::shipping, &Address::last_name},
    {"shipping_company", &Order::shipping, &Address::company},
    {"shipping_address1", &Order::shipping, &Address::address1},
    {"shipping_phone", &Order::shipping, &Address::phone},
};

int Compare(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int CompareBy(OrderSortField field, const Order& a, const Order& b) {
  switch (field) {
    case OrderSortField::kId: return Compare(a.id, b.id);
    case OrderSortField::kDateAdded: return Compare(a.date_added, b.date_added);
    case OrderSortField::kDateUpdated: return Compare(a.date_updated, b.date_updated);
    case OrderSortField::kEmail: return CompareIgnoreCase(a.email, b.email);
    case OrderSortField::kSourceId: return CompareIgnoreCase(a.source_id, b.source_id);
    case OrderSortField::kSourceName: return CompareIgnoreCase(a.source_name, b.source_name);
    case OrderSortField::kCustomerId: return CompareIgnoreCase(a.customer_id, b.customer_id);
    case OrderSortField::kFolderId: return Compare(a.folder_id, b.folder_id);
    case OrderSortField::kOrderTotal: return Compare(a.order_total, b.order_total);
    case OrderSortField::kProductTotal: return Compare(a.product_total, b.product_total);
    case OrderSortField::kShippingTotal: return Compare(a.shipping_total, b.shipping_total);
    case OrderSortField::kQuantityTotal: return Compare(a.quantity_total, b.quantity_total);
    case OrderSortField::kPaymentStatus: return CompareIgnoreCase(a.payment_status, b.payment_status);
    case OrderSortField::kPaymentType: return CompareIgnoreCase(a.payment_type, b.payment_type);
    case OrderSortField::kShippingMethod: return CompareIgnoreCase(a.shipping_method, b.shipping_method);
    case OrderSortField::kShippingFirstName:
      return CompareIgnoreCase(a.shipping.first_name, b.shipping.first_name);
    case OrderSortField::kShippingLastName:
      return CompareIgnoreCase(a.shipping.last_name, b.shipping.last_name);
    case OrderSortField::kShippingCompany: return CompareIgnoreCase(a.shipping.company, b.shipping.company);
    case OrderSortField::kShippingCity: return CompareIgnoreCase(a.shipping.city, b.shipping.city);
    case OrderSortField::kShippingState: return CompareIgnoreCase(a.shipping.state, b.shipping.state);
    case OrderSortField::kShippingPostalCode:
      return CompareIgnoreCase(a.shipping.postal_code, b.shipping.postal_code);
    case OrderSortField::kShippingCountry: return CompareIgnoreCase(a.shipping.country, b.shipping.country);
    case OrderSortField::kCustomerFirstName:
      return CompareIgnoreCase(a.customer.first_name, b.customer.first_name);
    case OrderSortField::kCustomerLastName:
      return CompareIgnoreCase(a.customer.last_name, b.customer.last_name);
    case OrderSortField::kCustomerCompany: return CompareIgnoreCase(a.customer.company, b.customer.company);
  }
  return 0;
}

ApiStatus ParseBound(const QueryParams& params, const std::string& key, const TimeZone* local_zone,
                     std::optional<UnixSeconds>* out) {
  const std::string* value = LastParam(params, key);
  if (value == nullptr || value->empty()) return ApiStatus::Ok();
  ParsedDateTime parsed;
  if (!ParseDateTime(*value, &parsed)) {
    return ApiStatus::BadRequest("Invalid " + key + " '" + *value +
                                 "': use YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO 8601");
  }
  out->emplace(parsed.has_zone || local_zone == nullptr ? parsed.seconds
                                                        : local_zone->LocalToUtc(parsed.seconds));
  return ApiStatus::Ok();
}

// Narrows [from, to] by another inclusive bound pair.
void Intersect(const std::optional<UnixSeconds>& from, const std::optional<UnixSeconds>& to,
               std::optional<UnixSeconds>* into_from, std::optional<UnixSeconds>* into_to) {
  if (from && (!*into_from || *from > **into_from)) *into_from = from;
  if (to && (!*into_to || *to < **into_to)) *into_to = to;
}

// Decides whether an order matches every filter of a query.
class OrderMatcher {
 public:
  explicit OrderMatcher(const OrderQuery& query) : query_(query) {}

  bool Matches(const Order& order) const {
    // Folder lists are a handful of ids: a linear search beats hashing.
    if (query_.folder_ids && std::find(query_.folder_ids->begin(), query_.folder_ids->end(), order.folder_id) ==
                                 query_.folder_ids->end()) {
      return false;
    }
    if (!query_.email.empty() && !EqualsIgnoreCase(order.email, query_.email)) return false;
    if (!query_.source_id.empty() && !EqualsIgnoreCase(order.source_id, query_.source_id)) return false;
    if (!query_.source_name.empty() && !EqualsIgnoreCase(order.source_name, query_.source_name)) {
      return false;
    }
    if (!query_.customer_id.empty() && !EqualsIgnoreCase(order.customer_id, query_.customer_id)) {
      return false;
    }
    for (const TextFilter& filter : query_.text_filters) {
      if (!ContainsIgnoreCase(order.*filter.address.*filter.field, filter.needle_lower)) return false;
    }
    if (query_.added_from && order.date_added < *query_.added_from) return false;
    if (query_.added_to && order.date_added > *query_.added_to) return false;
    if (query_.modified_from && order.date_updated < *query_.modified_from) return false;
    if (query_.modified_to && order.date_updated > *query_.modified_to) return false;
    return true;
  }

 private:
  const OrderQuery& query_;
};

// The ids a query can match according to its most selective whole-value
// filter (email, source_id, customer_id), or nullopt when it has none.
std::optional<std::vector<int64_t>> ExactMatchCandidates(const StoreData& store, const OrderQuery& query) {
  std::optional<std::vector<int64_t>> best;
  auto consider = [&best](std::vector<int64_t> ids) {
    if (!best || ids.size() < best->size()) best = std::move(ids);
  };
  if (!query.email.empty()) consider(store.OrdersWithEmail(query.email));
  if (!query.source_id.empty()) consider(store.OrdersWithSourceId(query.source_id));
  if (!query.customer_id.empty()) consider(store.OrdersWithCustomerId(query.customer_id));
  return best;
}

size_t FolderCandidateCount(const StoreData& store, const std::vector<int64_t>& folder_ids) {
  size_t total = 0;
  for (int64_t folder : folder_ids) {
    const auto* ids = store.OrdersInFolder(folder);
    total += ids == nullptr ? 0 : ids->size();
  }
  return total;
}

std::vector<int64_t> FolderCandidates(const StoreData& store, const std::vector<int64_t>& folder_ids) {
  std::vector<int64_t> ids;
  for (int64_t folder : folder_ids) {
    if (const auto* in_folder = store.OrdersInFolder(folder)) ids.insert(ids.end(), in_folder->begin(), in_folder->end());
  }
  return ids;
}

// Sorts `matches` by the query's order and cuts out the requested page.
OrderPage SortAndPage(std::vector<const Order*> matches, const OrderQuery& query) {
  OrderPage page;
  page.total_records = matches.size();
  auto less = [&query](const Order* a, const Order* b) {
    int comparison = CompareBy(query.order_by, *a, *b);
    if (comparison == 0) comparison = Compare(a->id, b->id);
    return query.descending ? comparison > 0 : comparison < 0;
  };
  const size_t offset = static_cast<size_t>(query.offset);
  if (offset >= matches.size()) return page;
  const size_t end = std::min(matches.size(), offset + static_cast<size_t>(query.limit));
  std::partial_sort(matches.begin(), matches.begin() + static_cast<ptrdiff_t>(end), matches.end(), less);
  page.orders.assign(matches.begin() + static_cast<ptrdiff_t>(offset),
                     matches.begin() + static_cast<ptrdiff_t>(end));
  return page;
}

// The part of a date index within inclusive bounds; empty when they cross.
std::pair<StoreData::DateIndex::const_iterator, StoreData::DateIndex::const_iterator> IndexRange(
    const StoreData::DateIndex& index, const std::optional<UnixSeconds>& from,
    const std::optional<UnixSeconds>& to) {
  if (from && to && *from > *to) return {index.end(), index.end()};
  return {from ? index.lower_bound({*from, INT64_MIN, nullptr}) : index.begin(),
          to ? index.upper_bound({*to, INT64_MAX, nullptr}) : index.end()};
}

// Walks a date index in the requested direction, so the page comes out
// sorted without sorting; `bounded_from`/`bounded_to` restrict the walk to
// the part of the index the query's range on that date allows. When the
// number of matches is already known (`known_total`), the walk stops once
// the page is full.
OrderPage WalkDateIndex(const StoreData::DateIndex& index, const std::optional<UnixSeconds>& bounded_from,
                        const std::optional<UnixSeconds>& bounded_to, bool needs_matcher,
                        std::optional<size_t> known_total, const OrderQuery& query) {
  const auto [first, last] = IndexRange(index, bounded_from, bounded_to);
  OrderPage page;
  const size_t offset = static_cast<size_t>(query.offset);
  const size_t end = offset + static_cast<size_t>(query.limit);
  if (!needs_matcher && !bounded_from && !bounded_to) known_total = index.size();
  const OrderMatcher matcher(query);
  size_t matched = 0;
  // Returns false once nothing more needs visiting.
  auto visit = [&](const StoreData::DateIndexEntry& entry) {
    if (needs_matcher && !matcher.Matches(*entry.order)) return true;
    if (matched >= offset && matched < end) page.orders.push_back(entry.order);
    ++matched;
    return !known_total || matched < end;
  };
  if (query.descending) {
    for (auto it = std::make_reverse_iterator(last); it != std::make_reverse_iterator(first); ++it) {
      if (!visit(*it)) break;
    }
  } else {
    for (auto it = first; it != last; ++it) {
      if (!visit(*it)) break;
    }
  }
  page.total_records = known_total.value_or(matched);
  return page;
}

}  // namespace

const std::string* LastParam(const QueryParams& params, const std::string& key) {
  const auto [begin, end] = params.equal_range(key);
  if (begin == end) return nullptr;
  return &std::prev(end)->second;
}

bool WantsOrderHistory(const QueryParams& params) {
  const std::string* value = LastParam(params, "get_order_history");
  return value != nullptr && !value->empty() && *value != "0";
}

ApiStatus ParsePaging(const QueryParams& params, int64_t* limit, int64_t* offset) {
  if (const std::string* value = LastParam(params, "limit"); value != nullptr && !value->empty()) {
    if (!ParseInt64(*value, limit) || *limit < 1 || *limit > kMaxPageSize) {
      return ApiStatus::BadRequest("Invalid limit '" + *value + "': must be an integer from 1 to " +
                                   std::to_string(kMaxPageSize));
    }
  }
  if (const std::string* value = LastParam(params, "offset"); value != nullptr && !value->empty()) {
    if (!ParseInt64(*value, offset) || *offset < 0) {
      return ApiStatus::BadRequest("Invalid offset '" + *value + "': must be an integer of 0 or more");
    }
  }
  return ApiStatus::Ok();
}

ApiStatus ParseOrderQuery(const QueryParams& params, const StoreData& store, OrderQuery* out) {
  ApiStatus status = ParsePaging(params, &out->limit, &out->offset);
  if (!status.ok()) return status;

  if (const std::string* value = LastParam(params, "order_by"); value != nullptr && !value->empty()) {
    const auto* found = std::find_if(std::begin(kSortFields), std::end(kSortFields),
                                     [&](const SortFieldName& f) { return EqualsIgnoreCase(f.name, *value); });
    if (found == std::end(kSortFields)) {
      std::string names;
      for (const SortFieldName& f : kSortFields) names += (names.empty() ? "" : ", ") + std::string(f.name);
      return ApiStatus::BadRequest("Invalid order_by '" + *value + "': use one of " + names);
    }
    out->order_by = found->field;
  }
  if (const std::string* value = LastParam(params, "order"); value != nullptr && !value->empty()) {
    if (EqualsIgnoreCase(*value, "asc")) {
      out->descending = false;
    } else if (EqualsIgnoreCase(*value, "desc")) {
      out->descending = true;
    } else {
      return ApiStatus::BadRequest("Invalid order '" + *value + "': use ASC or DESC");
    }
  }

  if (const std::string* value = LastParam(params, "folder_id"); value != nullptr && !value->empty()) {
    std::vector<int64_t> ids;
    for (std::string_view piece : SplitCommaList(*value)) {
      int64_t id = 0;
      if (!ParseInt64(piece, &id) || id <= 0) {
        return ApiStatus::BadRequest("Invalid folder_id '" + *value +
                                     "': use a folder id or a comma-separated list of ids");
      }
      ids.push_back(id);
    }
    out->folder_ids = std::move(ids);
  }
  if (const std::string* value = LastParam(params, "folder_name"); value != nullptr && !value->empty()) {
    const Folder* folder = store.FindFolderByName(*value);
    std::vector<int64_t> by_name;
    if (folder != nullptr) by_name.push_back(folder->id);
    if (out->folder_ids) {
      // Both given: an order must satisfy both.
      std::vector<int64_t> both;
      for (int64_t id : by_name) {
        if (std::find(out->folder_ids->begin(), out->folder_ids->end(), id) != out->folder_ids->end()) {
          both.push_back(id);
        }
      }
      by_name = std::move(both);
    }
    out->folder_ids = std::move(by_name);
  }

  auto read_exact = [&params](const char* key, std::string* field) {
    if (const std::string* value = LastParam(params, key)) *field = *value;
  };
  read_exact("email", &out->email);
  read_exact("source_id", &out->source_id);
  read_exact("source_name", &out->source_name);
  read_exact("customer_id", &out->customer_id);
  for (const TextFilterName& filter : kTextFilters) {
    const std::string* value = LastParam(params, std::string(filter.name));
    if (value != nullptr && !value->empty()) {
      out->text_filters.push_back({filter.address, filter.field, AsciiLower(*value)});
    }
  }

  std::optional<UnixSeconds> local_from;
  std::optional<UnixSeconds> local_to;
  struct DateBound {
    const char* key;
    bool local;
    std::optional<UnixSeconds>* target;
  };
  const DateBound bounds[] = {{"search_start_date", false, &out->added_from},
                              {"search_end_date", false, &out->added_to},
                              {"search_start_date_local", true, &local_from},
                              {"search_end_date_local", true, &local_to},
                              {"modified_start_date", false, &out->modified_from},
                              {"modified_end_date", false, &out->modified_to}};
  for (const DateBound& bound : bounds) {
    status = ParseBound(params, bound.key, bound.local ? &store.time_zone() : nullptr, bound.target);
    if (!status.ok()) return status;
  }
  Intersect(local_from, local_to, &out->added_from, &out->added_to);

  out->include_history = WantsOrderHistory(params);
  return ApiStatus::Ok();
}

OrderPage RunOrderQuery(const StoreData& store, const OrderQuery& query) {
  const bool sort_by_added = query.order_by == OrderSortField::kDateAdded;
  const bool sort_by_updated = query.order_by == OrderSortField::kDateUpdated;
  const bool date_sorted = sort_by_added || sort_by_updated;

  // The smallest candidate set an index gives, if any. Folder sets can be
  // most of the store, so they are only counted until chosen.
  std::optional<std::vector<int64_t>> exact = ExactMatchCandidates(store, query);
  const size_t folder_count = query.folder_ids ? FolderCandidateCount(store, *query.folder_ids) : SIZE_MAX;
  const bool folders_smallest = query.folder_ids && (!exact || folder_count < exact->size());
  const size_t candidate_count = folders_smallest ? folder_count : exact ? exact->size() : SIZE_MAX;

  // A small candidate set is cheapest to filter and sort; a large one (say,
  // every order of the Closed folder) is cheaper to visit in date order.
  if (candidate_count != SIZE_MAX && (!date_sorted || candidate_count * 8 <= store.order_count())) {
    const std::vector<int64_t> ids = folders_smallest ? FolderCandidates(store, *query.folder_ids) : *exact;
    const OrderMatcher matcher(query);
    std::vector<const Order*> matches;
    for (int64_t id : ids) {
      const Order* order = store.FindOrder(id);
      if (matcher.Matches(*order)) matches.push_back(order);
    }
    return SortAndPage(std::move(matches), query);
  }
  if (date_sorted) {
    const auto& from = sort_by_added ? query.added_from : query.modified_from;
    const auto& to = sort_by_added ? query.added_to : query.modified_to;
    const bool other_dates = sort_by_added ? (query.modified_from || query.modified_to)
                                           : (query.added_from || query.added_to);
    const bool other_filters = exact.has_value() || !query.source_name.empty() || !query.text_filters.empty() ||
                               other_dates;
    const bool needs_matcher = other_filters || query.folder_ids.has_value();
    // Filtering by folder alone, the folder index already knows the total.
    std::optional<size_t> known_total;
    if (query.folder_ids && !other_filters && !from && !to) known_total = folder_count;
    return WalkDateIndex(sort_by_added ? store.orders_by_date_added() : store.orders_by_date_updated(), from, to,
                         needs_matcher, known_total, query);
  }
  // Any other sort: filter everything (within the date_added range, if any)
  // and sort the matches.
  const auto [first, last] = IndexRange(store.orders_by_date_added(), query.added_from, query.added_to);
  const OrderMatcher matcher(query);
  std::vector<const Order*> matches;
  for (auto it = first; it != last; ++it) {
    if (matcher.Matches(*it->order)) matches.push_back(it->order);
  }
  return SortAndPage(std::move(matches), query);
}

}  // namespace odmcp::sandbox
