#include "plugins/orders/list_query.h"

#include <algorithm>
#include <utility>

#include "plugins/orders/filter_date.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

using orderdesk::QueryParam;

Status CheckDate(const rapidjson::Value& args, const char* name, std::optional<FilterDate>* out) {
  std::optional<std::string_view> text = GetString(args, name);
  if (!text.has_value()) return Status::Ok();
  FilterDate date;
  if (!ParseFilterDate(*text, &date)) {
    return Status(ODMCP_INVALID_ARGUMENT, std::string(name) + ": \"" + std::string(*text) +
                                              "\" is not a date; use " + std::string(kDateFormats) +
                                              ".");
  }
  *out = date;
  return Status::Ok();
}

Status CheckRange(const rapidjson::Value& args, const DateRange& range) {
  std::optional<FilterDate> start;
  std::optional<FilterDate> end;
  if (Status s = CheckDate(args, range.start, &start); !s.ok()) return s;
  if (Status s = CheckDate(args, range.end, &end); !s.ok()) return s;
  if (!start.has_value() || !end.has_value()) return Status::Ok();
  // A store-local time and one with its own zone cannot be compared without
  // the store's zone rules; OrderDesk then simply finds no orders.
  if (range.store_local && start->has_zone != end->has_zone) return Status::Ok();
  if (start->seconds <= end->seconds) return Status::Ok();
  return Status(ODMCP_INVALID_ARGUMENT,
                std::string(range.start) + " (" + std::string(*GetString(args, range.start)) +
                    ") is after " + range.end + " (" + std::string(*GetString(args, range.end)) +
                    "); the range would match no order. Swap them or widen the range.");
}

void Add(std::vector<QueryParam>* params, std::string name, std::string value) {
  params->push_back({std::move(name), std::move(value)});
}

std::string FolderIds(const std::vector<orderdesk::Folder>& folders) {
  std::vector<std::string> ids;
  for (const orderdesk::Folder& folder : folders) ids.push_back(folder.id);
  std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string joined;
  for (const std::string& id : ids) joined += (joined.empty() ? "" : ",") + id;
  return joined;
}

}  // namespace

const char* const kOrderByChoices =
    R"("date_added","date_updated","date_modified","id","email","source_id","source_name",)"
    R"("customer_id","folder_id","order_total","product_total","shipping_total",)"
    R"("quantity_total","payment_status","payment_type","shipping_method",)"
    R"("shipping_first_name","shipping_last_name","shipping_company","shipping_city",)"
    R"("shipping_state","shipping_postal_code","shipping_country","customer_first_name",)"
    R"("customer_last_name","customer_company")";

const std::vector<TextFilter>& TextFilters() {
  static const std::vector<TextFilter> kFilters = {
      {"source_id", "The order's id in its cart or marketplace (whole value, case ignored)."},
      {"source_name", "The cart or marketplace, e.g. Shopify (whole value, case ignored)."},
      {"email", "The customer's e-mail (whole value, case ignored)."},
      {"customer_id", "The customer's id in the originating cart."},
      {"customer_first_name", "Part of the billing first name."},
      {"customer_last_name", "Part of the billing last name."},
      {"customer_company", "Part of the billing company."},
      {"customer_address1", "Part of the billing street address."},
      {"customer_phone", "Part of the billing phone number."},
      {"shipping_first_name", "Part of the shipping first name."},
      {"shipping_last_name", "Part of the shipping last name."},
      {"shipping_company", "Part of the shipping company."},
      {"shipping_address1", "Part of the shipping street address."},
      {"shipping_phone", "Part of the shipping phone number."},
  };
  return kFilters;
}

const std::vector<DateRange>& DateRanges() {
  static const std::vector<DateRange> kRanges = {
      {"search_start_date", "search_end_date", "date added, UTC", false},
      {"search_start_date_local", "search_end_date_local", "date added, in the store's time zone",
       true},
      {"modified_start_date", "modified_end_date", "date last modified, UTC", false},
  };
  return kRanges;
}

Status ParseListQuery(const rapidjson::Value& args, ListQuery* query) {
  if (const rapidjson::Value* ids = Member(args, "folder_ids"); ids != nullptr && ids->IsArray()) {
    for (rapidjson::SizeType i = 0; i < ids->Size(); ++i) {
      query->folders.push_back({IdText(&(*ids)[i]), true, "folder_ids[" + std::to_string(i) + "]"});
    }
  }
  if (const rapidjson::Value* names = Member(args, "folders");
      names != nullptr && names->IsArray()) {
    for (rapidjson::SizeType i = 0; i < names->Size(); ++i) {
      const rapidjson::Value& name = (*names)[i];
      query->folders.push_back({std::string(name.GetString(), name.GetStringLength()), false,
                                "folders[" + std::to_string(i) + "]"});
    }
  }
  for (const DateRange& range : DateRanges()) {
    if (Status status = CheckRange(args, range); !status.ok()) return status;
    for (const char* name : {range.start, range.end}) {
      if (std::optional<std::string_view> value = GetString(args, name)) {
        Add(&query->filters, name, std::string(*value));
      }
    }
  }
  for (const TextFilter& filter : TextFilters()) {
    if (std::optional<std::string_view> value = GetString(args, filter.name)) {
      Add(&query->filters, filter.name, std::string(*value));
    }
  }
  if (std::optional<std::string_view> order_by = GetString(args, "order_by")) {
    Add(&query->filters, "order_by", std::string(*order_by));
  }
  if (std::optional<std::string_view> order = GetString(args, "order")) {
    std::string upper(*order);
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    Add(&query->filters, "order", upper);
  }
  std::sort(query->filters.begin(), query->filters.end(),
            [](const QueryParam& a, const QueryParam& b) { return a.name < b.name; });

  query->limit = GetInt64(args, "limit").value_or(50);
  query->offset = GetInt64(args, "offset").value_or(0);
  if (std::optional<int64_t> max_results = GetInt64(args, "max_results")) {
    query->max_results = *max_results;
  }
  query->full_detail = GetString(args, "detail").value_or("summary") == "full";
  query->include_history = GetBool(args, "include_history").value_or(false);
  return Status::Ok();
}

std::vector<QueryParam> PageQuery(const ListQuery& query,
                                  const std::vector<orderdesk::Folder>& folders, int64_t offset,
                                  int64_t limit) {
  std::vector<QueryParam> params = query.filters;
  if (!folders.empty()) Add(&params, "folder_id", FolderIds(folders));
  if (query.include_history) Add(&params, "get_order_history", "1");
  Add(&params, "limit", std::to_string(limit));
  Add(&params, "offset", std::to_string(offset));
  return params;
}

std::string CanonicalQuery(const ListQuery& query, const std::vector<orderdesk::Folder>& folders) {
  std::vector<QueryParam> params = query.filters;
  Add(&params, "folder_id", FolderIds(folders));
  Add(&params, "limit", std::to_string(query.limit));
  Add(&params, "offset", std::to_string(query.offset));
  Add(&params, "max_results",
      query.max_results.has_value() ? std::to_string(*query.max_results) : "");
  Add(&params, "detail", query.full_detail ? "full" : "summary");
  Add(&params, "history", query.include_history ? "1" : "0");
  std::sort(params.begin(), params.end(),
            [](const QueryParam& a, const QueryParam& b) { return a.name < b.name; });
  // Percent-encoding keeps "&" and "=" inside a value from faking a
  // parameter boundary, so distinct queries never share a text.
  std::string text;
  for (const QueryParam& param : params) {
    text += (text.empty() ? "" : "&") + param.name + "=" + orderdesk::PercentEncode(param.value);
  }
  return text;
}

}  // namespace odmcp::orders
