// orders_list's arguments as OrderDesk's GET /orders query, and the cache
// key that tells one query from every other.
#ifndef ODMCP_PLUGINS_ORDERS_LIST_QUERY_H_
#define ODMCP_PLUGINS_ORDERS_LIST_QUERY_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugins/common/status.h"
#include "plugins/common/store_info.h"
#include "plugins/common/url.h"
#include "plugins/orders/folders.h"

namespace odmcp::orders {

// The names of the sort fields OrderDesk's order_by accepts (as the
// sandbox implements them; OrderDesk documents date_added as the default
// and shows shipping_last_name and date_modified in examples), as the
// members of a JSON array.
extern const char* const kOrderByChoices;

// The text filters passed to OrderDesk as given, and their descriptions,
// for the input schema.
struct TextFilter {
  const char* name;
  const char* description;
};
const std::vector<TextFilter>& TextFilters();

// The date filters, in start/end pairs.
struct DateRange {
  const char* start;
  const char* end;
  const char* meaning;  // for the schema: "date added, UTC"
  bool store_local;     // naive times are the store's, not UTC
};
const std::vector<DateRange>& DateRanges();

struct ListQuery {
  std::vector<FolderWanted> folders;           // folder_ids, then folders (names)
  std::vector<orderdesk::QueryParam> filters;  // every other filter and the sort, sorted by name
  int64_t limit = 50;
  int64_t offset = 0;
  std::optional<int64_t> max_results;  // page through up to this many
  bool full_detail = false;
  bool include_history = false;
};

// Reads orders_list's arguments, which passed its input schema, into
// *query. INVALID_ARGUMENT naming the parameter for a date in none of the
// accepted formats, or naming both ends of a range whose start is after
// its end.
orderdesk::Status ParseListQuery(const rapidjson::Value& args, ListQuery* query);

// The query string of one page: the filters, folder_id (the folders' ids,
// comma-separated) when folders were asked for, get_order_history, limit
// and offset.
std::vector<orderdesk::QueryParam> PageQuery(const ListQuery& query,
                                             const std::vector<orderdesk::Folder>& folders,
                                             int64_t offset, int64_t limit);

// Every parameter of the query, folders resolved to their sorted ids, in
// one canonical text: equal for equal queries, different for any two that
// could return different results.
std::string CanonicalQuery(const ListQuery& query, const std::vector<orderdesk::Folder>& folders);

}  // namespace odmcp::orders

#endif  // ODMCP_PLUGINS_ORDERS_LIST_QUERY_H_
