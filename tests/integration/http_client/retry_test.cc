// Which failures are retried, how often, and how long the client waits:
// against a loopback server answering a scripted sequence of statuses.

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/services/http_client/deadline.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

class RetryTest : public ::testing::Test {
 protected:
  // Serves /flaky: `failures` answers of `status` (with `retry_after`, if
  // not empty, as Retry-After), then 200 "ok". Every method.
  void ServeFlaky(int failures, int status, const std::string& retry_after = "") {
    auto handler = [=, this](const httplib::Request&, httplib::Response& response) {
      if (calls_.fetch_add(1) < failures) {
        response.status = status;
        if (!retry_after.empty()) response.set_header("Retry-After", retry_after);
        response.set_content("try later", "text/plain");
      } else {
        response.set_content("ok", "text/plain");
      }
    };
    server_.server().Get("/flaky", handler).Post("/flaky", handler).Put("/flaky", handler);
    server_.Start();
  }

  HttpRequest Request(const std::string& method) {
    HttpRequest request = Get(server_.Url("/flaky"));
    request.method = method;
    return request;
  }

  std::atomic<int> calls_{0};
  LoopbackServer server_;
};

TEST_F(RetryTest, GetIsRetriedAfter502503And504UntilItSucceeds) {
  for (int status : {502, 503, 504}) {
    calls_ = 0;
    LoopbackServer server;
    server.server().Get("/flaky", [&, status](const httplib::Request&, httplib::Response& response) {
      response.status = calls_.fetch_add(1) < 2 ? status : 200;
    });
    server.Start();
    HttpClient client(FastRetries());
    const HttpOutcome outcome = client.Fetch(Get(server.Url("/flaky")));
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    EXPECT_EQ(outcome.response->status, 200) << status;
    EXPECT_EQ(outcome.response->attempts, 3);
    EXPECT_EQ(client.stats().retries, 2u);
  }
}

TEST_F(RetryTest, AfterTheLastAttemptTheLastResponseIsReturned) {
  ServeFlaky(100, 503);
  HttpClient client(FastRetries());
  const HttpOutcome outcome = client.Fetch(Request("GET"));
  ASSERT_EQ(outcome.status, ODMCP_OK) << "an HTTP error is a response, not a transport failure";
  EXPECT_EQ(outcome.response->status, 503);
  EXPECT_EQ(outcome.response->body, "try later");
  EXPECT_EQ(outcome.response->attempts, 4);
  EXPECT_EQ(server_.requests(), 4);
}

TEST_F(RetryTest, OtherErrorStatusesAreNotRetried) {
  ServeFlaky(100, 500);
  HttpClient client(FastRetries());
  const HttpOutcome outcome = client.Fetch(Request("GET"));
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 500);
  EXPECT_EQ(outcome.response->attempts, 1);
}

TEST_F(RetryTest, APostIsNotRetriedAfterAResponse) {
  ServeFlaky(100, 503);
  HttpClient client(FastRetries());
  const HttpOutcome outcome = client.Fetch(Request("POST"));
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 503);
  EXPECT_EQ(outcome.response->attempts, 1);
  EXPECT_EQ(server_.requests(), 1);
}

TEST_F(RetryTest, APostMarkedIdempotentAndAPutAreRetried) {
  ServeFlaky(2, 503);
  HttpClient client(FastRetries());
  HttpRequest post = Request("POST");
  post.idempotent = true;
  const HttpOutcome outcome = client.Fetch(post);
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_EQ(outcome.response->attempts, 3);

  calls_ = 0;
  const HttpOutcome put = client.Fetch(Request("PUT"));
  ASSERT_EQ(put.status, ODMCP_OK);
  EXPECT_EQ(put.response->status, 200);
  EXPECT_EQ(put.response->attempts, 3);
}

TEST_F(RetryTest, RetryAfterInSecondsIsAMinimumWait) {
  ServeFlaky(1, 429, "1");
  HttpClient client(FastRetries());
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(Request("GET"));
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(1000));
}

TEST_F(RetryTest, RetryAfterAsAnHttpDateIsHonoured) {
  // Two seconds ahead, truncated to the second: a wait of 1 to 2 s.
  const std::time_t when = static_cast<std::time_t>(NowUnixMs() / 1000 + 2);
  std::tm parts{};
  gmtime_r(&when, &parts);
  char date[64];
  std::strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  ServeFlaky(1, 503, date);
  HttpClient client(FastRetries());
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(Request("GET"));
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(900)) << date;
}

TEST_F(RetryTest, ARetryAfterLongerThanTheMaximumReturnsTheResponse) {
  ServeFlaky(1, 429, "120");
  HttpClient client(FastRetries());
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(Request("GET"));
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 429);
  EXPECT_EQ(outcome.response->attempts, 1);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500));
}

TEST_F(RetryTest, ARetryAfterBeyondTheDeadlineReturnsTheResponse) {
  ServeFlaky(1, 503, "5");
  HttpClient client(FastRetries());
  HttpRequest request = Request("GET");
  request.deadline_unix_ms = NowUnixMs() + 2000;
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(request);
  ASSERT_EQ(outcome.status, ODMCP_OK);
  EXPECT_EQ(outcome.response->status, 503);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(500)) << "no point waiting for a retry it cannot make";
}

TEST(RetryConnectTest, FailuresToConnectAreRetriedForEveryMethod) {
  // Nothing was sent, so even a POST may be tried again.
  const std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/orders";
  HttpClient client(FastRetries());
  HttpRequest post = Get(url);
  post.method = "POST";
  post.body = "{}";
  const HttpOutcome outcome = client.Fetch(post);
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_THAT(outcome.error, HasSubstr("(after 4 attempts)"));
  EXPECT_EQ(client.stats().upstream_attempts, 4u);
  EXPECT_EQ(client.stats().retries, 3u);
  EXPECT_EQ(client.stats().connections_opened, 0u);
}

}  // namespace
}  // namespace odmcp::testing
