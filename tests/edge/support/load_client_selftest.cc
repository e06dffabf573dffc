// Self-test of the edge load client against SelftestServer: connections are
// spread over source addresses, answers and pushed markers are seen and timed,
// slow senders are closed at the server's header deadline, and CloseAll
// really closes (with resets) everything it opened.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/edge/support/load_client.h"
#include "tests/edge/support/selftest_server.h"
#include "tests/support/eventually.h"

namespace odmcp::testing::edge {
namespace {

using std::chrono::milliseconds;
using std::chrono::microseconds;

constexpr milliseconds kHeaderDeadline(1000);
constexpr std::string_view kRequest = "GET / HTTP/1.1\r\nHost: selftest\r\n\r\n";

rlimit FdLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit;
}

TEST(FdLimit, RaisesSoftLimitUpToHardLimit) {
  const rlimit before = FdLimit();
  const size_t wanted = static_cast<size_t>(std::min<rlim_t>(before.rlim_max, 8192));
  std::string why;
  EXPECT_TRUE(RaiseFdLimit(wanted, &why)) << why;
  EXPECT_GE(FdLimit().rlim_cur, wanted);
  EXPECT_TRUE(RaiseFdLimit(1, &why)) << "a lower wish is already met";
  EXPECT_GE(FdLimit().rlim_cur, wanted) << "the limit is never lowered";
}

TEST(FdLimit, RefusesMoreThanTheHardLimitAndSaysWhy) {
  const rlimit before = FdLimit();
  if (before.rlim_max == RLIM_INFINITY) GTEST_SKIP() << "no hard limit on open files";
  std::string why;
  EXPECT_FALSE(RaiseFdLimit(static_cast<size_t>(before.rlim_max) + 1, &why));
  EXPECT_NE(why.find("hard limit is " + std::to_string(before.rlim_max)), std::string::npos) << why;
  EXPECT_EQ(FdLimit().rlim_cur, before.rlim_cur);
}

TEST(ProcessSample, ReadsThisProcess) {
  std::atomic<bool> stop{false};
  std::thread helper([&stop] {
    while (!stop) std::this_thread::sleep_for(milliseconds(1));
  });
  const ProcessSample sample = SampleProcess(getpid());
  stop = true;
  helper.join();
  ASSERT_TRUE(sample.ok) << sample.error;
  EXPECT_GT(sample.rss_kib, 0u);
  EXPECT_GE(sample.threads, 2u);
  EXPECT_GE(sample.cpu_seconds, 0.0);
}

TEST(ProcessSample, ReportsAProcessThatDoesNotExist) {
  const ProcessSample sample = SampleProcess(0x7fffffff);  // above any pid_max
  EXPECT_FALSE(sample.ok);
  EXPECT_NE(sample.error.find("/proc/2147483647"), std::string::npos) << sample.error;
  EXPECT_LT(CpuCoresUsed(0x7fffffff, milliseconds(1)), 0.0);
}

// CPU seconds this process has used, from getrusage: a second opinion.
double OwnCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](timeval time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

TEST(ProcessSample, CpuCoresUsedSeesABusyThreadAndAnIdleProcess) {
  std::atomic<bool> stop{false};
  std::thread spinner([&stop] {
    while (!stop) {
    }
  });
  const double cpu_before = OwnCpuSeconds();
  const auto wall_before = std::chrono::steady_clock::now();
  const double busy = CpuCoresUsed(getpid(), milliseconds(300));
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_before;
  const double rusage_cores = (OwnCpuSeconds() - cpu_before) / wall.count();
  stop = true;
  spinner.join();
  // The spinner gets a core unless other processes compete for it; either
  // way /proc and getrusage must agree (within a few 10 ms clock ticks).
  EXPECT_GT(busy, 0.2);
  EXPECT_NEAR(busy, rusage_cores, 0.15);

  const pid_t sleeper = fork();
  ASSERT_GE(sleeper, 0);
  if (sleeper == 0) {
    pause();
    _exit(0);
  }
  const double idle = CpuCoresUsed(sleeper, milliseconds(200));
  kill(sleeper, SIGKILL);
  waitpid(sleeper, nullptr, 0);
  EXPECT_GE(idle, 0.0);
  EXPECT_LT(idle, 0.1);
}

TEST(Latency, PercentilesUseNearestRank) {
  std::vector<microseconds> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(microseconds(i));
  const LatencySummary hundred = Summarize(samples, 3);
  EXPECT_EQ(hundred.count, 100u);
  EXPECT_EQ(hundred.failures, 3u);
  EXPECT_EQ(hundred.p50, microseconds(50));
  EXPECT_EQ(hundred.p99, microseconds(99));
  EXPECT_EQ(hundred.max, microseconds(100));

  const LatencySummary ten = Summarize({microseconds(5), microseconds(1), microseconds(9),
                                        microseconds(2), microseconds(8), microseconds(3),
                                        microseconds(7), microseconds(4), microseconds(6),
                                        microseconds(10)},
                                       0);
  EXPECT_EQ(ten.p50, microseconds(5));
  EXPECT_EQ(ten.p99, microseconds(10));

  const LatencySummary none = Summarize({}, 0);
  EXPECT_EQ(none.count, 0u);
  EXPECT_EQ(none.max, microseconds(0));
}

TEST(Latency, MeasureSequentialTimesEveryCallAndCountsFailures) {
  int calls = 0;
  const LatencySummary summary = MeasureSequential(20, [&calls] {
    std::this_thread::sleep_for(milliseconds(1));
    return ++calls % 4 != 0;
  });
  EXPECT_EQ(calls, 20);
  EXPECT_EQ(summary.count, 20u);
  EXPECT_EQ(summary.failures, 5u);
  EXPECT_GE(summary.p50, microseconds(1000));
  EXPECT_LE(summary.p50, summary.p99);
  EXPECT_LE(summary.p99, summary.max);
}

TEST(ConnectionSwarm, OpensManyConnectionsOverSourceAddressesAndSeesEveryAnswer) {
  ASSERT_TRUE(RaiseFdLimit(8192, nullptr));
  SelftestServer server(kHeaderDeadline);
  ConnectionSwarm swarm("127.0.0.1", server.port(), LoopbackSources(4));

  const OpenResult result = swarm.Open(2000, std::string(kRequest), milliseconds(5000));
  EXPECT_EQ(result.opened, 2000u);
  EXPECT_EQ(result.failed, 0u) << result.first_error;
  std::printf("opened 2000 connections in %lld ms\n",
              static_cast<long long>(result.elapsed.count()));

  EXPECT_TRUE(Eventually([&] { return swarm.CountReceived("HTTP/1.1 200 OK") == 2000; },
                         milliseconds(5000)))
      << swarm.CountReceived("HTTP/1.1 200 OK") << " answered; one without an answer got: "
      << swarm.FirstReceivedWithout("HTTP/1.1 200 OK").value_or("");
  EXPECT_EQ(swarm.BytesReceived(), 2000 * SelftestServer::kResponse.size());
  EXPECT_EQ(swarm.OpenCount(), 2000u);
  EXPECT_EQ(swarm.ClosedByPeer(), 0u);
  const std::map<std::string, size_t> expected_spread = {
      {"127.0.0.1", 500}, {"127.0.0.2", 500}, {"127.0.0.3", 500}, {"127.0.0.4", 500}};
  EXPECT_EQ(server.AcceptedPerAddress(), expected_spread);
}

TEST(ConnectionSwarm, TimesAMarkerFromResetMarksEvenWhenSplitAcrossReads) {
  SelftestServer server(kHeaderDeadline);
  ConnectionSwarm swarm("127.0.0.1", server.port(), LoopbackSources(4));
  ASSERT_EQ(swarm.Open(500, std::string(kRequest), milliseconds(5000)).opened, 500u);
  ASSERT_TRUE(Eventually([&] { return swarm.CountReceived("200 OK") == 500; }, milliseconds(5000)));

  server.Broadcast("event: ping\n\n");
  ASSERT_TRUE(Eventually([&] { return swarm.CountReceived("ping") == 500; }, milliseconds(5000)));
  swarm.ResetMarks();
  const ArrivalSummary before_reset = swarm.WaitUntilEach("ping", milliseconds(100));
  EXPECT_EQ(before_reset.reached, 0u) << "bytes from before ResetMarks() must not count";
  EXPECT_EQ(before_reset.missed, 500u);

  swarm.ResetMarks();
  server.Broadcast("event: pi");
  std::this_thread::sleep_for(milliseconds(150));
  server.Broadcast("ng\n\n");
  const ArrivalSummary split = swarm.WaitUntilEach("ping", milliseconds(3000));
  EXPECT_EQ(split.reached, 500u);
  EXPECT_EQ(split.missed, 0u);
  ASSERT_EQ(split.arrivals.size(), 500u);
  EXPECT_GE(*std::min_element(split.arrivals.begin(), split.arrivals.end()), milliseconds(150))
      << "the arrival is the read that completed the marker";
  EXPECT_EQ(split.slowest, *std::max_element(split.arrivals.begin(), split.arrivals.end()));
  EXPECT_LT(split.slowest, milliseconds(1000));
}

TEST(ConnectionSwarm, CloseAllResetsEveryConnection) {
  SelftestServer server(kHeaderDeadline);
  {
    ConnectionSwarm swarm("127.0.0.1", server.port(), LoopbackSources(4));
    ASSERT_EQ(swarm.Open(1000, std::string(kRequest), milliseconds(5000)).opened, 1000u);
    ASSERT_TRUE(Eventually([&] { return server.LiveConnections() == 1000; }, milliseconds(5000)));
    swarm.CloseAll();
    EXPECT_EQ(swarm.OpenCount(), 0u);
    EXPECT_EQ(swarm.ClosedByPeer(), 0u);
    EXPECT_TRUE(Eventually([&] { return server.LiveConnections() == 0; }, milliseconds(3000)))
        << server.LiveConnections() << " still open at the server";
    EXPECT_EQ(server.ResetsSeen(), 1000u) << "CloseAll closes with an RST";

    ASSERT_EQ(swarm.Open(100, "", milliseconds(5000)).opened, 100u) << "reusable after CloseAll";
    EXPECT_EQ(swarm.OpenCount(), 100u);
  }
  EXPECT_TRUE(Eventually([&] { return server.LiveConnections() == 0; }, milliseconds(3000)))
      << "the destructor closes too";
}

TEST(ConnectionSwarm, RecordsWhenTheServerClosesIncompleteRequests) {
  SelftestServer server(kHeaderDeadline);
  ConnectionSwarm swarm("127.0.0.1", server.port(), LoopbackSources(4));
  ASSERT_EQ(swarm.Open(50, "GET / HTTP/1.1\r\n", milliseconds(5000)).opened, 50u);
  ASSERT_EQ(swarm.Open(50, "", milliseconds(5000)).opened, 50u);
  EXPECT_TRUE(Eventually([&] { return swarm.ClosedByPeer() == 100; }, milliseconds(3000)));
  const std::vector<milliseconds> close_times = swarm.CloseTimes();
  ASSERT_EQ(close_times.size(), 100u);
  for (const milliseconds close_time : close_times) {
    EXPECT_GE(close_time, kHeaderDeadline - milliseconds(50));
    EXPECT_LE(close_time, kHeaderDeadline + milliseconds(400));
  }
  EXPECT_EQ(swarm.OpenCount(), 0u);
  EXPECT_EQ(swarm.CountReceived("200 OK"), 0u);
}

TEST(ConnectionSwarm, ReportsConnectFailures) {
  int closed_port = 0;
  {
    SelftestServer gone(kHeaderDeadline);
    closed_port = gone.port();
  }
  ConnectionSwarm refused("127.0.0.1", closed_port, {});
  const OpenResult no_listener = refused.Open(3, "", milliseconds(2000));
  EXPECT_EQ(no_listener.opened, 0u);
  EXPECT_EQ(no_listener.failed, 3u);
  EXPECT_NE(no_listener.first_error.find("refused"), std::string::npos) << no_listener.first_error;

  SelftestServer server(kHeaderDeadline);
  ConnectionSwarm foreign_source("127.0.0.1", server.port(), {"192.0.2.1"});
  const OpenResult unbindable = foreign_source.Open(3, "", milliseconds(2000));
  EXPECT_EQ(unbindable.failed, 3u);
  EXPECT_NE(unbindable.first_error.find("from 192.0.2.1"), std::string::npos)
      << unbindable.first_error;

  EXPECT_THROW(ConnectionSwarm("localhost", server.port(), {}), std::invalid_argument);
}

TEST(Trickler, ServerClosesEachSlowSenderAtItsHeaderDeadline) {
  SelftestServer server(kHeaderDeadline);
  Trickler trickler("127.0.0.1", server.port(), LoopbackSources(4));
  const std::string request(kRequest);  // 35 bytes: 3.5 s at 100 ms a byte
  const OpenResult result = trickler.Start(40, request, milliseconds(100), milliseconds(5000));
  ASSERT_EQ(result.opened, 40u) << result.first_error;

  EXPECT_TRUE(trickler.WaitAllClosedByPeer(milliseconds(3000)));
  const std::vector<TrickleOutcome> outcomes = trickler.Outcomes();
  ASSERT_EQ(outcomes.size(), 40u);
  for (const TrickleOutcome& outcome : outcomes) {
    EXPECT_TRUE(outcome.closed_by_peer);
    EXPECT_GE(outcome.closed_after, kHeaderDeadline - milliseconds(50));
    EXPECT_LE(outcome.closed_after, kHeaderDeadline + milliseconds(400));
    // Bytes go at 0, 100, ..., 900 ms (10 of them) and maybe one at 1000 ms.
    EXPECT_GE(outcome.bytes_sent, 10u);
    EXPECT_LE(outcome.bytes_sent, 11u);
    EXPECT_EQ(outcome.received, "");
  }
  std::map<std::string, size_t> expected_spread = {
      {"127.0.0.1", 10}, {"127.0.0.2", 10}, {"127.0.0.3", 10}, {"127.0.0.4", 10}};
  EXPECT_EQ(server.AcceptedPerAddress(), expected_spread);
}

TEST(Trickler, StopsSendingOnceTheRequestIsOutAndKeepsReading) {
  SelftestServer server(kHeaderDeadline);
  Trickler trickler("127.0.0.1", server.port(), {});
  ASSERT_EQ(trickler.Start(3, "GET\r\n\r\n", milliseconds(20), milliseconds(5000)).opened, 3u);
  EXPECT_FALSE(trickler.WaitAllClosedByPeer(milliseconds(400)));
  for (const TrickleOutcome& outcome : trickler.Outcomes()) {
    EXPECT_FALSE(outcome.closed_by_peer);
    EXPECT_EQ(outcome.bytes_sent, 7u);
    EXPECT_EQ(outcome.received, SelftestServer::kResponse);
  }
  trickler.CloseAll();
  EXPECT_TRUE(Eventually([&] { return server.LiveConnections() == 0; }, milliseconds(3000)));
  EXPECT_EQ(server.ResetsSeen(), 3u);
}

}  // namespace
}  // namespace odmcp::testing::edge
