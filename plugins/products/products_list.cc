// products_list: one page of a store's products, optionally only those with
// given SKU codes.
#include <optional>
#include <string>
#include <vector>

#include "plugins/common/text.h"
#include "plugins/common/tool_kit.h"
#include "plugins/common/url.h"
#include "plugins/common/chosen_store.h"
#include "plugins/products/inventory_api.h"
#include "plugins/products/product_cache.h"
#include "plugins/products/product_schema.h"
#include "plugins/products/product_summary.h"

namespace odmcp::products {
namespace {

using orderdesk::Status;

constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxLimit = 500;  // OrderDesk's page size limit
constexpr size_t kProductsNamedInText = 10;

// The `code` argument as OrderDesk's filter wants it: the comma-separated
// codes, each trimmed, empty ones dropped.
Status CodeFilter(std::string_view argument, std::string* filter) {
  filter->clear();
  size_t start = 0;
  while (start <= argument.size()) {
    size_t comma = argument.find(',', start);
    if (comma == std::string_view::npos) comma = argument.size();
    std::string_view code = orderdesk::TrimWhitespace(argument.substr(start, comma - start));
    if (!code.empty()) {
      if (!filter->empty()) filter->push_back(',');
      filter->append(code);
    }
    start = comma + 1;
  }
  if (filter->empty()) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "code must name at least one SKU (several are separated by commas).");
  }
  return Status::Ok();
}

// The request's query, in a fixed order: it is also the cache key, so it
// must hold every parameter that changes the result.
std::string CanonicalQuery(const std::vector<orderdesk::QueryParam>& query) {
  std::string text;
  for (const orderdesk::QueryParam& param : query) {
    if (!text.empty()) text.push_back('&');
    text += orderdesk::PercentEncode(param.name) + "=" + orderdesk::PercentEncode(param.value);
  }
  return text;
}

// OrderDesk reports total_records as a string for inventory (and clients
// have seen it disagree with the page), so it is passed on as a hint only.
rapidjson::Value TotalRecords(const rapidjson::Value& page) {
  const rapidjson::Value* total = Member(page, "total_records");
  if (total != nullptr && total->IsInt64()) return rapidjson::Value(total->GetInt64());
  if (total != nullptr && total->IsString()) {
    const std::string_view text(total->GetString(), total->GetStringLength());
    if (orderdesk::IsDigits(text) && text.size() <= 18) {
      return rapidjson::Value(static_cast<int64_t>(std::stoll(std::string(text))));
    }
  }
  return rapidjson::Value(rapidjson::kNullType);
}

// The page as cached: OrderDesk's inventory_items and total_records.
Status FetchPage(const Context& context, Call& call, const orderdesk::ChosenStore& store,
                 const std::vector<orderdesk::QueryParam>& query, rapidjson::Document* page) {
  orderdesk::Request request;
  request.path = "/inventory-items";
  request.query = query;
  request.subject = "products";
  rapidjson::Document envelope;
  Status status = context.client.Send(call, store.access(), request, &envelope);
  if (!status.ok()) return status;
  const rapidjson::Value* items = Member(envelope, "inventory_items");
  if (items == nullptr || !items->IsArray()) {
    return Status(ODMCP_UNAVAILABLE, "OrderDesk's product list for store " + store.label() +
                                         " held no inventory_items; try again in a minute.");
  }
  page->SetObject();
  auto& a = page->GetAllocator();
  page->AddMember("inventory_items", rapidjson::Value(*items, a), a);
  page->AddMember("total_records", TotalRecords(envelope), a);
  return Status::Ok();
}

odmcp_status Run(const Context& context, Call& call, const rapidjson::Value& args) {
  const int64_t limit = GetInt64(args, "limit").value_or(kDefaultLimit);
  const int64_t offset = GetInt64(args, "offset").value_or(0);
  if (limit < 1 || limit > kMaxLimit || offset < 0) {
    return orderdesk::Fail(
        call, Status(ODMCP_INVALID_ARGUMENT, "limit must be from 1 to 500 and offset 0 or more."));
  }
  std::vector<orderdesk::QueryParam> query;
  std::string code_filter;
  if (std::optional<std::string_view> code = GetString(args, "code")) {
    if (Status status = CodeFilter(*code, &code_filter); !status.ok()) {
      return orderdesk::Fail(call, status);
    }
    query.push_back({"code", code_filter});
  }
  query.push_back({"limit", std::to_string(limit)});
  query.push_back({"offset", std::to_string(offset)});

  orderdesk::ChosenStore store;
  if (Status status = store.Choose(call, args); !status.ok()) return orderdesk::Fail(call, status);

  const std::string key = ListCachePrefix(store.id()) + CanonicalQuery(query);
  rapidjson::Document page;
  bool cached = false;
  if (std::optional<std::string> text = CacheRead(call, key)) {
    page.Parse(text->data(), text->size());
    cached = !page.HasParseError() && page.IsObject() &&
             Member(page, "inventory_items") != nullptr && page["inventory_items"].IsArray();
  }
  if (!cached) {
    const uint64_t epoch = context.fence.Epoch(store.id());
    if (Status status = FetchPage(context, call, store, query, &page); !status.ok()) {
      return orderdesk::Fail(call, status);
    }
    CacheWrite(call, context.fence, store.id(), epoch, key, ToJson(page), context.list_ttl_ms);
  }

  const rapidjson::Value& items = page["inventory_items"];
  const int64_t returned = static_cast<int64_t>(items.Size());
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  store.AddTo(&out);
  out.AddMember("products", rapidjson::Value(items, a), a);
  out.AddMember("returned", returned, a);
  out.AddMember("offset", offset, a);
  out.AddMember("limit", limit, a);
  // A full page may have more after it; a short one is the last.
  out.AddMember("next_offset",
                returned == limit ? rapidjson::Value(offset + limit) : rapidjson::Value(), a);
  out.AddMember("total_records", rapidjson::Value(page["total_records"], a), a);
  out.AddMember("cached", cached, a);

  std::string text = std::to_string(returned) + " product(s) in store " + store.label();
  if (!code_filter.empty()) text += " with code " + code_filter;
  text += " (offset " + std::to_string(offset) + ")";
  for (rapidjson::SizeType i = 0; i < items.Size() && i < kProductsNamedInText; ++i) {
    text += (i == 0 ? ": " : "; ") + DescribeProduct(items[i]);
  }
  if (items.Size() > kProductsNamedInText) {
    text += "; and " + std::to_string(items.Size() - kProductsNamedInText) + " more";
  }
  text += ".";
  if (returned == limit) {
    text += " More may follow: call again with offset " + std::to_string(offset + limit) + ".";
  }
  if (cached) text += " (From the cache.)";
  return orderdesk::Succeed(call, text, out);
}

}  // namespace

Tool ProductsListTool() {
  ToolSpec spec = orderdesk::Spec(/*read_only=*/true, /*destructive=*/false, /*idempotent=*/true,
                                  /*open_world=*/true);
  spec.name = "products_list";
  spec.title = "List products";
  spec.description =
      "Lists a store's products (OrderDesk inventory items), newest first, one page at a time: "
      "`limit` per page (default 50, at most 500) starting at `offset`; next_offset in the "
      "result is where the next page starts (null on the last page). To find products by SKU, "
      "pass `code`: one code or several separated by commas, each matched whole (OrderDesk has "
      "no text search over names). One OrderDesk request per page, or none when the same page "
      "was read in the last minute (the list TTL); any write through these tools drops the "
      "store's cached pages. Acts on `store` if given, else the session's active store, else "
      "the default store.";
  spec.input_schema = std::string(R"({"type":"object","properties":{"store":)") +
                      orderdesk::kStorePropertySchema + R"(,
      "code":{"type":"string","minLength":1,"maxLength":2000,
        "description":"Only products with these SKU codes: one code, or several separated by commas. Matched whole."},
      "limit":{"type":"integer","minimum":1,"maximum":500,"default":50,
        "description":"Products per page, 1 to 500."},
      "offset":{"type":"integer","minimum":0,"maximum":100000000,"default":0,
        "description":"How many products to skip: 0 for the first page, then next_offset."}},
      "additionalProperties":false})";
  spec.output_schema =
      std::string(R"({"type":"object","properties":{)") + orderdesk::kChosenStoreProperties + R"(,
      "products":{"type":"array","items":)" +
      kProductSchema + R"(},
      "returned":{"type":"integer","description":"Products on this page."},
      "offset":{"type":"integer"},
      "limit":{"type":"integer"},
      "next_offset":{"type":["integer","null"],"description":"The offset of the next page; null when this page was the last."},
      "total_records":{"type":["integer","null"],"description":"OrderDesk's count of matching products; a hint only, since OrderDesk's inventory count is not always exact."},
      "cached":{"type":"boolean","description":"Whether the page came from the cache rather than OrderDesk."}},
      "required":[)" +
      orderdesk::kChosenStoreRequired +
      R"(,"products","returned","offset","limit","next_offset","total_records","cached"]})";
  return {spec, &Run};
}

}  // namespace odmcp::products
