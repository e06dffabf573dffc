// Several threads updating, looking up and scraping at once. Run under
// TSan (scripts/sanitize.sh) these also check the locking.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "host/services/metrics/registry.h"
#include "tests/unit/metrics/text_format_checker.h"

namespace odmcp::metrics {
namespace {

constexpr int kThreads = 4;

// Runs `body(thread_index)` on kThreads threads at once.
template <class Body>
void RunThreads(Body body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(body, t);
  for (std::thread& thread : threads) thread.join();
}

TEST(MetricsConcurrencyTest, CounterIncrementsFromThreadsSumExactly) {
  constexpr int kPerThread = 200'000;
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounterFamily("odmcp_c_total", "C.", {"k"});
  Counter& shared = family.With({"shared"});
  Gauge& gauge = registry.AddGauge("odmcp_g", "G.");
  RunThreads([&](int) {
    for (int i = 0; i < kPerThread; ++i) {
      shared.Inc();
      gauge.Inc();
      gauge.Dec();
      gauge.Add(1);
    }
  });
  EXPECT_EQ(shared.Value(), uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(gauge.Value(), double{kThreads} * kPerThread);
}

TEST(MetricsConcurrencyTest, HistogramObservationsFromThreadsSumExactly) {
  constexpr int kPerThread = 100'000;
  MetricsRegistry registry;
  Histogram& histogram = registry.AddHistogram("odmcp_h", "H.", {0.25, 1});
  RunThreads([&](int t) {
    // Quarters add up exactly in a double, whatever the order.
    for (int i = 0; i < kPerThread; ++i) histogram.Observe(t % 2 == 0 ? 0.25 : 1.5);
  });
  const Histogram::Snapshot snapshot = histogram.Read();
  const uint64_t half = uint64_t{kThreads / 2} * kPerThread;
  EXPECT_EQ(snapshot.cumulative, (std::vector<uint64_t>{half, half, 2 * half}));
  EXPECT_EQ(snapshot.sum, 0.25 * half + 1.5 * half);
}

TEST(MetricsConcurrencyTest, LookupsCreationsAndScrapesAtOnce) {
  constexpr int kSeriesPerThread = 300;
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounterFamily("odmcp_c_total", "C.", {"thread", "n"}, 1000);
  std::atomic<bool> done{false};
  std::thread scraper([&] {
    while (!done.load()) {
      const ParsedScrape scrape = ParseTextFormat(registry.Render());
      ASSERT_EQ(scrape.error, "");
    }
  });
  RunThreads([&](int t) {
    for (int round = 0; round < 3; ++round) {
      for (int n = 0; n < kSeriesPerThread; ++n) {
        family.With({std::to_string(t), std::to_string(n)}).Inc();
      }
    }
  });
  done.store(true);
  scraper.join();
  // 1200 label sets against a bound of 1000: 200 went to _other, 3 times each.
  const ParsedScrape scrape = ParseTextFormat(registry.Render());
  ASSERT_EQ(scrape.error, "");
  uint64_t total = 0;
  uint64_t other = 0;
  size_t series = 0;
  for (const ParsedSample& sample : scrape.samples) {
    if (sample.name != "odmcp_c_total") continue;
    ++series;
    total += static_cast<uint64_t>(sample.value);
    if (sample.labels[0].second == "_other") other = static_cast<uint64_t>(sample.value);
  }
  EXPECT_EQ(series, 1001u);
  EXPECT_EQ(total, uint64_t{kThreads} * kSeriesPerThread * 3);
  EXPECT_EQ(other, 200u * 3);
}

}  // namespace
}  // namespace odmcp::metrics
