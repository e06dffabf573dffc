// The real host holding ten thousand connections and streams, and slow
// clients trying to wear it down: what idle connections and open streams
// cost it, whether fresh calls still get through at once, whether a change
// reaches every stream, and whether a client that trickles its request is
// closed at the header deadline. These tests run alone (RUN_SERIAL): their
// figures are the host's, not the machine's other work.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/edge/edge_support.h"

namespace odmcp::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr size_t kConnections = 10000;
// 40 client addresses of 250 connections each: below the default
// per-address limit of 512.
constexpr int kSources = 40;

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    ASSERT_TRUE(edge::RaiseFdLimit(kConnections + 2000, &why)) << why;
  }

  void Start(const std::string& extra_config) {
    config_ = EdgeConfig(extra_config);
    host_ = HostProcess::Http(config_);
    ASSERT_FALSE(host_->url().empty()) << host_->Stderr();
    url_ = SplitUrl(host_->url());
    swarm_ = std::make_unique<edge::ConnectionSwarm>(url_.host, url_.port,
                                                      LoopbackAddresses(2, kSources));
  }

  size_t RssKib() const { return edge::SampleProcess(host_->pid()).rss_kib; }

  // 100 fresh system_ping calls must each be answered within 10 ms at p99.
  void ExpectFreshCallsFast(const char* while_what) {
    edge::LatencySummary pings = TimeFreshPings(host_->url(), 100);
    EXPECT_EQ(pings.failures, 0u) << host_->Stderr();
    EXPECT_LT(pings.p99, milliseconds(10)) << while_what;
    std::cout << "fresh system_ping while " << while_what << ": p50 " << pings.p50.count()
              << " us, p99 " << pings.p99.count() << " us, max " << pings.max.count() << " us\n";
    RecordProperty("ping_p99_us", std::to_string(pings.p99.count()));
  }

  // With every stream of the swarm open: reports what the streams cost,
  // checks that fresh calls still get through at once, and that a change of
  // the tool list on SIGHUP reaches every stream within a second.
  void ExpectStreamsCheapAndAllHearAReload(const char* streams, size_t rss_before) {
    const size_t rss = RssKib();
    const double per_thousand_kib =
        (static_cast<double>(rss) - static_cast<double>(rss_before)) / (kConnections / 1000.0);
    std::cout << "10,000 " << streams << ": RSS " << rss / 1024 << " MiB, "
              << per_thousand_kib / 1024 << " MiB per 1,000 streams\n";
    RecordProperty("rss_per_1000_streams_kib", std::to_string(per_thousand_kib));
    ExpectFreshCallsFast((std::string("10,000 ") + streams + " are open").c_str());

    swarm_->ResetMarks();
    // The tool list changes: diagnostics' system_health is disabled.
    std::ofstream(config_, std::ios::app)
        << "[plugins.diagnostics.tools]\ndisabled = [\"system_health\"]\n";
    ASSERT_EQ(kill(host_->pid(), SIGHUP), 0);
    edge::ArrivalSummary changed =
        swarm_->WaitUntilEach("notifications/tools/list_changed", seconds(10));
    std::cout << "tools/list_changed reached " << changed.reached << " " << streams
              << ", the last after " << changed.slowest.count() << " ms\n";
    RecordProperty("list_changed_slowest_ms", std::to_string(changed.slowest.count()));
    EXPECT_EQ(changed.reached, kConnections);
    EXPECT_LT(changed.slowest, seconds(1));
  }

  std::string config_;
  std::unique_ptr<HostProcess> host_;
  UrlParts url_;
  std::unique_ptr<edge::ConnectionSwarm> swarm_;
};

TEST_F(LoadTest, TenThousandIdleKeepAliveConnectionsCostNoCpuAndLittleMemory) {
  Start("[http]\nkeep_alive_timeout_s = 120\nmax_connections = 10200\n");
  const size_t rss_before = RssKib();
  swarm_->ResetMarks();
  edge::OpenResult opened = swarm_->Open(
      kConnections, RawRequest("GET", {url_.host, url_.port, "/health/live"}, {}), seconds(60));
  ASSERT_EQ(opened.opened, kConnections) << opened.first_error;
  // Each connection is served once, then kept alive, idle.
  edge::ArrivalSummary served = swarm_->WaitUntilEach("HTTP/1.1 200 OK", seconds(60));
  ASSERT_EQ(served.reached, kConnections) << served.missed << " not served";
  std::this_thread::sleep_for(seconds(1));

  const double cores = edge::CpuCoresUsed(host_->pid(), seconds(10));
  const size_t rss = RssKib();
  std::cout << "10,000 idle keep-alive connections: host CPU " << cores * 100
            << "% of a core over 10 s; RSS " << rss / 1024 << " MiB (" << rss_before / 1024
            << " MiB before)\n";
  RecordProperty("idle_cpu_percent", std::to_string(cores * 100));
  RecordProperty("rss_kib", std::to_string(rss));
  EXPECT_LT(cores, 0.03);
  EXPECT_LT(rss, 80u * 1024);
  ExpectFreshCallsFast("10,000 idle connections are open");
  EXPECT_EQ(swarm_->ClosedByPeer(), 0u) << "idle connections were closed";
}

TEST_F(LoadTest, TenThousandListenStreamsHearAToolListChangeWithinASecond) {
  Start("[http]\nmax_connections = 10200\nmax_streams = 10100\nmax_streams_per_tenant = 10100\n");
  const size_t rss_before = RssKib();
  swarm_->ResetMarks();
  edge::OpenResult opened = swarm_->Open(
      kConnections,
      RawStatelessPost(url_, "1", "subscriptions/listen", R"("notifications":{"toolsListChanged":true})"),
      seconds(60));
  ASSERT_EQ(opened.opened, kConnections) << opened.first_error;
  edge::ArrivalSummary acknowledged =
      swarm_->WaitUntilEach("notifications/subscriptions/acknowledged", seconds(60));
  ASSERT_EQ(acknowledged.reached, kConnections) << swarm_->FirstReceivedWithout("acknowledged").value_or("");
  ExpectStreamsCheapAndAllHearAReload("subscriptions/listen streams", rss_before);
}

TEST_F(LoadTest, TenThousandLegacyGetStreamsHearAToolListChangeWithinASecond) {
  Start("[http]\nmax_connections = 10200\nmax_streams = 10100\nmax_streams_per_tenant = 10100\n"
        "max_sessions_per_tenant = 10100\n");
  McpHttp http(host_->url());
  http.client().set_keep_alive(true);
  std::vector<std::string> gets;
  for (size_t i = 0; i < kConnections; ++i) {
    std::string session = http.Initialize();
    ASSERT_EQ(session.size(), 32u) << "session " << i;
    gets.push_back(RawRequest("GET", url_, {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", session}}));
  }
  const size_t rss_before = RssKib();
  edge::OpenResult opened = swarm_->Open(std::move(gets), seconds(60));
  ASSERT_EQ(opened.opened, kConnections) << opened.first_error;
  edge::ArrivalSummary streaming = swarm_->WaitUntilEach("text/event-stream", seconds(60));
  ASSERT_EQ(streaming.reached, kConnections) << swarm_->FirstReceivedWithout("text/event-stream").value_or("");
  // (Their sessions were opened before rss_before was taken.)
  ExpectStreamsCheapAndAllHearAReload("legacy GET streams", rss_before);
}

TEST_F(LoadTest, TricklingClientsAreClosedAtTheHeaderDeadlineAndStopNobody) {
  // A short deadline keeps the test short; the default is 10 s.
  Start("[http]\nheader_timeout_s = 3\n");
  constexpr size_t kTricklers = 2000;
  edge::Trickler trickler(url_.host, url_.port, LoopbackAddresses(2, kSources));
  edge::OpenResult started = trickler.Start(
      kTricklers,
      RawStatelessPost(url_, "1", "tools/call", R"("name":"system_ping","arguments":{})", "system_ping"),
      milliseconds(500), seconds(30));
  ASSERT_EQ(started.opened, kTricklers) << started.first_error;
  std::this_thread::sleep_for(seconds(1));
  ExpectFreshCallsFast("2,000 clients trickle their headers");

  ASSERT_TRUE(trickler.WaitAllClosedByPeer(seconds(10)));
  milliseconds earliest_from_dialing = milliseconds::max();
  milliseconds earliest = milliseconds::max();
  milliseconds latest{0};
  for (const edge::TrickleOutcome& outcome : trickler.Outcomes()) {
    EXPECT_TRUE(outcome.closed_by_peer);
    EXPECT_THAT(outcome.received, ::testing::Not(::testing::HasSubstr("HTTP/1.1 200")));
    earliest_from_dialing = std::min(earliest_from_dialing, outcome.closed_after_dialing);
    earliest = std::min(earliest, outcome.closed_after);
    latest = std::max(latest, outcome.closed_after);
  }
  std::cout << "2,000 trickling clients closed between " << earliest.count() << " and "
            << latest.count() << " ms after connecting, at the earliest "
            << earliest_from_dialing.count() << " ms after dialing (deadline 3,000 ms)\n";
  // Not before the deadline: the host accepted each connection after the
  // client dialed it, so no close may come sooner than 3,000 ms after the
  // dial (less the millisecond both clocks lose to truncation). The
  // client's view of its connect completing can trail the accept on a busy
  // machine, so that time bounds only the lateness: the deadline sweep's
  // period plus the machine's scheduling allow.
  EXPECT_GE(earliest_from_dialing, milliseconds(3000 - 1));
  EXPECT_LE(latest, milliseconds(3000 + 1000));
}

}  // namespace
}  // namespace odmcp::testing
