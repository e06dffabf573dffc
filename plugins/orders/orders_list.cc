// orders_list: searches a store's orders with every filter and sort
// OrderDesk's GET /orders has, one page or many.
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "plugins/orders/filter_date.h"
#include "plugins/orders/list_query.h"
#include "plugins/orders/order_data.h"
#include "plugins/orders/order_summary.h"
#include "plugins/orders/tool_support.h"

namespace odmcp::orders {
namespace {

constexpr size_t kLinesInText = 25;

// One GET /orders page into *envelope.
Status FetchPage(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                 const ListQuery& query, const std::vector<orderdesk::Folder>& folders,
                 int64_t offset, int64_t limit, rapidjson::Document* envelope) {
  orderdesk::Request request;
  request.path = "/orders";
  request.query = PageQuery(query, folders, offset, limit);
  request.subject = "orders";
  Status status = context.client.Send(call, access, request, envelope);
  if (!status.ok()) return status;
  const rapidjson::Value* orders = Member(*envelope, "orders");
  if (orders == nullptr || !orders->IsArray()) {
    return Status(ODMCP_UNAVAILABLE, "OrderDesk's reply to GET /orders for store " + access.label +
                                         " has no orders list; try again later.");
  }
  return Status::Ok();
}

int64_t TotalRecords(const rapidjson::Value& envelope) {
  const rapidjson::Value* total = Member(envelope, "total_records");
  if (total != nullptr && total->IsInt64()) return total->GetInt64();
  if (total != nullptr && total->IsString()) return std::atoll(total->GetString());
  return -1;
}

// Reads the pages the query asks for into *page (the cached form of a
// result: orders, total_records, offset, limit, returned, has_more,
// next_offset), reporting progress after each page when paging.
Status ReadOrders(const Context& context, Call& call, const orderdesk::StoreAccess& access,
                  const ListQuery& query, const std::vector<orderdesk::Folder>& folders,
                  const orderdesk::StoreInfo& info, rapidjson::Document* page) {
  page->SetObject();
  auto& a = page->GetAllocator();
  rapidjson::Value orders(rapidjson::kArrayType);
  const int64_t wanted = query.max_results.value_or(query.limit);
  int64_t total = -1;
  int64_t fetched = 0;
  while (fetched < wanted) {
    if (fetched > 0 && call.Cancelled()) {
      return Status(ODMCP_CANCELLED, "The listing was cancelled after " +
                                         Count(static_cast<size_t>(fetched), "order", "orders") +
                                         ".");
    }
    const int64_t limit = std::min(query.limit, wanted - fetched);
    rapidjson::Document envelope;
    Status status =
        FetchPage(context, call, access, query, folders, query.offset + fetched, limit, &envelope);
    if (!status.ok()) return status;
    total = TotalRecords(envelope);
    const rapidjson::Value& got = envelope["orders"];
    for (const rapidjson::Value& order : got.GetArray()) {
      orders.PushBack(query.full_detail ? rapidjson::Value(order, a) : OrderSummary(order, info, a),
                      a);
    }
    fetched += got.Size();
    if (query.max_results.has_value()) {
      const int64_t expected = total < 0 ? wanted : std::min(wanted, total - query.offset);
      call.Progress(static_cast<double>(fetched),
                    static_cast<double>(std::max<int64_t>(expected, fetched)),
                    "Read " + Count(static_cast<size_t>(fetched), "order", "orders"));
    }
    if (static_cast<int64_t>(got.Size()) < limit) break;  // the last page
    if (total >= 0 && query.offset + fetched >= total) break;
  }
  const int64_t returned = static_cast<int64_t>(orders.Size());
  const bool has_more = total >= 0 ? query.offset + returned < total : returned == wanted;
  page->AddMember("orders", orders, a);
  page->AddMember("total_records", total, a);
  page->AddMember("offset", query.offset, a);
  page->AddMember("limit", query.limit, a);
  page->AddMember("returned", returned, a);
  page->AddMember("has_more", has_more, a);
  if (has_more) page->AddMember("next_offset", query.offset + returned, a);
  return Status::Ok();
}

std::string ResultText(const ToolStore& store, const ListQuery& query, const rapidjson::Value& page,
                       const orderdesk::StoreInfo& info, bool from_cache) {
  const rapidjson::Value& orders = page["orders"];
  const int64_t total = page["total_records"].GetInt64();
  std::string text = StoreText(store) + ": " + Count(orders.Size(), "order", "orders") +
                     (total >= 0 ? " of " + std::to_string(total) + " matching" : "") +
                     (query.offset > 0 ? ", from offset " + std::to_string(query.offset) : "") +
                     (from_cache ? " (from the cache)" : "") + ".";
  if (page["has_more"].GetBool()) {
    text += " More match: next_offset " + std::to_string(page["next_offset"].GetInt64()) + ".";
  }
  const size_t lines = std::min<size_t>(orders.Size(), kLinesInText);
  if (lines > 0) text += "\nid | added (UTC) | customer | e-mail | total | items | folder";
  rapidjson::Document scratch;
  for (size_t i = 0; i < lines; ++i) {
    const rapidjson::Value& order = orders[static_cast<rapidjson::SizeType>(i)];
    text += "\n" + (query.full_detail ? OrderLine(OrderSummary(order, info, scratch.GetAllocator()))
                                      : OrderLine(order));
  }
  if (orders.Size() > lines) {
    text +=
        "\n... and " + std::to_string(orders.Size() - lines) + " more in the structured result.";
  }
  return text;
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  ToolStore store;
  if (Status status = store.Choose(call, args); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  ListQuery query;
  if (Status status = ParseListQuery(args, &query); !status.ok()) {
    return orderdesk::Fail(call, status);
  }
  std::vector<orderdesk::Folder> folders;
  orderdesk::StoreInfo info;
  if (!query.folders.empty()) {
    Status status = FindFolders(context, call, store.access(), query.folders, &folders, &info);
    if (!status.ok()) return orderdesk::Fail(call, status);
  } else if (!query.full_detail) {
    // Summaries name each order's folder.
    if (Status status = LoadStoreInfo(context, call, store.access(), &info); !status.ok()) {
      return orderdesk::Fail(call, status);
    }
  }

  rapidjson::Document page;
  bool from_cache = false;
  Status status = ReadThrough(
      context, call, store.access().store_id,
      ListKeyPrefix(store.access().store_id) + CanonicalQuery(query, folders), context.list_ttl_ms,
      [&](rapidjson::Document* value) {
        return ReadOrders(context, call, store.access(), query, folders, info, value);
      },
      &page, &from_cache);
  if (!status.ok()) return orderdesk::Fail(call, status);

  rapidjson::Document out = StoreResult(store);
  auto& a = out.GetAllocator();
  for (auto& member : page.GetObject()) {
    out.AddMember(rapidjson::Value(member.name, a), rapidjson::Value(member.value, a), a);
  }
  out.AddMember("detail", rapidjson::StringRef(query.full_detail ? "full" : "summary"), a);
  out.AddMember("cached", from_cache, a);
  return Succeed(call, ResultText(store, query, page, info, from_cache), out);
}

std::string InputProperties() {
  std::string p =
      R"("folder_ids":{"type":"array","minItems":1,"maxItems":50,"items":)" +
      IdSchema("A folder id.") +
      R"(,"description":"Only orders in one of these folders (ids as stores_refresh )"
      R"(lists them)."},)"
      R"("folders":{"type":"array","minItems":1,"maxItems":50,"items":{"type":"string",)"
      R"("minLength":1,"maxLength":100},"description":"Only orders in one of these folders, )"
      R"(by name (case is ignored), e.g. [\"New\",\"Prepared\"]. Combined with folder_ids: )"
      R"(orders in any of them."},)";
  for (const DateRange& range : DateRanges()) {
    for (const char* name : {range.start, range.end}) {
      p += "\"" + std::string(name) + R"(":{"type":"string","maxLength":40,)" +
           R"("description":")" + (name == range.start ? "From" : "Until") + " this " +
           range.meaning + ", inclusive: " + std::string(kDateFormats) + ".\"},";
    }
  }
  for (const TextFilter& filter : TextFilters()) {
    p += "\"" + std::string(filter.name) +
         R"(":{"type":"string","minLength":1,"maxLength":200,"description":")" +
         filter.description + "\"},";
  }
  p += R"("order_by":{"type":"string","enum":[)" + std::string(kOrderByChoices) +
       R"(],"description":"Sort field; default date_added."},)"
       R"("order":{"type":"string","pattern":"^([Aa][Ss][Cc]|[Dd][Ee][Ss][Cc])$",)"
       R"("description":"asc or desc (any case); default desc, newest first."},)"
       R"("limit":{"type":"integer","minimum":1,"maximum":500,"default":50,)"
       R"("description":"Orders per OrderDesk page (OrderDesk's maximum is 500)."},)"
       R"("offset":{"type":"integer","minimum":0,"maximum":100000000,"default":0,)"
       R"("description":"Matching orders to skip; next_offset of a result continues it."},)"
       R"("max_results":{"type":"integer","minimum":1,"maximum":10000,"description":"Read )"
       R"(up to this many orders in pages of limit, reporting progress after each page. )"
       R"(Without it, one page of limit orders is read."},)"
       R"("detail":{"type":"string","enum":["summary","full"],"default":"summary",)"
       R"("description":"summary (default): id, dates, folder, names, e-mail, total, item )"
       R"(count and payment status per order. full: whole orders (large)."},)"
       R"("include_history":{"type":"boolean","default":false,"description":"Add each )"
       R"(order's history (OrderDesk warns this makes the search much slower)."})";
  return p;
}

}  // namespace

Tool OrdersListTool() {
  ToolSpec spec = Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                       /*open_world=*/true);
  spec.name = "orders_list";
  spec.title = "List orders";
  spec.description =
      "Searches a store's orders, newest first unless order_by/order say otherwise. Filters "
      "combine (all must match): folders by name or id, source (cart) and its order number "
      "(source_id), dates added (UTC or the store's time zone) and modified, e-mail, customer "
      "id, and parts of customer or shipping names, company, street address and phone. "
      "Returns one page of `limit` orders (default 50, at most 500) from `offset`; with "
      "max_results it reads page after page (up to 10,000 orders) and reports progress. "
      "Summaries by default; detail \"full\" for whole orders. Cost: one OrderDesk request per "
      "page, plus one for the store's folders when they are not cached; the same search "
      "within a few seconds costs none. Give a date range when you can: unbounded searches of "
      "a large store are slow. Acts on `store` if given, else the session's active store, else "
      "the default store.";
  spec.input_schema = InputSchema(InputProperties(), "");
  spec.output_schema = OutputSchema(
      std::string(R"("orders":{"type":"array","items":{"type":"object"},)"
                  R"("description":"Summaries (detail summary) or whole orders (detail full)."},)"
                  R"("total_records":{"type":"integer","description":"All matching orders; -1 if )"
                  R"(OrderDesk did not say."},)"
                  R"("offset":{"type":"integer"},"limit":{"type":"integer"},)"
                  R"("returned":{"type":"integer"},"has_more":{"type":"boolean"},)"
                  R"("next_offset":{"type":"integer","description":"The offset that continues )"
                  R"(this listing, when has_more."},)"
                  R"("detail":{"type":"string","enum":["summary","full"]},)"
                  R"("cached":{"type":"boolean"})"),
      R"("orders","total_records","offset","limit","returned","has_more","detail","cached")");
  return {spec, &Run};
}

}  // namespace odmcp::orders
