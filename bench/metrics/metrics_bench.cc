// Cost of recording metrics (host/services/metrics):
//   BM_CounterInc       Counter::Inc through a kept reference (the hot path)
//   BM_HistogramObserve Histogram::Observe with the default latency buckets
//   BM_With             CounterFamily::With of an existing label set of three
//                       labels, in a family of range(0) series
//   BM_Render           a whole scrape: 40 tools with two outcomes each, and
//                       a latency histogram per tool
// The multi-threaded runs update one shared series (or look up in one shared
// family) from every thread: the contended case.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "host/services/metrics/registry.h"

namespace odmcp::metrics {
namespace {

// The labels of a tool call: plugin, tool, outcome.
std::vector<std::vector<std::string>> ToolCallLabels(int count) {
  std::vector<std::vector<std::string>> labels;
  for (int i = 0; i < count; ++i) {
    labels.push_back({"orders", "orders_tool_" + std::to_string(i / 2), i % 2 ? "error" : "ok"});
  }
  return labels;
}

void BM_CounterInc(benchmark::State& state) {
  static MetricsRegistry registry;
  static Counter& counter =
      registry.AddCounterFamily("odmcp_calls_total", "Calls.", {"plugin", "tool", "outcome"})
          .With({"orders", "orders_get", "ok"});
  for (auto _ : state) counter.Inc();
  benchmark::DoNotOptimize(counter.Value());
}
BENCHMARK(BM_CounterInc)->Threads(1)->Threads(2);

void BM_HistogramObserve(benchmark::State& state) {
  static MetricsRegistry registry;
  static Histogram& latency =
      registry.AddHistogramFamily("odmcp_call_duration_seconds", "Latency.", {"tool"})
          .With({"orders_get"});
  // Latencies spread over the buckets, so the bucket search is not always
  // the same branch.
  const double seconds[] = {0.0003, 0.004, 0.02, 0.07, 0.3, 0.12, 1.7, 0.008};
  size_t i = 0;
  for (auto _ : state) latency.Observe(seconds[i++ % std::size(seconds)]);
}
BENCHMARK(BM_HistogramObserve)->Threads(1)->Threads(2);

// Families of 10, 100 and 1000 series, built once (static initialization
// is thread-safe) and shared by the threads of a run.
struct LookupFamilies {
  MetricsRegistry registry;
  std::map<int, CounterFamily*> by_size;

  LookupFamilies() {
    for (int size : {10, 100, 1000}) {
      CounterFamily& family =
          registry.AddCounterFamily("odmcp_calls_" + std::to_string(size) + "_total", "Calls.",
                                    {"plugin", "tool", "outcome"});
      for (const std::vector<std::string>& set : ToolCallLabels(size)) {
        family.With({set[0], set[1], set[2]});
      }
      by_size[size] = &family;
    }
  }
};

void BM_With(benchmark::State& state) {
  static const LookupFamilies families;
  const int size = static_cast<int>(state.range(0));
  CounterFamily& family = *families.by_size.at(size);
  const std::vector<std::vector<std::string>> labels = ToolCallLabels(size);
  std::vector<std::vector<std::string_view>> views;
  for (const std::vector<std::string>& set : labels) views.emplace_back(set.begin(), set.end());
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(&family.With(views[i]));
    if (++i == views.size()) i = 0;
  }
}
BENCHMARK(BM_With)->Arg(10)->Arg(100)->Arg(1000)->Threads(1);
BENCHMARK(BM_With)->Arg(100)->Threads(2);

void BM_Render(benchmark::State& state) {
  MetricsRegistry registry;
  CounterFamily& calls =
      registry.AddCounterFamily("odmcp_calls_total", "Calls.", {"plugin", "tool", "outcome"});
  HistogramFamily& latency =
      registry.AddHistogramFamily("odmcp_call_duration_seconds", "Latency.", {"tool"});
  for (const std::vector<std::string>& set : ToolCallLabels(80)) {
    calls.With({set[0], set[1], set[2]}).Add(12345);
    latency.With({set[1]}).Observe(0.042);
  }
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = registry.Render();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["scrape_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Render);

}  // namespace
}  // namespace odmcp::metrics

BENCHMARK_MAIN();
