// Keep-alive: sequential requests to one origin share a connection (the
// server counts the connections it serves), non-idempotent requests get a
// new one, a connection the server closed while idle is replaced without
// the caller noticing, and concurrent requests each get their own.

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"

namespace odmcp::testing {
namespace {

using std::chrono::milliseconds;

class KeepAliveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto handler = [](const httplib::Request& request, httplib::Response& response) {
      if (request.has_param("sleep_ms")) std::this_thread::sleep_for(milliseconds(std::stoi(request.get_param_value("sleep_ms"))));
      response.set_content("ok", "text/plain");
    };
    server_.server().Get("/", handler).Post("/", handler);
  }

  HttpRequest Post() {
    HttpRequest request = Get(server_.Url("/"));
    request.method = "POST";
    request.body = "{}";
    return request;
  }

  LoopbackServer server_;
};

TEST_F(KeepAliveTest, TwentySequentialGetsUseOneConnection) {
  server_.Start();
  HttpClient client;
  for (int i = 0; i < 20; ++i) {
    const HttpOutcome outcome = client.Fetch(Get(server_.Url("/")));
    ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
    ASSERT_EQ(outcome.response->status, 200);
  }
  EXPECT_EQ(server_.requests(), 20);
  EXPECT_EQ(server_.connections(), 1u);
  EXPECT_EQ(client.stats().connections_opened, 1u);
}

TEST_F(KeepAliveTest, NonIdempotentRequestsGetANewConnectionThatIsPooledAfterwards) {
  server_.Start();
  HttpClient client;
  ASSERT_EQ(client.Fetch(Get(server_.Url("/"))).status, ODMCP_OK);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(client.Fetch(Post()).status, ODMCP_OK);
  EXPECT_EQ(server_.connections(), 4u) << "each POST opened its own connection";
  for (int i = 0; i < 4; ++i) ASSERT_EQ(client.Fetch(Get(server_.Url("/"))).status, ODMCP_OK);
  EXPECT_EQ(server_.connections(), 4u) << "and left it for the GETs to reuse";
  EXPECT_EQ(client.stats().connections_opened, 4u);
}

TEST_F(KeepAliveTest, AConnectionTheServerClosedWhileIdleIsReplaced) {
  server_.server().set_keep_alive_timeout(1);
  server_.Start();
  HttpClient client;
  ASSERT_EQ(client.Fetch(Get(server_.Url("/"))).status, ODMCP_OK);
  std::this_thread::sleep_for(milliseconds(1300));  // the server closes it meanwhile
  const HttpOutcome outcome = client.Fetch(Get(server_.Url("/")));
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->body, "ok");
  EXPECT_EQ(server_.connections(), 2u);
  EXPECT_EQ(server_.requests(), 2) << "the dead connection was noticed before sending";
}

TEST_F(KeepAliveTest, ConcurrentRequestsUseSeparateConnections) {
  server_.Start();
  HttpClient client;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        HttpRequest request = Get(server_.Url("/?sleep_ms=5"));
        request.coalesce = false;
        const HttpOutcome outcome = client.Fetch(request);
        EXPECT_EQ(outcome.status, ODMCP_OK) << outcome.error;
        EXPECT_EQ(outcome.response->body, "ok");
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(server_.requests(), 40);
  EXPECT_GE(server_.connections(), 1u);
  EXPECT_LE(server_.connections(), 4u) << "at most one per concurrent caller";
  EXPECT_EQ(client.stats().connections_opened, server_.connections());
}

TEST_F(KeepAliveTest, NoIdleConnectionIsKeptWhenTheLimitIsZero) {
  server_.Start();
  HttpClientOptions options;
  options.max_idle_connections_per_origin = 0;
  HttpClient client(options);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(client.Fetch(Get(server_.Url("/"))).status, ODMCP_OK);
  EXPECT_EQ(server_.connections(), 3u);
}

}  // namespace
}  // namespace odmcp::testing
