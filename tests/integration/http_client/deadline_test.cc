// Deadlines and per-attempt timeouts: a slow server costs a caller no more
// than its deadline, no attempt starts after it, and a read timeout ends
// one attempt (retried only if the request is idempotent).

#include <atomic>
#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/services/http_client/deadline.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class DeadlineTest : public ::testing::Test {
 protected:
  // /slow answers after `delay` the first `slow_calls` times, then at once.
  void ServeSlow(milliseconds delay, int slow_calls) {
    auto handler = [=, this](const httplib::Request&, httplib::Response& response) {
      if (calls_.fetch_add(1) < slow_calls) std::this_thread::sleep_for(delay);
      response.set_content("done", "text/plain");
    };
    server_.server().Get("/slow", handler).Post("/slow", handler);
    server_.Start();
  }

  std::atomic<int> calls_{0};
  LoopbackServer server_;
};

TEST_F(DeadlineTest, ASlowServerCostsNoMoreThanTheDeadline) {
  ServeSlow(milliseconds(800), 100);
  HttpClient client(FastRetries());
  HttpRequest request = Get(server_.Url("/slow"));
  request.deadline_unix_ms = NowUnixMs() + 250;
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(request);
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(outcome.status, ODMCP_DEADLINE_EXCEEDED) << outcome.error;
  EXPECT_THAT(outcome.error, HasSubstr("GET request to " + server_.Url("") + " missed its deadline"));
  EXPECT_GE(elapsed, milliseconds(240));
  EXPECT_LT(elapsed, milliseconds(600)) << "the read timeout was cut to the time left";
  EXPECT_EQ(client.stats().upstream_attempts, 1u) << "no attempt after the deadline";
}

TEST_F(DeadlineTest, ADeadlineAlreadyPastSendsNothing) {
  ServeSlow(milliseconds(0), 0);
  HttpClient client;
  HttpRequest request = Get(server_.Url("/slow"));
  request.deadline_unix_ms = NowUnixMs() - 1;
  const HttpOutcome outcome = client.Fetch(request);
  EXPECT_EQ(outcome.status, ODMCP_DEADLINE_EXCEEDED);
  EXPECT_THAT(outcome.error, HasSubstr("(after 0 attempts)"));
  EXPECT_EQ(server_.requests(), 0);
}

TEST_F(DeadlineTest, AReadTimeoutEndsTheAttemptAndAGetTriesAgain) {
  ServeSlow(milliseconds(600), 1);
  HttpClient client(FastRetries());
  HttpRequest request = Get(server_.Url("/slow"));
  request.timeout_ms = 150;
  const HttpOutcome outcome = client.Fetch(request);
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->body, "done");
  EXPECT_EQ(outcome.response->attempts, 2);
}

TEST_F(DeadlineTest, AReadTimeoutEndsAPostWithoutARetry) {
  ServeSlow(milliseconds(600), 100);
  HttpClient client(FastRetries());
  HttpRequest request = Get(server_.Url("/slow"));
  request.method = "POST";
  request.timeout_ms = 150;
  const HttpOutcome outcome = client.Fetch(request);
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_THAT(outcome.error, HasSubstr("no response within 150 ms"));
  EXPECT_THAT(outcome.error, HasSubstr("not retried"));
  EXPECT_EQ(client.stats().upstream_attempts, 1u);
}

TEST_F(DeadlineTest, RetriesStopWhenTheBackoffWouldPassTheDeadline) {
  // The server is down; backoff waits of up to a second, 300 ms to go.
  const std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/";
  HttpClientOptions options;
  options.backoff_base_ms = 1000;
  options.backoff_cap_ms = 1000;
  options.max_attempts = 100;
  HttpClient client(options);
  HttpRequest request = Get(url);
  request.deadline_unix_ms = NowUnixMs() + 300;
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(request);
  EXPECT_LT(Clock::now() - start, milliseconds(450));
  // Either a backoff did not fit (the connection failure is reported), or
  // the retries it made used up the time.
  EXPECT_TRUE(outcome.status == ODMCP_UNAVAILABLE || outcome.status == ODMCP_DEADLINE_EXCEEDED) << outcome.error;
  if (outcome.status == ODMCP_UNAVAILABLE) {
    EXPECT_THAT(outcome.error, HasSubstr("no time left to retry"));
  }
}

}  // namespace
}  // namespace odmcp::testing
