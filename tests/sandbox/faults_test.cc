// Copyright 2026 The orderdesk-mcp Authors.
//
// Fault injection through POST /_sandbox/faults and through the
// command-line options: latency, failures with a chosen status, 429 storms,
// connections dropped before or after the request is applied, targeting by
// method and route, and a cap on injections. Timing assertions are lower
// bounds only.

#include <chrono>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

class FaultsTest : public ::testing::Test {
 protected:
  void SetFaults(const std::string& json) {
    Reply reply = control_.Post("/_sandbox/faults", json);
    ASSERT_EQ(reply.status, 200) << json << ": " << reply.body;
  }

  rapidjson::Document Order(const std::string& id) {
    rapidjson::Document order;
    order.CopyFrom(client_.Get("/api/v2/orders/" + id).json["order"], order.GetAllocator());
    return order;
  }

  std::string FirstOrderId() { return StringField(client_.Get("/api/v2/orders?limit=1").json["orders"][0], "id"); }

  int64_t FaultCount(const char* kind) {
    return control_.Get("/_sandbox/stats").json["faults_injected"][kind].GetInt64();
  }

  TestSandbox sandbox_;
  ApiClient client_{sandbox_.base_url(), DemoStore()};
  ApiClient control_{sandbox_.base_url()};
};

TEST_F(FaultsTest, FixedAndJitteredLatencyDelayReplies) {
  SetFaults(R"({"latency": {"ms": 250}})");
  Clock::time_point start = Clock::now();
  EXPECT_EQ(client_.Get("/api/v2/test").status, 200);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(250));

  SetFaults(R"({"latency": {"ms": 200, "jitter_ms": 100}})");
  for (int i = 0; i < 3; ++i) {
    start = Clock::now();
    EXPECT_EQ(client_.Get("/api/v2/test").status, 200);
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(100));
  }
  EXPECT_EQ(FaultCount("latency"), 4);
}

TEST_F(FaultsTest, FailuresUseTheChosenStatusAndAreNotApplied) {
  const std::string id = FirstOrderId();
  rapidjson::Document order = Order(id);
  const std::string email = StringField(order, "email");
  for (int status : {500, 502, 503, 504}) {
    SetFaults(R"({"failures": {"rate": 1, "status": )" + std::to_string(status) + "}}");
    order["email"].SetString("failed@example.com");
    Reply reply = client_.Put("/api/v2/orders/" + id, ToJson(order));
    EXPECT_EQ(reply.status, status);
    EXPECT_EQ(reply.json_status(), "error");
    EXPECT_THAT(reply.message(), HasSubstr(std::to_string(status)));
  }
  SetFaults("{}");
  EXPECT_EQ(StringField(Order(id), "email"), email);
  EXPECT_EQ(FaultCount("failures"), 4);
}

TEST_F(FaultsTest, RateLimitStormAnswers429EvenWithTheLimitOff) {
  SetFaults(R"({"rate_limit_storm": {"rate": 1, "retry_after": 7}})");
  for (int i = 0; i < 3; ++i) {
    Reply reply = client_.Get("/api/v2/test");
    EXPECT_EQ(reply.status, 429);
    EXPECT_EQ(reply.header("X-Retry-After"), "7");
    EXPECT_EQ(reply.header("X-Tokens-Remaining"), "0");
    EXPECT_EQ(reply.message(), "Rate limit exceeded");
  }
  SetFaults("{}");
  EXPECT_EQ(client_.Get("/api/v2/test").status, 200);
}

TEST_F(FaultsTest, DropBeforeProcessingLosesTheWrite) {
  const std::string id = FirstOrderId();
  rapidjson::Document order = Order(id);
  const std::string email = StringField(order, "email");
  SetFaults(R"({"drops": {"before_rate": 1}, "match": {"methods": ["PUT"]}})");
  order["email"].SetString("dropped-before@example.com");
  Reply reply = client_.Put("/api/v2/orders/" + id, ToJson(order));
  EXPECT_EQ(reply.status, -1) << "the connection should close without a reply: " << reply.body;
  EXPECT_NE(reply.error, httplib::Error::Success);
  // Only PUT is targeted: reads still work while the fault is set.
  EXPECT_EQ(StringField(Order(id), "email"), email);
  EXPECT_EQ(FaultCount("drops_before"), 1);
}

TEST_F(FaultsTest, DropAfterProcessingAppliesTheWrite) {
  const std::string id = FirstOrderId();
  rapidjson::Document order = Order(id);
  SetFaults(R"({"drops": {"after_rate": 1}, "match": {"routes": ["PUT /orders/{order_id}", "POST /orders"]}})");
  order["email"].SetString("dropped-after@example.com");
  Reply put = client_.Put("/api/v2/orders/" + id, ToJson(order));
  EXPECT_EQ(put.status, -1) << "the connection should close without a reply: " << put.body;
  EXPECT_EQ(StringField(Order(id), "email"), "dropped-after@example.com");

  // A create whose reply is lost still creates: a client that retries
  // blindly would make a duplicate (here refused by source id).
  const int before = client_.Get("/api/v2/orders?limit=1").json["total_records"].GetInt();
  const std::string body = R"({"source_name": "Shopify", "source_id": "LOST-REPLY-1",
    "customer": {"company": "Acme"}, "order_items": [{"name": "Mug", "price": 1}]})";
  EXPECT_EQ(client_.Post("/api/v2/orders", body).status, -1);
  EXPECT_EQ(client_.Get("/api/v2/orders?limit=1").json["total_records"].GetInt(), before + 1);
  EXPECT_EQ(client_.Get("/api/v2/orders?source_id=LOST-REPLY-1").json["total_records"].GetInt(), 1);
  SetFaults("{}");
  Reply retry = client_.Post("/api/v2/orders", body);
  EXPECT_EQ(retry.status, 400);
  EXPECT_THAT(retry.message(), HasSubstr("Duplicate order"));
  EXPECT_EQ(FaultCount("drops_after"), 2);
}

TEST_F(FaultsTest, RouteAndMethodFiltersAndTheInjectionCap) {
  SetFaults(R"({"failures": {"rate": 1, "status": 502}, "match": {"routes": ["GET /orders/{order_id}"]},
                "max_injections": 2})");
  const std::string id = FirstOrderId();
  EXPECT_EQ(client_.Get("/api/v2/orders?limit=1").status, 200) << "other routes are not targeted";
  EXPECT_EQ(client_.Get("/api/v2/orders/" + id).status, 502);
  EXPECT_EQ(client_.Get("/api/v2/orders/" + id).status, 502);
  EXPECT_EQ(client_.Get("/api/v2/orders/" + id).status, 200) << "two injections, then none";
  Reply config = control_.Get("/_sandbox/faults");
  EXPECT_EQ(config.json["remaining_injections"].GetInt(), 0);
  EXPECT_EQ(config.json["max_injections"].GetInt(), 2);
}

TEST_F(FaultsTest, PartialRatesFailSomeRequestsButNotAll) {
  SetFaults(R"({"failures": {"rate": 0.5, "status": 503}})");
  int failed = 0;
  for (int i = 0; i < 200; ++i) failed += client_.Get("/api/v2/test").status == 503 ? 1 : 0;
  // Binomial(200, 0.5): outside [40, 160] with probability below 1e-17.
  EXPECT_GT(failed, 40);
  EXPECT_LT(failed, 160);
}

TEST_F(FaultsTest, BadFaultSettingsAre400AndLeaveTheOldOnes) {
  SetFaults(R"({"latency": {"ms": 1}})");
  const std::string before = control_.Get("/_sandbox/faults").body;
  for (const char* body : {R"({"failures": {"rate": 2}})", R"({"failures": {"status": 418}})",
                           R"({"latency": {"ms": -5}})", R"({"latnecy": {"ms": 5}})", R"({"drops": {"sometimes": 1}})",
                           R"({"match": {"methods": ["BREW"]}})", R"({"match": {"routes": ["GET /nowhere"]}})",
                           R"({"max_injections": -1})", "[]", "not json"}) {
    Reply reply = control_.Post("/_sandbox/faults", body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.json_status(), "error") << body;
  }
  EXPECT_THAT(control_.Post("/_sandbox/faults", R"({"latnecy": {}})").message(), HasSubstr("latnecy"));
  EXPECT_EQ(control_.Get("/_sandbox/faults").body, before);
}

TEST(FaultOptionsTest, CommandLineFaultsApplyFromTheStart) {
  SandboxOptions options = TestOptions();
  options.faults.failure_rate = 1;
  options.faults.failure_status = 504;
  options.faults.latency_ms = 150;
  TestSandbox sandbox(options);
  ApiClient client(sandbox.base_url(), DemoStore());
  const Clock::time_point start = Clock::now();
  EXPECT_EQ(client.Get("/api/v2/test").status, 504);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(150));
}

}  // namespace
}  // namespace odmcp::sandbox::testing
