// Each [http] bound of the edge, hit by a real client against the real
// host set to a small value: the refusal its config comment documents (the
// status, Retry-After, the key's name), or the close at its deadline; and
// the host serving on once the client lets go.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "tests/edge/edge_support.h"
#include "tests/edge/raw_connection.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

std::string HealthRequest(const UrlParts& url, const HeaderList& extra = {}) {
  UrlParts health = url;
  health.path = "/health/live";
  return RawRequest("GET", health, extra);
}

// A keep-alive connection that has had one request answered, so the host
// has certainly accepted it.
std::unique_ptr<RawConnection> ServedConnection(const UrlParts& url,
                                                const RawConnectionOptions& options = {}) {
  auto connection = std::make_unique<RawConnection>(url, options);
  EXPECT_TRUE(connection->connected());
  EXPECT_TRUE(connection->Send(HealthRequest(url)));
  EXPECT_THAT(connection->ReadUntil(R"("live"})", seconds(5)), HasSubstr("HTTP/1.1 200"));
  return connection;
}

// What a connection refused at accept gets before the host closes it.
std::string RefusalOnConnect(const UrlParts& url, const RawConnectionOptions& options = {}) {
  RawConnection refused(url, options);
  EXPECT_TRUE(refused.connected());
  refused.Send(HealthRequest(url));
  bool closed = false;
  std::string answer = refused.ReadUntilClosed(seconds(5), &closed);
  EXPECT_TRUE(closed) << "the refused connection stayed open";
  return answer;
}

// True once a new connection from `options.source` is served again (the
// host counts a connection gone once it has seen it close).
bool ServedAgainWithin(const UrlParts& url, milliseconds timeout,
                       const RawConnectionOptions& options = {}) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    RawConnection again(url, options);
    if (again.Send(HealthRequest(url)) &&
        again.ReadUntil(R"("live"})", seconds(1)).rfind("HTTP/1.1 200", 0) == 0) {
      return true;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

TEST(BoundsTest, BeyondMaxConnectionsANewConnectionIs503WithRetryAfter) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig("[http]\nmax_connections = 3\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 3; ++i) open.push_back(ServedConnection(url));

  const std::string refusal = RefusalOnConnect(url);
  EXPECT_EQ(refusal.rfind("HTTP/1.1 503", 0), 0u) << refusal;
  EXPECT_THAT(refusal, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(refusal, HasSubstr("http.max_connections"));

  open.pop_back();
  EXPECT_TRUE(ServedAgainWithin(url, seconds(5)));
}

TEST(BoundsTest, BeyondMaxConnectionsPerAddressANewConnectionIs429AndOtherAddressesAreServed) {
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(EdgeConfig("[http]\nmax_connections_per_address = 2\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  const RawConnectionOptions greedy{"127.0.0.2", 0};
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 2; ++i) open.push_back(ServedConnection(url, greedy));

  const std::string refusal = RefusalOnConnect(url, greedy);
  EXPECT_EQ(refusal.rfind("HTTP/1.1 429", 0), 0u) << refusal;
  EXPECT_THAT(refusal, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(refusal, HasSubstr("http.max_connections_per_address"));

  ServedConnection(url, RawConnectionOptions{"127.0.0.3", 0});
  open.pop_back();
  EXPECT_TRUE(ServedAgainWithin(url, seconds(5), greedy));
}

TEST(BoundsTest, AHeadBeyondMaxHeaderBytesIs431AndTheConnectionClosed) {
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(EdgeConfig("[http]\nmax_header_bytes = 4096\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());

  RawConnection within(url);
  ASSERT_TRUE(within.Send(HealthRequest(url, {{"X-Padding", std::string(3500, 'p')}})));
  EXPECT_THAT(within.ReadUntil(R"("live"})", seconds(5)), HasSubstr("HTTP/1.1 200"));

  RawConnection beyond(url);
  ASSERT_TRUE(beyond.Send(HealthRequest(url, {{"X-Padding", std::string(5000, 'p')}})));
  bool closed = false;
  const std::string refusal = beyond.ReadUntilClosed(seconds(5), &closed);
  EXPECT_EQ(refusal.rfind("HTTP/1.1 431", 0), 0u) << refusal;
  EXPECT_THAT(refusal, HasSubstr("at most 4096 bytes (http.max_header_bytes)"));
  EXPECT_TRUE(closed);
}

std::string Listen(const UrlParts& url) {
  return RawStatelessPost(url, "1", "subscriptions/listen",
                          R"("notifications":{"toolsListChanged":true})");
}

TEST(BoundsTest, BeyondMaxStreamsANewStreamIs503WithRetryAfter) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(
      EdgeConfig("[http]\nmax_streams = 2\nmax_streams_per_tenant = 100\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  std::vector<std::unique_ptr<RawConnection>> streams;
  for (int i = 0; i < 2; ++i) {
    streams.push_back(std::make_unique<RawConnection>(url));
    ASSERT_TRUE(streams.back()->Send(Listen(url)));
    ASSERT_THAT(streams.back()->ReadUntil("acknowledged", seconds(5)), HasSubstr("acknowledged"));
  }

  RawConnection third(url);
  ASSERT_TRUE(third.Send(Listen(url)));
  const std::string refusal = third.ReadUntil("}}", seconds(5));
  EXPECT_EQ(refusal.rfind("HTTP/1.1 503", 0), 0u) << refusal;
  EXPECT_THAT(refusal, HasSubstr("Retry-After:"));
  EXPECT_THAT(refusal, HasSubstr("(http.max_streams)"));
  // An ordinary call is not a stream: it is served meanwhile.
  EXPECT_TRUE(Live(host->url()));
  EXPECT_EQ(TimeFreshPings(host->url(), 1).failures, 0u);

  streams.pop_back();
  bool reopened = false;
  for (const auto deadline = Clock::now() + seconds(5); !reopened && Clock::now() < deadline;) {
    RawConnection again(url);
    again.Send(Listen(url));
    reopened = again.ReadUntil("}}", seconds(1)).find("acknowledged") != std::string::npos;
  }
  EXPECT_TRUE(reopened) << "a stream's slot was not given back when its client closed it";
}

// A 2025-era call of edge_flood with progress on a connection that reads
// nothing after the head of its event stream: the host's writes stall.
std::unique_ptr<RawConnection> StalledFlood(const UrlParts& url, const std::string& session) {
  auto client = std::make_unique<RawConnection>(url, RawConnectionOptions{"", 4096});
  EXPECT_TRUE(client->Send(RawLegacyCallWithProgress(url, session, "edge_flood")));
  EXPECT_THAT(client->ReadUntil("text/event-stream", seconds(5)), HasSubstr("text/event-stream"));
  return client;
}

// How the host ended a stalled flood: the call cancelled (by the fixture's
// log) and the connection closed. `bound` names the bound for the figures.
void ExpectStalledFloodCut(HostProcess& host, const std::string& url_text,
                           const std::string& bound) {
  const UrlParts url = SplitUrl(url_text);
  McpHttp http(url_text);
  const std::string session = http.Initialize();
  const size_t rss_before = edge::SampleProcess(host.pid()).rss_kib;
  const auto started = Clock::now();
  std::unique_ptr<RawConnection> client = StalledFlood(url, session);
  // The fixture would flood for a minute: only the bound can end it sooner.
  ASSERT_TRUE(WaitForLog(host, "edge flood cancelled", seconds(30))) << host.Stderr();
  const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  const size_t rss_after = edge::SampleProcess(host.pid()).rss_kib;
  bool closed = false;
  client->ReadUntilClosed(seconds(10), &closed);
  EXPECT_TRUE(closed) << "the stalled connection stayed open";
  std::cout << bound << ": a client reading nothing of a 4 MB/s stream was cut after "
            << took.count() << " ms; host RSS grew by "
            << (static_cast<int64_t>(rss_after) - static_cast<int64_t>(rss_before)) << " KiB\n";
  EXPECT_LT(static_cast<int64_t>(rss_after) - static_cast<int64_t>(rss_before), 32 * 1024);
  EXPECT_TRUE(http.Alive(session));
}

TEST(BoundsTest, AStreamReaderSlowerThanStreamQueueBytesIsDisconnectedAndItsCallCancelled) {
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(EdgeConfig("[http]\nstream_queue_bytes = 65536\nsend_timeout_s = 3600\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  ExpectStalledFloodCut(*host, host->url(), "stream_queue_bytes = 64 KiB");
}

TEST(BoundsTest, AWriteWithoutProgressForSendTimeoutIsDisconnectedAndItsCallCancelled) {
  // A queue the flood cannot fill in its minute (240 MB < 1 GiB).
  std::unique_ptr<HostProcess> host = HostProcess::Http(
      EdgeConfig("[http]\nsend_timeout_s = 1\nstream_queue_bytes = 1073741824\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  ExpectStalledFloodCut(*host, host->url(), "send_timeout_s = 1");
}

// The time from `from` to the host closing `client`, with what it received
// meanwhile. `from` is taken before the client's last send, so the host
// started its deadline after it.
milliseconds TimeToClose(RawConnection& client, Clock::time_point from, std::string* received) {
  bool closed = false;
  *received = client.ReadUntilClosed(seconds(10), &closed);
  EXPECT_TRUE(closed) << "not closed within 10 s";
  return std::chrono::duration_cast<milliseconds>(Clock::now() - from);
}

TEST(BoundsTest, ABodyUnfinishedAtBodyTimeoutIsClosed) {
  std::unique_ptr<HostProcess> host = HostProcess::Http(EdgeConfig("[http]\nbody_timeout_s = 1\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  RawConnection client(url);
  std::string request = RawStatelessPost(url, "1", "tools/call",
                                         R"("name":"system_ping","arguments":{})", "system_ping");
  const auto sent = Clock::now();
  ASSERT_TRUE(client.Send(request.substr(0, request.size() - 10)));
  std::string received;
  const milliseconds took = TimeToClose(client, sent, &received);
  std::cout << "a body 10 bytes short was closed after " << took.count()
            << " ms (body_timeout_s = 1)\n";
  EXPECT_THAT(received, Not(HasSubstr("HTTP/1.1 200")));
  // Not early (less the millisecond lost to truncation), and late by at
  // most the deadline sweep's 250 ms period plus the machine's allow.
  EXPECT_GE(took, milliseconds(1000 - 1));
  EXPECT_LE(took, milliseconds(1000 + 1000));
}

TEST(BoundsTest, AConnectionIdleForKeepAliveTimeoutIsClosed) {
  std::unique_ptr<HostProcess> host =
      HostProcess::Http(EdgeConfig("[http]\nkeep_alive_timeout_s = 1\n"));
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  const UrlParts url = SplitUrl(host->url());
  const auto asked = Clock::now();
  std::unique_ptr<RawConnection> client = ServedConnection(url);
  std::string received;
  const milliseconds took = TimeToClose(*client, asked, &received);
  std::cout << "an idle keep-alive connection was closed after " << took.count()
            << " ms (keep_alive_timeout_s = 1)\n";
  EXPECT_EQ(received, "");
  EXPECT_GE(took, milliseconds(1000 - 1));
  EXPECT_LE(took, milliseconds(1000 + 1000));
}

}  // namespace
}  // namespace odmcp::testing
