// Which GETs coalesce: identical ones (headers in any order) that overlap
// in time, or that a caller began before an identical one was sent. Not
// different credentials, not non-GETs, not callers who opt out, and not
// requests that merely follow one another (no caching). A follower keeps
// its own deadline.

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/common/clock.h"
#include "host/services/http_client/deadline.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;

class CoalescingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Slow enough that a second caller arrives while the first waits.
    auto handler = [](const httplib::Request&, httplib::Response& response) {
      std::this_thread::sleep_for(milliseconds(300));
      response.set_content("slow", "text/plain");
    };
    server_.server().Get("/", handler).Put("/", handler);
    server_.Start();
  }

  HttpRequest Request(std::vector<HttpHeader> headers, const std::string& method = "GET") {
    HttpRequest request = Get(server_.Url("/"));
    request.method = method;
    request.headers = std::move(headers);
    return request;
  }

  // Starts `first`, waits until the server has it, then runs `second`.
  std::pair<HttpOutcome, HttpOutcome> Overlapping(const HttpRequest& first, const HttpRequest& second) {
    auto leader = std::async(std::launch::async, [&] { return client_.Fetch(first); });
    while (server_.requests() < 1) std::this_thread::sleep_for(milliseconds(2));
    HttpOutcome other = client_.Fetch(second);
    return {leader.get(), std::move(other)};
  }

  LoopbackServer server_;
  HttpClient client_;
};

TEST_F(CoalescingTest, HeadersInAnyOrderAndNameCaseCoalesce) {
  const auto [first, second] = Overlapping(Request({{"X-Store", "1"}, {"X-Key", "k"}}),
                                           Request({{"x-key", "k"}, {"x-store", "1"}}));
  ASSERT_EQ(first.status, ODMCP_OK);
  ASSERT_EQ(second.status, ODMCP_OK);
  EXPECT_FALSE(first.coalesced);
  EXPECT_TRUE(second.coalesced);
  EXPECT_EQ(second.response, first.response);
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_EQ(client_.stats().coalesced, 1u);
}

TEST_F(CoalescingTest, DifferentHeaderValuesDoNotCoalesce) {
  const auto [first, second] = Overlapping(Request({{"X-Key", "tenant-a"}}), Request({{"X-Key", "tenant-b"}}));
  EXPECT_FALSE(second.coalesced);
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(CoalescingTest, NonGetRequestsDoNotCoalesce) {
  const auto [first, second] = Overlapping(Request({}, "PUT"), Request({}, "PUT"));
  EXPECT_FALSE(second.coalesced);
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(CoalescingTest, CallersCanOptOut) {
  HttpRequest opted_out = Request({});
  opted_out.coalesce = false;
  const auto [first, second] = Overlapping(Request({}), opted_out);
  EXPECT_FALSE(second.coalesced);
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(CoalescingTest, AFinishedRequestIsNotReused) {
  EXPECT_EQ(client_.Fetch(Request({})).status, ODMCP_OK);
  const HttpOutcome again = client_.Fetch(Request({}));
  EXPECT_EQ(again.status, ODMCP_OK);
  EXPECT_FALSE(again.coalesced);
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(CoalescingTest, ARequestSentSinceTheCallerBeganIsShared) {
  HttpRequest waited = Request({});
  waited.began_steady_ms = SteadyMillis();
  HttpRequest first = Request({});
  first.began_steady_ms = SteadyMillis();
  ASSERT_EQ(client_.Fetch(first).status, ODMCP_OK);
  const HttpOutcome late = client_.Fetch(waited);
  EXPECT_EQ(late.status, ODMCP_OK);
  EXPECT_TRUE(late.coalesced) << "its reply was made during the late caller's operation";
  EXPECT_EQ(server_.requests(), 1);
}

TEST_F(CoalescingTest, AFollowerKeepsItsOwnDeadline) {
  HttpRequest hurried = Request({});
  auto leader = std::async(std::launch::async, [&] { return client_.Fetch(Request({})); });
  while (server_.requests() < 1) std::this_thread::sleep_for(milliseconds(2));
  hurried.deadline_unix_ms = NowUnixMs() + 100;
  const auto start = std::chrono::steady_clock::now();
  const HttpOutcome follower = client_.Fetch(hurried);
  EXPECT_EQ(follower.status, ODMCP_DEADLINE_EXCEEDED);
  EXPECT_THAT(follower.error, HasSubstr("missed its deadline while waiting for an identical request"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(250));
  const HttpOutcome led = leader.get();
  ASSERT_EQ(led.status, ODMCP_OK) << "the leader is unaffected";
  EXPECT_EQ(led.response->body, "slow");
}

}  // namespace
}  // namespace odmcp::testing
