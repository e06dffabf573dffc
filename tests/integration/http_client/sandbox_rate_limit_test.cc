// 429s from the sandbox: an injected storm with X-Retry-After is waited
// out, for a GET and for a POST (which is then performed once), and the
// sandbox's real per-store bucket (20 tokens, 3 per second) is ridden out
// by retrying.

#include <chrono>
#include <string>

#include "tests/integration/http_client/sandbox_fixture.h"

namespace odmcp::testing {
namespace {

using Clock = std::chrono::steady_clock;
using SandboxRateLimitTest = SandboxFixture;

TEST_F(SandboxRateLimitTest, AGetWaitsOutXRetryAfterThenSucceeds) {
  const std::string id = FirstOrderId();
  HttpClient client(FastRetries());
  SetFaults(R"({"rate_limit_storm": {"rate": 1.0, "retry_after": 1}, "max_injections": 1})");

  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(DemoRequest("GET", "/api/v2/orders/" + id));
  const auto elapsed = Clock::now() - start;
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_EQ(outcome.response->attempts, 2);
  EXPECT_GE(elapsed, std::chrono::milliseconds(1000)) << "X-Retry-After: 1 is a minimum";
  EXPECT_EQ(FaultCount("rate_limit_storms"), 1);
  EXPECT_EQ(RouteCount("GET /orders/{order_id}"), 2);
}

TEST_F(SandboxRateLimitTest, APostGetting429WaitsOutXRetryAfterAndIsSentOnce) {
  // A 429 is a refusal: the write was not performed, so sending it again
  // after the wait cannot repeat it.
  HttpClient client(FastRetries());
  SetFaults(R"({"rate_limit_storm": {"rate": 1.0, "retry_after": 1}, "match": {"methods": ["POST"]},
                "max_injections": 1})");

  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(DemoRequest("POST", "/api/v2/orders", NewOrderBody("STORM-1")));
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->status, 200) << outcome.response->body;
  EXPECT_EQ(outcome.response->attempts, 2);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(1000)) << "X-Retry-After: 1 is a minimum";
  EXPECT_EQ(FaultCount("rate_limit_storms"), 1);

  const HttpOutcome found = client.Fetch(DemoRequest("GET", "/api/v2/orders?source_id=STORM-1"));
  ASSERT_EQ(found.status, ODMCP_OK) << found.error;
  EXPECT_NE(found.response->body.find(R"("total_records":1)"), std::string::npos)
      << "the order exists exactly once: " << found.response->body.substr(0, 300);
}

sandbox::SandboxOptions RateLimited() {
  sandbox::SandboxOptions options = sandbox::testing::TestOptions();
  options.rate_limit = true;
  return options;
}

class SandboxBucketTest : public SandboxFixture {
 protected:
  SandboxBucketTest() : SandboxFixture(RateLimited()) {}
};

TEST_F(SandboxBucketTest, ReadsPastTheBucketWaitAndAllSucceed) {
  HttpClient client(FastRetries());
  // 20 tokens, then 429 with X-Retry-After: 1 until 3 more per second
  // have refilled: 24 reads need two waits of about a second.
  constexpr int kReads = 24;
  int waited_for = 0;
  for (int i = 0; i < kReads; ++i) {
    const HttpOutcome outcome = client.Fetch(DemoRequest("GET", "/api/v2/test"));
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    ASSERT_EQ(outcome.response->status, 200) << outcome.response->body;
    waited_for += outcome.response->attempts - 1;
  }
  EXPECT_GE(waited_for, 1);
  EXPECT_EQ(ResponseCount(429), waited_for);
  EXPECT_EQ(ResponseCount(200), kReads);
}

}  // namespace
}  // namespace odmcp::testing
