// The real host against hostile input at the edge: an endless chunked body
// without credentials, a refused request that hides a second request in its
// body, refusals meant to flood the log, JSON nested a million deep, and
// clients that leave while their call runs. Each gets its specific refusal, costs the host only what its bound
// allows, and leaves it serving.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "tests/edge/edge_support.h"
#include "tests/edge/raw_connection.h"
#include "tests/support/eventually.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

size_t CountOf(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(HostileInputTest, AnEndlessChunkedBodyWithoutCredentialsIsCutAtTheLimit) {
  constexpr size_t kLimit = 4 * 1024 * 1024;  // server.max_message_bytes, the default
  constexpr size_t kChunk = 1024 * 1024;
  const std::string config = TenantConfig();
  std::unique_ptr<HostProcess> host = HostProcess::Http(config, TenantEnv());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  ASSERT_TRUE(Live(host->url()));
  const size_t rss_before = edge::SampleProcess(host->pid()).rss_kib;

  RawConnection attacker(url);
  ASSERT_TRUE(attacker.connected());
  ASSERT_TRUE(attacker.Send("POST " + url.path + " HTTP/1.1\r\nHost: " + url.host +
                            "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
  char size_line[32];
  snprintf(size_line, sizeof size_line, "%zx\r\n", kChunk);
  const std::string chunk = size_line + std::string(kChunk, ' ') + "\r\n";
  // One chunk at a time, looking for the refusal after each: the host can
  // only have read what was sent before its answer came.
  size_t chunks_sent = 0;
  std::string answer;
  while (chunks_sent < 256 && answer.empty()) {
    if (!attacker.Send(chunk)) break;
    ++chunks_sent;
    answer = attacker.ReadUntil("\r\n\r\n", milliseconds(100));
  }
  bool closed = false;
  answer += attacker.ReadUntilClosed(seconds(5), &closed);
  const size_t rss_after = edge::SampleProcess(host->pid()).rss_kib;
  std::cout << "256 MiB chunked body offered: refused after " << chunks_sent
            << " chunks of 1 MiB were sent (the limit is 4 MiB); host RSS grew by "
            << (static_cast<int64_t>(rss_after) - static_cast<int64_t>(rss_before)) << " KiB\n";
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_THAT(answer, HasSubstr("server.max_message_bytes"));
  EXPECT_TRUE(closed);
  EXPECT_LE(chunks_sent * kChunk, kLimit + kChunk);
  EXPECT_LT(static_cast<int64_t>(rss_after) - static_cast<int64_t>(rss_before), 16 * 1024);
  EXPECT_TRUE(Live(host->url()));
}

// A request refused for its Origin or Host whose body is a whole second
// request: one response, and the connection closed, so the body is never
// taken for a request.
void ExpectOneRefusalAndAClose(const std::string& header_line) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  const std::string hidden = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  RawConnection client(url);
  ASSERT_TRUE(client.connected());
  const bool host_given = header_line.rfind("Host:", 0) == 0;
  ASSERT_TRUE(client.Send("POST " + url.path + " HTTP/1.1\r\n" +
                          (host_given ? "" : "Host: 127.0.0.1\r\n") + header_line +
                          "\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(hidden.size()) + "\r\n\r\n"));
  // The body arrives in a write of its own, after the head was judged.
  std::this_thread::sleep_for(milliseconds(100));
  client.Send(hidden);
  bool closed = false;
  const std::string answer = client.ReadUntilClosed(seconds(5), &closed);
  EXPECT_EQ(CountOf(answer, "HTTP/1.1 "), 1u) << answer;
  EXPECT_EQ(answer.rfind("HTTP/1.1 403", 0), 0u) << answer;
  EXPECT_TRUE(closed) << "the connection stayed open after the refusal";
  EXPECT_TRUE(Live(host->url()));
}

TEST(HostileInputTest, ARequestRefusedForItsOriginHidesNoSecondRequest) {
  ExpectOneRefusalAndAClose("Origin: http://evil.example.com");
}

TEST(HostileInputTest, ARequestRefusedForItsHostHidesNoSecondRequest) {
  ExpectOneRefusalAndAClose("Host: evil.example.com");
}

TEST(HostileInputTest, ThreeHundredRefusedHostsWriteABoundedLog) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  const std::string long_host = "evil-" + std::string(8000, 'h') + ".example.com";
  for (int i = 0; i < 300; ++i) {
    RawConnection attacker(url);
    ASSERT_TRUE(attacker.Send("GET /health/live HTTP/1.1\r\nHost: " + long_host + "\r\n\r\n"));
    EXPECT_THAT(attacker.ReadUntil("\r\n\r\n", seconds(5)), HasSubstr("403")) << i;
  }
  EXPECT_TRUE(Live(host->url()));
  // Each request's access-log line is written once its answer is: wait for
  // the last of them (and the check's own).
  std::string log;
  Eventually(
      [&] {
        log = host->Stderr();
        return CountOf(log, "\"msg\":\"http request\"") >= 301;
      },
      std::chrono::seconds(5), std::chrono::milliseconds(25));
  const size_t lines = CountOf(log, "request refused");
  std::cout << "300 refused hosts of 8 KB wrote " << lines << " log lines, " << log.size()
            << " bytes of log in all\n";
  // The throttle's burst, and what it refilled while the test ran.
  EXPECT_GE(lines, 1u);
  EXPECT_LE(lines, 30u);
  // Beyond those, each request costs its access-log line, whose every
  // field is bounded (the Host is not one of them), not 8 KB.
  EXPECT_EQ(CountOf(log, "\"msg\":\"http request\""), 301u);
  size_t longest = 0;
  for (size_t start = 0, end; (end = log.find('\n', start)) != std::string::npos; start = end + 1) {
    longest = std::max(longest, end - start);
  }
  EXPECT_LT(longest, 1024u);
  EXPECT_LT(log.size(), 64u * 1024 + 301u * 512);
}

std::string DeeplyNested() { return std::string(1000000, '[') + std::string(1000000, ']'); }

TEST(HostileInputTest, JsonNestedAMillionDeepOverHttpIsAnErrorNamingTheLimit) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  httplib::Result r = http.Post(DeeplyNested());
  ASSERT_TRUE(r) << host->Stderr();
  EXPECT_EQ(r->status, 400);
  rapidjson::Document body = ParseJson(r->body);
  EXPECT_EQ(body["error"]["code"].GetInt(), -32700);
  EXPECT_THAT(body["error"]["message"].GetString(), HasSubstr("deeper than 128 levels"));
  const std::string session = http.Initialize();
  EXPECT_TRUE(http.Alive(session)) << host->Stderr();
}

TEST(HostileInputTest, JsonNestedAMillionDeepOverStdioIsAnErrorNamingTheLimit) {
  HostProcess host({"serve", "--config", EdgeConfig(), "--stdio"});
  host.WriteLine(DeeplyNested());
  std::optional<std::string> reply = host.ReadLine();
  ASSERT_TRUE(reply) << host.Stderr();
  rapidjson::Document body = ParseJson(*reply);
  EXPECT_EQ(body["error"]["code"].GetInt(), -32700);
  EXPECT_THAT(body["error"]["message"].GetString(), HasSubstr("deeper than 128 levels"));
  host.WriteLine(R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
  EXPECT_EQ(host.ReadLine().value_or(""), R"({"jsonrpc":"2.0","id":2,"result":{}})");
}

// The time from a client's disconnect to its call seeing the cancellation,
// measured on the host's log (the edge fixture's tool writes a line when it
// starts waiting and when it sees the cancellation).
milliseconds TimeToCancel(HostProcess& host, RawConnection& client) {
  EXPECT_TRUE(WaitForLog(host, "edge call waiting", seconds(10))) << host.Stderr();
  const auto left = Clock::now();
  client.Close();
  EXPECT_TRUE(WaitForLog(host, "edge call cancelled", seconds(5))) << host.Stderr();
  return std::chrono::duration_cast<milliseconds>(Clock::now() - left);
}

TEST(DisconnectTest, A2026CallWhoseClientLeavesIsCancelledWithin100Ms) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  RawConnection client(url);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(RawStatelessPost(url, "1", "tools/call",
                                           R"("name":"edge_wait_for_cancel","arguments":{})",
                                           "edge_wait_for_cancel", {{"Accept", "application/json"}})));
  const milliseconds took = TimeToCancel(*host, client);
  std::cout << "2026-era call cancelled " << took.count() << " ms after its client left\n";
  EXPECT_LT(took, milliseconds(100));
  EXPECT_TRUE(Live(host->url()));
}

TEST(DisconnectTest, ALegacyStreamedCallWhoseClientLeavesIsCancelledWithin100Ms) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig());
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  McpHttp http(host->url());
  const std::string session = http.Initialize();
  RawConnection client(url);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(RawLegacyCallWithProgress(url, session, "edge_wait_for_cancel")));
  EXPECT_THAT(client.ReadUntil("text/event-stream", seconds(5)), HasSubstr("text/event-stream"));
  const milliseconds took = TimeToCancel(*host, client);
  std::cout << "legacy streamed call cancelled " << took.count() << " ms after its client left\n";
  EXPECT_LT(took, milliseconds(100));
  EXPECT_TRUE(http.Alive(session));
}

}  // namespace
}  // namespace odmcp::testing
