#include "host/services/metrics/registry.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/metrics/text_format_checker.h"

namespace odmcp::metrics {
namespace {

// The lines of family `name` in a scrape: from its HELP line to the next.
std::string Section(const std::string& text, std::string_view name) {
  const size_t start = text.find("# HELP " + std::string(name) + " ");
  if (start == std::string::npos) return "(no family " + std::string(name) + ")";
  const size_t end = text.find("# HELP ", start + 1);
  return text.substr(start, end == std::string::npos ? end : end - start);
}

// The three lines of a family without labels.
std::string Unlabelled(std::string_view name, std::string_view help, std::string_view type,
                       std::string_view value) {
  const std::string n(name);
  return "# HELP " + n + " " + std::string(help) + "\n# TYPE " + n + " " + std::string(type) +
         "\n" + n + " " + std::string(value) + "\n";
}

uint64_t Dropped(const MetricsRegistry& registry) {
  const std::string own = Section(registry.Render(), "odmcp_metrics_series_dropped_total");
  return std::stoull(own.substr(own.rfind(' ') + 1));
}

TEST(MetricsRegistryTest, HasItsOwnDroppedSeriesCounter) {
  MetricsRegistry registry;
  const std::string text = registry.Render();
  EXPECT_TRUE(text.starts_with("# HELP odmcp_metrics_series_dropped_total Label sets that "))
      << text;
  EXPECT_TRUE(
      text.ends_with("# TYPE odmcp_metrics_series_dropped_total counter\n"
                     "odmcp_metrics_series_dropped_total 0\n"))
      << text;
  EXPECT_EQ(MetricsRegistry::kContentType, "text/plain; version=0.0.4; charset=utf-8");
}

TEST(MetricsRegistryTest, CounterFamilyRendersEachSeries) {
  MetricsRegistry registry;
  CounterFamily& calls = registry.AddCounterFamily(
      "odmcp_tool_calls_total", "Tool calls by tool and outcome.", {"tool", "outcome"});
  calls.With({"orders_get", "ok"}).Add(3);
  calls.With({"orders_get", "error"}).Inc();
  EXPECT_EQ(Section(registry.Render(), "odmcp_tool_calls_total"),
            "# HELP odmcp_tool_calls_total Tool calls by tool and outcome.\n"
            "# TYPE odmcp_tool_calls_total counter\n"
            "odmcp_tool_calls_total{tool=\"orders_get\",outcome=\"error\"} 1\n"
            "odmcp_tool_calls_total{tool=\"orders_get\",outcome=\"ok\"} 3\n");
}

TEST(MetricsRegistryTest, FamilyWithoutSeriesRendersHelpAndTypeOnly) {
  MetricsRegistry registry;
  registry.AddGaugeFamily("odmcp_in_flight", "Requests in flight.", {"transport"});
  EXPECT_EQ(Section(registry.Render(), "odmcp_in_flight"),
            "# HELP odmcp_in_flight Requests in flight.\n"
            "# TYPE odmcp_in_flight gauge\n");
}

TEST(MetricsRegistryTest, UnlabelledSeriesRenderFromTheStart) {
  MetricsRegistry registry;
  Counter& ended = registry.AddCounter("odmcp_sessions_ended_total", "Sessions ended.");
  Gauge& open = registry.AddGauge("odmcp_sessions", "Sessions open.");
  EXPECT_EQ(Section(registry.Render(), "odmcp_sessions"),
            "# HELP odmcp_sessions Sessions open.\n"
            "# TYPE odmcp_sessions gauge\n"
            "odmcp_sessions 0\n");
  ended.Add(2);
  open.Inc();
  open.Inc();
  open.Dec();
  open.Add(0.5);
  const std::string text = registry.Render();
  EXPECT_EQ(Section(text, "odmcp_sessions_ended_total"),
            Unlabelled("odmcp_sessions_ended_total", "Sessions ended.", "counter", "2"));
  EXPECT_EQ(Section(text, "odmcp_sessions"),
            Unlabelled("odmcp_sessions", "Sessions open.", "gauge", "1.5"));
}

TEST(MetricsRegistryTest, GaugeWritesNegativeSpecialAndLargeValues) {
  MetricsRegistry registry;
  GaugeFamily& gauge = registry.AddGaugeFamily("odmcp_g", "G.", {"k"});
  gauge.With({"neg"}).Set(-0.25);
  gauge.With({"inf"}).Set(std::numeric_limits<double>::infinity());
  gauge.With({"nan"}).Set(std::nan(""));
  gauge.With({"big"}).Set(12345678);
  EXPECT_EQ(Section(registry.Render(), "odmcp_g"),
            "# HELP odmcp_g G.\n"
            "# TYPE odmcp_g gauge\n"
            "odmcp_g{k=\"big\"} 12345678\n"
            "odmcp_g{k=\"inf\"} +Inf\n"
            "odmcp_g{k=\"nan\"} NaN\n"
            "odmcp_g{k=\"neg\"} -0.25\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry registry;
  Histogram& latency =
      registry.AddHistogram("odmcp_call_duration_seconds", "Call latency.", {0.125, 0.5, 1});
  // Bounds are inclusive: 0.125 counts in le="0.125".
  for (double seconds : {0.0625, 0.125, 0.375, 2.0}) latency.Observe(seconds);
  EXPECT_EQ(Section(registry.Render(), "odmcp_call_duration_seconds"),
            "# HELP odmcp_call_duration_seconds Call latency.\n"
            "# TYPE odmcp_call_duration_seconds histogram\n"
            "odmcp_call_duration_seconds_bucket{le=\"0.125\"} 2\n"
            "odmcp_call_duration_seconds_bucket{le=\"0.5\"} 3\n"
            "odmcp_call_duration_seconds_bucket{le=\"1\"} 3\n"
            "odmcp_call_duration_seconds_bucket{le=\"+Inf\"} 4\n"
            "odmcp_call_duration_seconds_sum 2.5625\n"
            "odmcp_call_duration_seconds_count 4\n");
}

TEST(MetricsRegistryTest, HistogramSeriesPutLeAfterTheirLabels) {
  MetricsRegistry registry;
  HistogramFamily& sizes =
      registry.AddHistogramFamily("odmcp_reply_bytes", "Reply sizes.", {"tool"}, {1024});
  sizes.With({"orders_get"}).Observe(100);
  EXPECT_EQ(Section(registry.Render(), "odmcp_reply_bytes"),
            "# HELP odmcp_reply_bytes Reply sizes.\n"
            "# TYPE odmcp_reply_bytes histogram\n"
            "odmcp_reply_bytes_bucket{tool=\"orders_get\",le=\"1024\"} 1\n"
            "odmcp_reply_bytes_bucket{tool=\"orders_get\",le=\"+Inf\"} 1\n"
            "odmcp_reply_bytes_sum{tool=\"orders_get\"} 100\n"
            "odmcp_reply_bytes_count{tool=\"orders_get\"} 1\n");
}

TEST(MetricsRegistryTest, DefaultLatencyBucketsRunFromHalfAMillisecondToTenSeconds) {
  MetricsRegistry registry;
  Histogram& latency = registry.AddHistogram("odmcp_latency_seconds", "Latency.");
  latency.ObserveDuration(std::chrono::milliseconds(250));
  const std::string text = Section(registry.Render(), "odmcp_latency_seconds");
  EXPECT_NE(text.find("_bucket{le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket{le=\"0.1\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket{le=\"0.25\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("odmcp_latency_seconds_sum 0.25\n"), std::string::npos) << text;
  EXPECT_EQ(latency.bounds().size(), 14u);
}

TEST(MetricsRegistryTest, NaNObservationCountsOnlyInInf) {
  MetricsRegistry registry;
  Histogram& histogram = registry.AddHistogram("odmcp_h", "H.", {1});
  histogram.Observe(std::nan(""));
  const Histogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.cumulative, (std::vector<uint64_t>{0, 1}));
  EXPECT_TRUE(std::isnan(snapshot.sum));
}

TEST(MetricsRegistryTest, SeriesSortedByLabelValuesWithLabelsInDeclaredOrder) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounterFamily("odmcp_c_total", "C.", {"zeta", "alpha"});
  family.With({"b", "x"}).Inc();
  family.With({"a", "z"}).Inc();
  family.With({"a", "y"}).Inc();
  family.With({"B", "q"}).Inc();
  family.With({"a", ""}).Inc();
  EXPECT_EQ(Section(registry.Render(), "odmcp_c_total"),
            "# HELP odmcp_c_total C.\n"
            "# TYPE odmcp_c_total counter\n"
            "odmcp_c_total{zeta=\"B\",alpha=\"q\"} 1\n"
            "odmcp_c_total{zeta=\"a\",alpha=\"\"} 1\n"
            "odmcp_c_total{zeta=\"a\",alpha=\"y\"} 1\n"
            "odmcp_c_total{zeta=\"a\",alpha=\"z\"} 1\n"
            "odmcp_c_total{zeta=\"b\",alpha=\"x\"} 1\n");
}

TEST(MetricsRegistryTest, WithReturnsTheSameSeriesEveryTime) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounterFamily("odmcp_c_total", "C.", {"a", "b"});
  Counter& first = family.With({"x", "y"});
  for (int i = 0; i < 100; ++i) family.With({"n" + std::to_string(i), "y"});
  const std::vector<std::string_view> values = {"x", "y"};
  EXPECT_EQ(&family.With(values), &first);
  EXPECT_NE(&family.With({"y", "x"}), &first);
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelpInTheScrape) {
  MetricsRegistry registry;
  registry.AddGaugeFamily("odmcp_g", "Path \\ of \"a\"\nsecond line.", {"path"})
      .With({"C:\\x\n\"y\""})
      .Set(1);
  const std::string text = registry.Render();
  EXPECT_EQ(Section(text, "odmcp_g"),
            "# HELP odmcp_g Path \\\\ of \"a\"\\nsecond line.\n"
            "# TYPE odmcp_g gauge\n"
            "odmcp_g{path=\"C:\\\\x\\n\\\"y\\\"\"} 1\n");
  const ParsedScrape scrape = ParseTextFormat(text);
  ASSERT_EQ(scrape.error, "");
  EXPECT_EQ(scrape.helps.at("odmcp_g"), "Path \\ of \"a\"\nsecond line.");
  EXPECT_EQ(scrape.samples.front().name, "odmcp_g");
  EXPECT_EQ(scrape.samples.front().labels.at(0).second, "C:\\x\n\"y\"");
}

TEST(MetricsRegistryTest, FamiliesRenderInRegistrationOrderTheRegistrysOwnLast) {
  MetricsRegistry registry;
  registry.AddGauge("odmcp_zz", "Z.");
  registry.AddCounter("odmcp_aa_total", "A.");
  registry.AddCallbackGauge("odmcp_mm", "M.", [] { return 1.0; });
  const std::string text = registry.Render();
  const size_t own = text.find("# HELP odmcp_metrics_series_dropped_total");
  const size_t zz = text.find("# HELP odmcp_zz");
  const size_t aa = text.find("# HELP odmcp_aa_total");
  const size_t mm = text.find("# HELP odmcp_mm");
  EXPECT_EQ(zz, 0u);
  EXPECT_LT(zz, aa);
  EXPECT_LT(aa, mm);
  EXPECT_LT(mm, own);
  EXPECT_NE(own, std::string::npos);
}

TEST(MetricsCardinalityTest, NewLabelSetsPastTheBoundGoToOther) {
  MetricsRegistry registry;
  CounterFamily& calls =
      registry.AddCounterFamily("odmcp_calls_total", "Calls.", {"tool", "outcome"}, 2);
  calls.With({"a", "ok"}).Inc();
  calls.With({"b", "ok"}).Inc();
  Counter& other = calls.With({"c", "ok"});
  other.Inc();
  EXPECT_EQ(&calls.With({"d", "error"}), &other);
  calls.With({"d", "error"}).Inc();
  calls.With({"a", "ok"}).Inc();  // admitted before the bound: its own series
  EXPECT_EQ(Section(registry.Render(), "odmcp_calls_total"),
            "# HELP odmcp_calls_total Calls.\n"
            "# TYPE odmcp_calls_total counter\n"
            "odmcp_calls_total{tool=\"_other\",outcome=\"_other\"} 2\n"
            "odmcp_calls_total{tool=\"a\",outcome=\"ok\"} 2\n"
            "odmcp_calls_total{tool=\"b\",outcome=\"ok\"} 1\n");
  // Each lookup that was redirected: c, d, d.
  EXPECT_EQ(Dropped(registry), 3u);
}

TEST(MetricsCardinalityTest, BoundIsPerFamily) {
  MetricsRegistry registry;
  HistogramFamily& small = registry.AddHistogramFamily("odmcp_small", "S.", {"k"}, {1}, 1);
  GaugeFamily& large = registry.AddGaugeFamily("odmcp_large", "L.", {"k"});
  small.With({"a"}).Observe(0.5);
  small.With({"b"}).Observe(3);
  for (int i = 0; i < 50; ++i) large.With({std::to_string(i)}).Set(i);
  const std::string text = registry.Render();
  EXPECT_EQ(Section(text, "odmcp_small"),
            "# HELP odmcp_small S.\n"
            "# TYPE odmcp_small histogram\n"
            "odmcp_small_bucket{k=\"_other\",le=\"1\"} 0\n"
            "odmcp_small_bucket{k=\"_other\",le=\"+Inf\"} 1\n"
            "odmcp_small_sum{k=\"_other\"} 3\n"
            "odmcp_small_count{k=\"_other\"} 1\n"
            "odmcp_small_bucket{k=\"a\",le=\"1\"} 1\n"
            "odmcp_small_bucket{k=\"a\",le=\"+Inf\"} 1\n"
            "odmcp_small_sum{k=\"a\"} 0.5\n"
            "odmcp_small_count{k=\"a\"} 1\n");
  EXPECT_EQ(Dropped(registry), 1u);
  EXPECT_EQ(ParseTextFormat(text).error, "");
}

TEST(MetricsCallbackTest, UnlabelledCallbacksAreReadAtEachScrape) {
  MetricsRegistry registry;
  int sessions = 3;
  double derivations = 7;
  registry.AddCallbackGauge("odmcp_sessions", "Sessions open.", [&] { return sessions; });
  registry.AddCallbackCounter("odmcp_key_derivations_total", "Derivations.",
                              [&] { return derivations; });
  EXPECT_EQ(Section(registry.Render(), "odmcp_sessions"),
            Unlabelled("odmcp_sessions", "Sessions open.", "gauge", "3"));
  sessions = 5;
  derivations = 8;
  const std::string text = registry.Render();
  EXPECT_EQ(Section(text, "odmcp_sessions"),
            Unlabelled("odmcp_sessions", "Sessions open.", "gauge", "5"));
  EXPECT_EQ(Section(text, "odmcp_key_derivations_total"),
            Unlabelled("odmcp_key_derivations_total", "Derivations.", "counter", "8"));
}

TEST(MetricsCallbackTest, LabelledCallbackRowsAreSortedAndDuplicatesSummed) {
  MetricsRegistry registry;
  registry.AddCallbackGaugeFamily("odmcp_queue_depth", "Queue depth.", {"queue"}, [] {
    return std::vector<LabelledValue>{{{"audit"}, 2}, {{"access"}, 1.5}, {{"audit"}, 1}};
  });
  EXPECT_EQ(Section(registry.Render(), "odmcp_queue_depth"),
            "# HELP odmcp_queue_depth Queue depth.\n"
            "# TYPE odmcp_queue_depth gauge\n"
            "odmcp_queue_depth{queue=\"access\"} 1.5\n"
            "odmcp_queue_depth{queue=\"audit\"} 3\n");
}

TEST(MetricsCallbackTest, LabelledCallbackFoldsRowsPastTheBound) {
  MetricsRegistry registry;
  registry.AddCallbackCounterFamily(
      "odmcp_tenant_calls_total", "Calls by tenant.", {"tenant"},
      [] {
        return std::vector<LabelledValue>{{{"d"}, 4}, {{"c"}, 3}, {{"b"}, 2}, {{"a"}, 1}};
      },
      2);
  EXPECT_EQ(Section(registry.Render(), "odmcp_tenant_calls_total"),
            "# HELP odmcp_tenant_calls_total Calls by tenant.\n"
            "# TYPE odmcp_tenant_calls_total counter\n"
            "odmcp_tenant_calls_total{tenant=\"_other\"} 7\n"
            "odmcp_tenant_calls_total{tenant=\"a\"} 1\n"
            "odmcp_tenant_calls_total{tenant=\"b\"} 2\n");
  // Two rows folded at each scrape, this one's included.
  EXPECT_EQ(Dropped(registry), 4u);
}

TEST(MetricsTextFormatTest, AWholeScrapeParses) {
  MetricsRegistry registry;
  CounterFamily& calls = registry.AddCounterFamily("odmcp_tool_calls_total", "Tool calls.",
                                                   {"plugin", "tool", "outcome"}, 3);
  HistogramFamily& latency = registry.AddHistogramFamily("odmcp_tool_call_duration_seconds",
                                                         "Tool call latency.", {"tool"});
  registry.AddGauge("odmcp_build_info", "Build.");  // the caller would Set(1)
  registry.AddGaugeFamily("odmcp_info", "Version \\ info\n.", {"version", "abi"})
      .With({"0.1.0\"beta\"", "1.2"})
      .Set(1);
  registry.AddCallbackGaugeFamily("odmcp_cb", "Callback.", {"k"}, [] {
    return std::vector<LabelledValue>{{{"x"}, std::nan("")}, {{"y"}, -1}};
  });
  for (int i = 0; i < 5; ++i) {
    calls.With({"orders", "t" + std::to_string(i), "ok"}).Add(i + 1);
    latency.With({"t" + std::to_string(i)}).Observe(0.001 * i * i);
    latency.With({"t" + std::to_string(i)}).Observe(30);
  }
  const ParsedScrape scrape = ParseTextFormat(registry.Render());
  ASSERT_EQ(scrape.error, "") << registry.Render();
  EXPECT_EQ(scrape.types.size(), 6u);
  EXPECT_EQ(scrape.types.at("odmcp_tool_call_duration_seconds"), "histogram");
  // 3 counter series + _other; 5 histogram series of 15 buckets, sum, count.
  size_t counters = 0;
  size_t histogram_lines = 0;
  for (const ParsedSample& sample : scrape.samples) {
    counters += sample.name == "odmcp_tool_calls_total";
    histogram_lines += sample.name.starts_with("odmcp_tool_call_duration_seconds");
  }
  EXPECT_EQ(counters, 4u);
  EXPECT_EQ(histogram_lines, 5u * 17u);
}

TEST(MetricsTextFormatTest, CheckerRejectsMalformedScrapes) {
  const char* const kBad[] = {
      "odmcp_x 1\n",                                          // no TYPE
      "# TYPE odmcp_x gauge\nodmcp_x 1",                      // no final newline
      "# TYPE odmcp_x gauge\nodmcp_x{a=\"b\"c\"} 1\n",        // raw quote
      "# TYPE odmcp_x gauge\nodmcp_x{a=\"\\t\"} 1\n",         // bad escape
      "# TYPE odmcp_x gauge\nodmcp_x 1e6\n",                  // Go writes e+06
      "# TYPE odmcp_x gauge\nodmcp_x 1\nodmcp_x 2\n",         // repeated
      "# TYPE odmcp_x gauge\n# HELP odmcp_x h\nodmcp_x 1\n",  // HELP after TYPE
      "# TYPE odmcp_h histogram\nodmcp_h_bucket{le=\"1\"} 1\nodmcp_h_count 1\n",  // no +Inf
      ("# TYPE odmcp_h histogram\nodmcp_h_bucket{le=\"1\"} 2\n"
       "odmcp_h_bucket{le=\"+Inf\"} 1\nodmcp_h_count 1\n"),  // not cumulative
      "# TYPE odmcp_h histogram\nodmcp_h_bucket{le=\"+Inf\"} 2\nodmcp_h_count 1\n",
  };
  for (const char* text : kBad) EXPECT_NE(ParseTextFormat(text).error, "") << text;
}

class MetricsMisuseDeathTest : public testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  MetricsRegistry registry_;
};

TEST_F(MetricsMisuseDeathTest, BadMetricName) {
  EXPECT_DEATH(registry_.AddGauge("odmcp-x", "X."), "metric name \"odmcp-x\" does not match");
  EXPECT_DEATH(registry_.AddGauge("", "X."), "metric name \"\" does not match");
}

TEST_F(MetricsMisuseDeathTest, CounterWithoutTotal) {
  EXPECT_DEATH(registry_.AddCounter("odmcp_calls", "X."), "must have a name ending in _total");
  EXPECT_DEATH(registry_.AddCallbackCounter("odmcp_calls", "X.", [] { return 0.0; }),
               "ending in _total");
}

TEST_F(MetricsMisuseDeathTest, BadOrReservedLabelNames) {
  EXPECT_DEATH(registry_.AddGaugeFamily("odmcp_g", "G.", {"a-b"}), "label name \"a-b\"");
  EXPECT_DEATH(registry_.AddGaugeFamily("odmcp_g", "G.", {"__name"}), "starts with __");
  EXPECT_DEATH(registry_.AddGaugeFamily("odmcp_g", "G.", {"a", "a"}), "appears twice");
  EXPECT_DEATH(registry_.AddHistogramFamily("odmcp_h", "H.", {"le"}), "cannot have a label");
}

TEST_F(MetricsMisuseDeathTest, NameUsedTwice) {
  registry_.AddGauge("odmcp_g", "G.");
  registry_.AddHistogram("odmcp_h", "H.");
  EXPECT_DEATH(registry_.AddGauge("odmcp_g", "G."), "uses the name odmcp_g");
  EXPECT_DEATH(registry_.AddGauge("odmcp_h_count", "G."), "uses the name odmcp_h_count");
  EXPECT_DEATH(registry_.AddGauge("odmcp_h", "G."), "uses the name odmcp_h");
  EXPECT_DEATH(registry_.AddCounter("odmcp_metrics_series_dropped_total", "C."), "uses the name");
}

TEST_F(MetricsMisuseDeathTest, BadBucketBounds) {
  EXPECT_DEATH(registry_.AddHistogram("odmcp_h", "H.", {1, 0.5}), "strictly increasing");
  EXPECT_DEATH(registry_.AddHistogram("odmcp_h", "H.", {1, 1}), "strictly increasing");
  EXPECT_DEATH(
      registry_.AddHistogram("odmcp_h", "H.", {1, std::numeric_limits<double>::infinity()}),
      "must be finite");
}

TEST_F(MetricsMisuseDeathTest, ZeroMaxSeries) {
  EXPECT_DEATH(registry_.AddGaugeFamily("odmcp_g", "G.", {"a"}, 0), "max_series 0");
}

TEST_F(MetricsMisuseDeathTest, WrongNumberOfLabelValues) {
  CounterFamily& family = registry_.AddCounterFamily("odmcp_c_total", "C.", {"tool", "outcome"});
  EXPECT_DEATH(family.With({"orders_get"}),
               "odmcp_c_total takes 2 label values \\(tool, outcome\\), not 1");
  registry_.AddCallbackGaugeFamily("odmcp_g", "G.", {"a"}, [] {
    return std::vector<LabelledValue>{{{"x", "y"}, 1}};
  });
  EXPECT_DEATH(registry_.Render(), "odmcp_g takes 1 label values");
}

}  // namespace
}  // namespace odmcp::metrics
