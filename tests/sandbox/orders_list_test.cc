// Copyright 2026 The orderdesk-mcp Authors.
//
// GET /orders: paging, sorting and every documented filter. Each query's
// answer is checked against the same query worked out in the test from the
// full list of orders, so the index-based search is compared with a plain
// scan.

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sandbox/text_util.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;
using OrderPredicate = std::function<bool(const rapidjson::Value&)>;

std::string AsciiUpper(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return text;
}

std::string Nested(const rapidjson::Value& order, const char* object, const char* key) {
  return StringField(order[object], key);
}

class OrdersListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    orders_ = FetchAllOrders(client_);
    ASSERT_EQ(orders_.size(), 300u);
  }

  std::vector<std::string> IdsOf(const Reply& reply) {
    std::vector<std::string> ids;
    if (!reply.json.IsObject() || !reply.json.HasMember("orders")) return ids;
    for (const rapidjson::Value& order : reply.json["orders"].GetArray()) ids.push_back(StringField(order, "id"));
    return ids;
  }

  // Ids of the orders matching `predicate`, newest first (the default order).
  std::vector<std::string> Expected(const OrderPredicate& predicate) {
    std::vector<const rapidjson::Value*> matches;
    for (const auto& order : orders_) {
      if (predicate(order)) matches.push_back(&order);
    }
    std::sort(matches.begin(), matches.end(), [](const rapidjson::Value* a, const rapidjson::Value* b) {
      const std::string da = StringField(*a, "date_added");
      const std::string db = StringField(*b, "date_added");
      if (da != db) return da > db;
      return std::stoll(StringField(*a, "id")) > std::stoll(StringField(*b, "id"));
    });
    std::vector<std::string> ids;
    for (const rapidjson::Value* order : matches) ids.push_back(StringField(*order, "id"));
    return ids;
  }

  // Runs `query` (with limit=500) and checks ids, order and total_records
  // against `predicate`; the predicate must select at least one order and
  // not all of them, so the filter is really exercised.
  void ExpectFilter(const std::string& query, const OrderPredicate& predicate) {
    const std::vector<std::string> expected = Expected(predicate);
    EXPECT_FALSE(expected.empty()) << query << " selects nothing in the seeded data; pick another value";
    EXPECT_LT(expected.size(), orders_.size()) << query << " selects every order";
    Reply reply = client_.Get("/api/v2/orders?limit=500&" + query);
    ASSERT_EQ(reply.status, 200) << query << ": " << reply.body;
    EXPECT_EQ(IdsOf(reply), expected) << query;
    EXPECT_EQ(reply.json["total_records"].GetInt64(), static_cast<int64_t>(expected.size())) << query;
  }

  const rapidjson::Value& OrderAt(size_t index) { return orders_[index]; }

  int64_t FolderIdNamed(const std::string& name) {
    const Reply store = client_.Get("/api/v2/store");
    const rapidjson::Value& folders = store.json["store"]["folders"];
    for (auto it = folders.MemberBegin(); it != folders.MemberEnd(); ++it) {
      if (name == it->value.GetString()) return std::stoll(it->name.GetString());
    }
    ADD_FAILURE() << "no folder " << name;
    return 0;
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  std::vector<rapidjson::Document> orders_;
};

TEST_F(OrdersListTest, DefaultsToFiftyNewestFirstWithListMetadata) {
  Reply reply = client_.Get("/api/v2/orders");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json_status(), "success");
  EXPECT_THAT(reply.message(), ::testing::MatchesRegex("Execution took [0-9]+\\.[0-9]{4} seconds"));
  EXPECT_EQ(reply.json["total_records"].GetInt(), 300);
  EXPECT_EQ(reply.json["records_returned"].GetInt(), 50);
  EXPECT_EQ(reply.json["offset"].GetInt(), 0);
  EXPECT_EQ(reply.json["limit"].GetInt(), 50);
  std::vector<std::string> newest = Expected([](const rapidjson::Value&) { return true; });
  newest.resize(50);
  EXPECT_EQ(IdsOf(reply), newest);
}

TEST_F(OrdersListTest, OffsetAndLimitPage) {
  const std::vector<std::string> all = Expected([](const rapidjson::Value&) { return true; });
  Reply second_page = client_.Get("/api/v2/orders?limit=40&offset=40");
  EXPECT_EQ(IdsOf(second_page), std::vector<std::string>(all.begin() + 40, all.begin() + 80));
  EXPECT_EQ(second_page.json["offset"].GetInt(), 40);
  EXPECT_EQ(second_page.json["limit"].GetInt(), 40);
  Reply last_page = client_.Get("/api/v2/orders?limit=40&offset=280");
  EXPECT_EQ(last_page.json["records_returned"].GetInt(), 20);
  Reply past_the_end = client_.Get("/api/v2/orders?offset=1000");
  EXPECT_EQ(past_the_end.status, 200);
  EXPECT_EQ(past_the_end.json["records_returned"].GetInt(), 0);
  EXPECT_EQ(past_the_end.json["total_records"].GetInt(), 300);
  EXPECT_EQ(client_.Get("/api/v2/orders?limit=500").json["records_returned"].GetInt(), 300);
}

TEST_F(OrdersListTest, InvalidPagingAndSortingAre400) {
  for (const char* query : {"limit=501", "limit=0", "limit=abc", "limit=-5", "limit=10.5", "offset=-1",
                            "offset=x", "order=UP", "order_by=favourite_colour", "folder_id=abc",
                            "folder_id=1,,x", "search_start_date=yesterday", "modified_end_date=2025-13-01",
                            "search_end_date_local=2025-02-30"}) {
    Reply reply = client_.Get(std::string("/api/v2/orders?") + query);
    EXPECT_EQ(reply.status, 400) << query;
    EXPECT_EQ(reply.json_status(), "error") << query;
    const std::string parameter = std::string(query).substr(0, std::string(query).find('='));
    EXPECT_THAT(reply.message(), HasSubstr(parameter)) << query;
  }
  EXPECT_THAT(client_.Get("/api/v2/orders?limit=501").message(), HasSubstr("1 to 500"));
}

TEST_F(OrdersListTest, SortsByAnyDocumentedFieldBothWays) {
  auto sorted_ids = [this](const std::function<std::string(const rapidjson::Value&)>& key, bool descending) {
    std::vector<const rapidjson::Value*> all;
    for (const auto& order : orders_) all.push_back(&order);
    std::sort(all.begin(), all.end(), [&](const rapidjson::Value* a, const rapidjson::Value* b) {
      const int comparison = CompareIgnoreCase(key(*a), key(*b));
      const int64_t ia = std::stoll(StringField(*a, "id"));
      const int64_t ib = std::stoll(StringField(*b, "id"));
      if (comparison != 0) return descending ? comparison > 0 : comparison < 0;
      return descending ? ia > ib : ia < ib;
    });
    std::vector<std::string> ids;
    for (const rapidjson::Value* order : all) ids.push_back(StringField(*order, "id"));
    return ids;
  };
  const auto last_name = [](const rapidjson::Value& o) { return Nested(o, "shipping", "last_name"); };
  EXPECT_EQ(IdsOf(client_.Get("/api/v2/orders?limit=500&order_by=shipping_last_name&order=ASC")),
            sorted_ids(last_name, false));
  EXPECT_EQ(IdsOf(client_.Get("/api/v2/orders?limit=500&order_by=shipping_last_name")), sorted_ids(last_name, true));
  const auto added = [](const rapidjson::Value& o) { return StringField(o, "date_added"); };
  EXPECT_EQ(IdsOf(client_.Get("/api/v2/orders?limit=500&order=asc")), sorted_ids(added, false));
  const auto updated = [](const rapidjson::Value& o) { return StringField(o, "date_updated"); };
  EXPECT_EQ(IdsOf(client_.Get("/api/v2/orders?limit=500&order_by=date_updated&order=ASC")),
            sorted_ids(updated, false));
  const auto email = [](const rapidjson::Value& o) { return StringField(o, "email"); };
  EXPECT_EQ(IdsOf(client_.Get("/api/v2/orders?limit=500&order_by=email")), sorted_ids(email, true));

  // Numbers sort as numbers.
  Reply by_total = client_.Get("/api/v2/orders?limit=500&order_by=order_total&order=ASC");
  double previous = -1;
  for (const rapidjson::Value& order : by_total.json["orders"].GetArray()) {
    EXPECT_GE(order["order_total"].GetDouble(), previous);
    previous = order["order_total"].GetDouble();
  }
}

TEST_F(OrdersListTest, FiltersByFolderIdListAndFolderName) {
  const int64_t closed = FolderIdNamed("Closed");
  const int64_t canceled = FolderIdNamed("Canceled");
  ExpectFilter("folder_id=" + std::to_string(closed),
               [&](const rapidjson::Value& o) { return o["folder_id"].GetInt64() == closed; });
  ExpectFilter("folder_id=" + std::to_string(closed) + "," + std::to_string(canceled), [&](const rapidjson::Value& o) {
    return o["folder_id"].GetInt64() == closed || o["folder_id"].GetInt64() == canceled;
  });
  ExpectFilter("folder_name=Canceled", [&](const rapidjson::Value& o) { return o["folder_id"].GetInt64() == canceled; });
  // Folder names must match exactly; an unknown name matches nothing.
  EXPECT_EQ(client_.Get("/api/v2/orders?folder_name=canceled").json["total_records"].GetInt(), 0);
  EXPECT_EQ(client_.Get("/api/v2/orders?folder_id=999999").json["total_records"].GetInt(), 0);
}

TEST_F(OrdersListTest, FiltersByExactValuesIgnoringCase) {
  const rapidjson::Value& sample = OrderAt(17);
  const std::string email = StringField(sample, "email");
  ExpectFilter("email=" + httplib::detail::encode_query_param(AsciiUpper(email)),
               [&](const rapidjson::Value& o) { return StringField(o, "email") == email; });
  const std::string customer_id = StringField(sample, "customer_id");
  ExpectFilter("customer_id=" + customer_id,
               [&](const rapidjson::Value& o) { return StringField(o, "customer_id") == customer_id; });
  const std::string source_id = StringField(sample, "source_id");
  ExpectFilter("source_id=" + httplib::detail::encode_query_param(source_id),
               [&](const rapidjson::Value& o) { return StringField(o, "source_id") == source_id; });
  ExpectFilter("source_name=shopify", [](const rapidjson::Value& o) { return StringField(o, "source_name") == "Shopify"; });
  ExpectFilter("source_name=Order%20Desk",
               [](const rapidjson::Value& o) { return StringField(o, "source_name") == "Order Desk"; });
  // Exact, not partial.
  EXPECT_EQ(client_.Get("/api/v2/orders?email=" + email.substr(0, 5)).json["total_records"].GetInt(), 0);
}

TEST_F(OrdersListTest, FiltersAddressFieldsBySubstringIgnoringCase) {
  const rapidjson::Value& sample = OrderAt(42);
  struct Case {
    const char* parameter;
    const char* object;
    const char* key;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {"customer_first_name", "customer", "first_name", AsciiLower(Nested(sample, "customer", "first_name"))},
      {"customer_last_name", "customer", "last_name", AsciiLower(Nested(sample, "customer", "last_name").substr(1, 3))},
      {"customer_address1", "customer", "address1", Nested(sample, "customer", "address1").substr(0, 4)},
      {"customer_phone", "customer", "phone", Nested(sample, "customer", "phone").substr(0, 3)},
      {"shipping_first_name", "shipping", "first_name", AsciiUpper(Nested(sample, "shipping", "first_name"))},
      {"shipping_last_name", "shipping", "last_name", Nested(sample, "shipping", "last_name")},
      {"shipping_address1", "shipping", "address1", "maple"},
      {"shipping_phone", "shipping", "phone", Nested(sample, "shipping", "phone").substr(8)},
      {"shipping_company", "shipping", "company", "bakery"},
      {"customer_company", "customer", "company", "o"},
  };
  for (const Case& c : cases) {
    ExpectFilter(std::string(c.parameter) + "=" + httplib::detail::encode_query_param(c.needle),
                 [&c](const rapidjson::Value& o) {
                   return ContainsIgnoreCase(Nested(o, c.object, c.key), AsciiLower(c.needle));
                 });
  }
}

TEST_F(OrdersListTest, FiltersByDateAddedAndDateModifiedInclusive) {
  const std::string start = StringField(OrderAt(200), "date_added");
  const std::string end = StringField(OrderAt(100), "date_added");
  auto added_between = [&](const rapidjson::Value& o) {
    return StringField(o, "date_added") >= start && StringField(o, "date_added") <= end;
  };
  ExpectFilter("search_start_date=" + httplib::detail::encode_query_param(start) +
                   "&search_end_date=" + httplib::detail::encode_query_param(end),
               added_between);
  // The bounds are inclusive: the two orders at the bounds are included.
  const std::vector<std::string> ids = Expected(added_between);
  EXPECT_EQ(ids.front(), StringField(OrderAt(100), "id"));
  EXPECT_EQ(ids.back(), StringField(OrderAt(200), "id"));

  // A bare date means midnight; ISO 8601 with a zone is accepted.
  ExpectFilter("search_start_date=2025-06-01",
               [](const rapidjson::Value& o) { return StringField(o, "date_added") >= "2025-06-01 00:00:00"; });
  ExpectFilter("search_end_date=2025-03-01T12:00:00.000Z",
               [](const rapidjson::Value& o) { return StringField(o, "date_added") <= "2025-03-01 12:00:00"; });
  ExpectFilter("search_start_date=2025-03-01T12:00:00%2B02:00",
               [](const rapidjson::Value& o) { return StringField(o, "date_added") >= "2025-03-01 10:00:00"; });

  const std::string modified = StringField(OrderAt(150), "date_updated");
  ExpectFilter("modified_start_date=" + httplib::detail::encode_query_param(modified),
               [&](const rapidjson::Value& o) { return StringField(o, "date_updated") >= modified; });
  ExpectFilter("modified_end_date=" + httplib::detail::encode_query_param(modified),
               [&](const rapidjson::Value& o) { return StringField(o, "date_updated") <= modified; });
}

TEST_F(OrdersListTest, LocalDateFiltersUseTheStoreTimeZone) {
  // America/Los_Angeles: midnight on 1 July (PDT) is 07:00 UTC, midnight on
  // 1 February (PST) is 08:00 UTC.
  ExpectFilter("search_start_date_local=2025-07-01",
               [](const rapidjson::Value& o) { return StringField(o, "date_added") >= "2025-07-01 07:00:00"; });
  ExpectFilter("search_end_date_local=2025-02-01%2000:00:00",
               [](const rapidjson::Value& o) { return StringField(o, "date_added") <= "2025-02-01 08:00:00"; });
}

TEST_F(OrdersListTest, FiltersCombineWithAnd) {
  const int64_t closed = FolderIdNamed("Closed");
  ExpectFilter("folder_id=" + std::to_string(closed) + "&source_name=Shopify&search_start_date=2025-05-01" +
                   "&customer_last_name=a&unknown_parameter=ignored&email=",
               [&](const rapidjson::Value& o) {
                 return o["folder_id"].GetInt64() == closed && StringField(o, "source_name") == "Shopify" &&
                        StringField(o, "date_added") >= "2025-05-01 00:00:00" &&
                        ContainsIgnoreCase(Nested(o, "customer", "last_name"), "a");
               });
}

TEST_F(OrdersListTest, HistoryOnlyWhenAskedFor) {
  Reply plain = client_.Get("/api/v2/orders?limit=5");
  for (const rapidjson::Value& order : plain.json["orders"].GetArray()) EXPECT_FALSE(order.HasMember("order_history"));
  Reply with_history = client_.Get("/api/v2/orders?limit=300&get_order_history=1");
  size_t entries = 0;
  for (const rapidjson::Value& order : with_history.json["orders"].GetArray()) {
    ASSERT_TRUE(order.HasMember("order_history"));
    ASSERT_TRUE(order["order_history"].IsArray());
    entries += order["order_history"].Size();
  }
  EXPECT_GT(entries, 0u) << "seeded closed orders carry a history entry";
}

}  // namespace
}  // namespace odmcp::sandbox::testing
