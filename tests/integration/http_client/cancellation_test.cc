// Cancellation: a caller whose cancelled() turns true stops waiting (for a
// retry, for a body, for another caller's identical request) and gets
// ODMCP_CANCELLED; other callers are not affected.

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A flag to cancel with, and the cancelled() function that reads it.
struct CancelFlag {
  std::atomic<bool> set{false};
  std::function<bool()> Function() {
    return [this] { return set.load(); };
  }
  // Sets the flag from another thread after `delay`.
  std::thread SetAfter(milliseconds delay) {
    return std::thread([this, delay] {
      std::this_thread::sleep_for(delay);
      set = true;
    });
  }
};

void WaitForRequests(const LoopbackServer& server, int count) {
  while (server.requests() < count) std::this_thread::sleep_for(milliseconds(2));
}

TEST(CancellationTest, CancellingBeforeTheStartSendsNothing) {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& response) { response.status = 200; });
  server.Start();
  HttpClient client;
  CancelFlag flag;
  flag.set = true;
  HttpRequest request = Get(server.Url("/"));
  request.cancelled = flag.Function();
  const HttpOutcome outcome = client.Fetch(request);
  EXPECT_EQ(outcome.status, ODMCP_CANCELLED);
  EXPECT_THAT(outcome.error, HasSubstr("was cancelled (after 0 attempts)"));
  EXPECT_EQ(server.requests(), 0);
}

TEST(CancellationTest, CancellingDuringARetryWaitStopsRetrying) {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.status = 503;
    response.set_header("Retry-After", "10");
  });
  server.Start();
  HttpClient client;
  CancelFlag flag;
  HttpRequest request = Get(server.Url("/"));
  request.cancelled = flag.Function();
  std::thread canceller = flag.SetAfter(milliseconds(200));
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(request);
  canceller.join();
  EXPECT_EQ(outcome.status, ODMCP_CANCELLED);
  EXPECT_LT(Clock::now() - start, milliseconds(500)) << "not the 10 s the server asked for";
  EXPECT_EQ(server.requests(), 1);
}

TEST(CancellationTest, CancellingWhileTheBodyArrivesStopsReadingIt) {
  LoopbackServer server;
  server.server().Get("/stream", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
      if (offset >= 100 * 1024) {
        sink.done();
        return true;
      }
      std::this_thread::sleep_for(milliseconds(20));
      const std::string chunk(1024, 'x');
      return sink.write(chunk.data(), chunk.size());
    });
  });
  server.Start();
  HttpClient client;
  CancelFlag flag;
  HttpRequest request = Get(server.Url("/stream"));
  request.cancelled = flag.Function();
  std::thread canceller = flag.SetAfter(milliseconds(150));
  const Clock::time_point start = Clock::now();
  const HttpOutcome outcome = client.Fetch(request);
  canceller.join();
  EXPECT_EQ(outcome.status, ODMCP_CANCELLED);
  EXPECT_LT(Clock::now() - start, milliseconds(1000)) << "the whole body takes 2 s";
}

TEST(CancellationTest, AWaitingFollowerCancelsAloneAndTheLeaderCarriesOn) {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(milliseconds(500));
    response.set_content("shared", "text/plain");
  });
  server.Start();
  HttpClient client;
  auto leader = std::async(std::launch::async, [&] { return client.Fetch(Get(server.Url("/"))); });
  WaitForRequests(server, 1);

  CancelFlag flag;
  HttpRequest follower = Get(server.Url("/"));
  follower.cancelled = flag.Function();
  std::thread canceller = flag.SetAfter(milliseconds(100));
  const Clock::time_point start = Clock::now();
  const HttpOutcome cancelled = client.Fetch(follower);
  canceller.join();
  EXPECT_EQ(cancelled.status, ODMCP_CANCELLED);
  EXPECT_THAT(cancelled.error, HasSubstr("waiting for an identical request"));
  EXPECT_LT(Clock::now() - start, milliseconds(350));

  const HttpOutcome led = leader.get();
  ASSERT_EQ(led.status, ODMCP_OK) << led.error;
  EXPECT_EQ(led.response->body, "shared");
  EXPECT_EQ(server.requests(), 1);
}

TEST(CancellationTest, ALeadersCancellationIsNotHandedToItsFollowers) {
  // The first request is answered 503 with Retry-After: 1; while its
  // caller waits to retry, the caller cancels. The follower that joined
  // it must not inherit the cancellation: it sends the request itself.
  std::atomic<int> calls{0};
  LoopbackServer server;
  server.server().Get("/", [&](const httplib::Request&, httplib::Response& response) {
    if (calls.fetch_add(1) == 0) {
      std::this_thread::sleep_for(milliseconds(200));
      response.status = 503;
      response.set_header("Retry-After", "1");
      return;
    }
    response.set_content("fresh", "text/plain");
  });
  server.Start();
  HttpClient client;
  CancelFlag flag;
  HttpRequest leader_request = Get(server.Url("/"));
  leader_request.cancelled = flag.Function();
  auto leader = std::async(std::launch::async, [&] { return client.Fetch(leader_request); });
  WaitForRequests(server, 1);
  auto follower = std::async(std::launch::async, [&] { return client.Fetch(Get(server.Url("/"))); });
  std::this_thread::sleep_for(milliseconds(400));  // the leader is now waiting to retry
  flag.set = true;

  const HttpOutcome led = leader.get();
  EXPECT_EQ(led.status, ODMCP_CANCELLED);
  const HttpOutcome followed = follower.get();
  ASSERT_EQ(followed.status, ODMCP_OK) << followed.error;
  EXPECT_EQ(followed.response->body, "fresh");
  EXPECT_FALSE(followed.coalesced) << "it ran the request itself";
  EXPECT_EQ(server.requests(), 2);
}

}  // namespace
}  // namespace odmcp::testing
