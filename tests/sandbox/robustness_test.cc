// Copyright 2026 The orderdesk-mcp Authors.
//
// Hostile input never crashes the sandbox and never gets anything but an
// OrderDesk-shaped reply: truncated and mutated bodies, wrong types,
// absurd numbers, invalid UTF-8, pathological nesting, garbage in paths and
// query strings.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/deterministic_random.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

class RobustnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reply page = client_.Get("/api/v2/orders?limit=1");
    order_id_ = StringField(page.json["orders"][0], "id");
    item_id_ = StringField(page.json["orders"][0]["order_items"][0], "id");
  }

  // Sends `body` to every route that takes one and checks each reply.
  void SendEverywhere(const std::string& body) {
    const std::string order = "/api/v2/orders/" + order_id_;
    const std::vector<std::pair<std::string, std::string>> targets = {
        {"POST", "/api/v2/orders"},
        {"PUT", order},
        {"POST", order + "/order-history"},
        {"POST", order + "/order-items"},
        {"PUT", order + "/order-items/" + item_id_},
        {"POST", order + "/shipments"},
        {"POST", "/api/v2/batch-shipments"},
        {"POST", "/api/v2/inventory-items"},
        {"PUT", "/api/v2/inventory-items/2001"},
        {"PUT", "/api/v2/batch-inventory-items"},
        {"POST", "/api/v2/move-orders"},
    };
    for (const auto& [method, path] : targets) ExpectWellFormed(client_.Send(method, path, body), method + " " + path);
  }

  void ExpectWellFormed(const Reply& reply, const std::string& what) {
    ASSERT_NE(reply.status, -1) << what << ": no reply (" << httplib::to_string(reply.error) << ")";
    EXPECT_TRUE(reply.status == 200 || reply.status == 400 || reply.status == 404) << what << ": " << reply.status;
    ASSERT_TRUE(reply.json.IsObject()) << what << ": not a JSON object: " << reply.body.substr(0, 200);
    rapidjson::Document strict;
    strict.Parse<rapidjson::kParseValidateEncodingFlag>(reply.body.c_str());
    EXPECT_FALSE(strict.HasParseError()) << what << ": the reply is not valid UTF-8";
    const std::string status = reply.json_status();
    EXPECT_TRUE(status == (reply.status == 200 ? "success" : "error")) << what << ": " << reply.body.substr(0, 200);
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  std::string order_id_;
  std::string item_id_;
};

TEST_F(RobustnessTest, StructurallyWrongBodies) {
  for (const std::string& body :
       {std::string(""), std::string("null"), std::string("123"), std::string("\"text\""), std::string("[]"),
        std::string("{}"), std::string("[{}]"), std::string("{\"order_items\": {}}"),
        std::string("{\"order_items\": [1, 2]}"), std::string("{\"shipping\": []}"), std::string("{\"shipping\": 5}"),
        std::string("{\"order_id_list\": \"1,2\"}"), std::string("[{\"order_id\": {}}]"),
        std::string("{\"customer\": {\"first_name\": [\"A\"]}}"), std::string("{\"email\": true}")}) {
    SendEverywhere(body);
  }
}

TEST_F(RobustnessTest, AbsurdNumbersAreRejectedNotOverflowed) {
  const std::string names = R"("customer": {"company": "Acme"})";
  for (const std::string& item :
       {std::string(R"({"name": "x", "price": 1e400})"), std::string(R"({"name": "x", "price": -1e300})"),
        std::string(R"({"name": "x", "price": 99999999999, "quantity": 100000})"),
        std::string(R"({"name": "x", "quantity": 9223372036854775807})"),
        std::string(R"({"name": "x", "quantity": 1e30})"), std::string(R"({"name": "x", "weight": "NaN"})"),
        std::string(R"({"name": "x", "price": "1e999"})")}) {
    Reply reply = client_.Post("/api/v2/orders", "{" + names + ", \"order_items\": [" + item + "]}");
    EXPECT_EQ(reply.status, 400) << item << ": " << reply.body;
  }
  // The largest accepted values still give exact totals.
  std::string items;
  for (int i = 0; i < 1000; ++i) items += std::string(i ? "," : "") + R"({"price": 100000000, "quantity": 100000})";
  Reply largest = client_.Post("/api/v2/orders", "{" + names + ", \"order_items\": [" + items + "]}");
  ASSERT_EQ(largest.status, 200) << largest.body.substr(0, 300);
  EXPECT_EQ(largest.json["order"]["product_total"].GetDouble(), 1e16);
  Reply too_many = client_.Post("/api/v2/orders", "{" + names + ", \"order_items\": [" + items + ",{}]}");
  EXPECT_EQ(too_many.status, 400);
}

TEST_F(RobustnessTest, InvalidUtf8AndDeepNestingAreRejected) {
  SendEverywhere("{\"email\": \"\xff\xfe\", \"name\": \"\xc3\"}");
  const std::string deep_array = std::string(200000, '[') + std::string(200000, ']');
  SendEverywhere(deep_array);
  const std::string deep_map = R"({"customer": {"company": "A"}, "order_items": [{"name": "x", "metadata": )" +
                               std::string(100000, '[') + std::string(100000, ']') + "}]}";
  Reply reply = client_.Post("/api/v2/orders", deep_map);
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.message().find("nested"), std::string::npos) << reply.body;
}

TEST_F(RobustnessTest, TruncatedAndMutatedOrdersNeverBreakTheServer) {
  const std::string valid = ReferenceOrderBody();
  for (size_t cut = 0; cut < valid.size(); cut += 97) SendEverywhere(valid.substr(0, cut));
  DeterministicRandom random(2026);
  for (int round = 0; round < 150; ++round) {
    std::string mutated = valid;
    for (int edit = 0; edit < 3; ++edit) {
      const size_t at = random.Below(mutated.size());
      switch (random.Below(3)) {
        case 0: mutated[at] = static_cast<char>(random.Below(256)); break;
        case 1: mutated.erase(at, 1); break;
        default: mutated.insert(at, 1, "{}[]\",:0e-\\"[random.Below(11)]); break;
      }
    }
    ExpectWellFormed(client_.Post("/api/v2/orders", mutated), "mutated POST /orders round " + std::to_string(round));
    ExpectWellFormed(client_.Put("/api/v2/orders/" + order_id_, mutated), "mutated PUT round " + std::to_string(round));
  }
  EXPECT_EQ(client_.Get("/api/v2/test").status, 200);
}

TEST_F(RobustnessTest, GarbageInPathsAndQueries) {
  for (const char* path : {"/api/v2/orders/%FF", "/api/v2/orders/99999999999999999999999999", "/api/v2/orders/-1",
                           "/api/v2/orders/0x10", "/api/v2/orders/1e3", "/api/v2/orders//order-items",
                           "/api/v2/inventory-items/%00", "/api/v2/orders?limit=%00", "/api/v2/orders?limit=99999999999999999999",
                           "/api/v2/orders?offset=99999999999999999999", "/api/v2/orders?search_start_date=%FF%FE",
                           "/api/v2/orders?folder_id=%2C%2C", "/api/v2/orders?order_by=", "/api/v2/../../etc/passwd"}) {
    ExpectWellFormed(client_.Get(path), path);
  }
  EXPECT_EQ(client_.Get("/api/v2/test").status, 200);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
