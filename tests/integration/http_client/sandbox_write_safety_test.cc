// Writes are never repeated once they may have reached the server: the
// sandbox drops a POST's connection after applying it (the case where a
// blind retry duplicates an order) or before applying it (which the client
// cannot tell apart), and the client reports the failure instead of
// sending the POST again.

#include <string>

#include "gmock/gmock.h"
#include "tests/integration/http_client/sandbox_fixture.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using SandboxWriteSafetyTest = SandboxFixture;

int64_t OrdersWithSourceId(sandbox::testing::ApiClient& demo, const std::string& source_id) {
  const sandbox::testing::Reply reply = demo.Get("/api/v2/orders?source_id=" + source_id);
  EXPECT_EQ(reply.status, 200) << reply.body;
  return reply.json["total_records"].GetInt64();
}

TEST_F(SandboxWriteSafetyTest, APostWhoseReplyIsLostIsNotRepeated) {
  HttpClient client(FastRetries());
  SetFaults(R"({"drops": {"after_rate": 1.0}, "match": {"methods": ["POST"]}, "max_injections": 1})");

  const HttpOutcome outcome = client.Fetch(DemoRequest("POST", "/api/v2/orders", NewOrderBody("DROP-AFTER-1")));
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_EQ(outcome.response, nullptr);
  EXPECT_THAT(outcome.error, HasSubstr("POST request to " + sandbox_.base_url()));
  EXPECT_THAT(outcome.error, HasSubstr("not retried"));
  EXPECT_THAT(outcome.error, HasSubstr("(after 1 attempt)"));

  EXPECT_EQ(RouteCount("POST /orders"), 1);
  EXPECT_EQ(FaultCount("drops_after"), 1);
  EXPECT_EQ(client.stats().upstream_attempts, 1u);
  EXPECT_EQ(OrdersWithSourceId(demo_, "DROP-AFTER-1"), 1) << "the write was applied exactly once";
}

TEST_F(SandboxWriteSafetyTest, APostDroppedBeforeProcessingIsNotRepeatedEither) {
  HttpClient client(FastRetries());
  SetFaults(R"({"drops": {"before_rate": 1.0}, "match": {"methods": ["POST"]}, "max_injections": 1})");

  const HttpOutcome outcome = client.Fetch(DemoRequest("POST", "/api/v2/orders", NewOrderBody("DROP-BEFORE-1")));
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_THAT(outcome.error, HasSubstr("not retried"));
  EXPECT_EQ(client.stats().upstream_attempts, 1u);

  // The sandbox counts a request when it has read it, before deciding to
  // drop it: the one POST sent is counted once, and was not applied.
  EXPECT_EQ(RouteCount("POST /orders"), 1);
  EXPECT_EQ(FaultCount("drops_before"), 1);
  EXPECT_EQ(OrdersWithSourceId(demo_, "DROP-BEFORE-1"), 0);
}

TEST_F(SandboxWriteSafetyTest, APutWhoseConnectionDropsIsRetried) {
  // PUT replaces the whole order, so repeating it is harmless: the client
  // retries it, and the retry gets the reply the first attempt lost.
  const std::string id = FirstOrderId();
  const sandbox::testing::Reply order = demo_.Get("/api/v2/orders/" + id);
  ASSERT_EQ(order.status, 200);
  HttpClient client(FastRetries());
  SetFaults(R"({"drops": {"after_rate": 1.0}, "match": {"methods": ["PUT"]}, "max_injections": 1})");

  const HttpOutcome outcome =
      client.Fetch(DemoRequest("PUT", "/api/v2/orders/" + id, sandbox::testing::ToJson(order.json["order"])));
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_EQ(outcome.response->attempts, 2);
  EXPECT_EQ(RouteCount("PUT /orders/{order_id}"), 2);
}

}  // namespace
}  // namespace odmcp::testing
