#include "host/services/metrics/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "host/services/metrics/checks.h"

namespace odmcp::metrics {
namespace {

TEST(MetricsFormatValueTest, WritesIntegersInPlainDigits) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(-0.0), "0");
  EXPECT_EQ(FormatValue(1), "1");
  EXPECT_EQ(FormatValue(-42), "-42");
  EXPECT_EQ(FormatValue(1e6), "1000000");
  EXPECT_EQ(FormatValue(9007199254740992.0), "9007199254740992");  // 2^53
}

TEST(MetricsFormatValueTest, WritesOtherNumbersShortestAndRoundTrip) {
  EXPECT_EQ(FormatValue(0.0005), "0.0005");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(2.5), "2.5");
  EXPECT_EQ(FormatValue(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatValue(1e-5), "1e-05");
  EXPECT_EQ(FormatValue(1.5e300), "1.5e+300");
  EXPECT_EQ(FormatValue(1e20), "1e+20");  // an integer, but beyond 2^53
  for (double value : {1.0 / 3, 123456.789, 5e-324, 1.7976931348623157e308, -2.5e-7}) {
    // strtod, not stod, which throws on the subnormal.
    EXPECT_EQ(std::strtod(FormatValue(value).c_str(), nullptr), value) << FormatValue(value);
  }
}

TEST(MetricsFormatValueTest, WritesInfinitiesAndNaNAsPrometheusDoes) {
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

TEST(MetricsExpositionTest, EscapesLabelValues) {
  const std::vector<std::string> names = {"path", "quote"};
  const std::vector<std::string> values = {"C:\\dir\nline2", "say \"hi\""};
  EXPECT_EQ(FormatLabelPairs(names, values), R"(path="C:\\dir\nline2",quote="say \"hi\"")");
  EXPECT_EQ(FormatLabelPairs({}, {}), "");
}

TEST(MetricsExpositionTest, EscapesHelpBackslashAndNewlineButNotQuotes) {
  std::string out;
  AppendHeader(&out, "odmcp_x", "a \\ b\n\"c\"", MetricType::kGauge);
  EXPECT_EQ(out,
            "# HELP odmcp_x a \\\\ b\\n\"c\"\n"
            "# TYPE odmcp_x gauge\n");
}

TEST(MetricsExpositionTest, WritesSampleLines) {
  std::string out;
  AppendSample(&out, "odmcp_x", "", "", "1");
  AppendSample(&out, "odmcp_x", "_bucket", "", "2", "0.5");
  AppendSample(&out, "odmcp_x", "_bucket", R"(a="b")", "3", "+Inf");
  AppendSample(&out, "odmcp_x", "_sum", R"(a="b")", "4.5");
  EXPECT_EQ(out,
            "odmcp_x 1\n"
            "odmcp_x_bucket{le=\"0.5\"} 2\n"
            "odmcp_x_bucket{a=\"b\",le=\"+Inf\"} 3\n"
            "odmcp_x_sum{a=\"b\"} 4.5\n");
}

TEST(MetricsChecksTest, MetricNames) {
  EXPECT_TRUE(IsValidMetricName("odmcp_tool_calls_total"));
  EXPECT_TRUE(IsValidMetricName("job:rate5m"));
  EXPECT_TRUE(IsValidMetricName("_x"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_FALSE(IsValidMetricName("1x"));
  EXPECT_FALSE(IsValidMetricName("odmcp-x"));
  EXPECT_FALSE(IsValidMetricName("odmcp x"));
  EXPECT_FALSE(IsValidMetricName("odmcp_é"));
}

TEST(MetricsChecksTest, LabelNames) {
  EXPECT_TRUE(IsValidLabelName("tool"));
  EXPECT_TRUE(IsValidLabelName("_private"));
  EXPECT_TRUE(IsValidLabelName("a9"));
  EXPECT_FALSE(IsValidLabelName(""));
  EXPECT_FALSE(IsValidLabelName("__name__"));
  EXPECT_FALSE(IsValidLabelName("9a"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("a-b"));
}

}  // namespace
}  // namespace odmcp::metrics
