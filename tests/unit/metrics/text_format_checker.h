// A strict reader of Prometheus text format 0.0.4, for tests: it checks
// that a scrape would parse, and returns the samples so tests can look at
// values.
//
// Beyond line syntax it checks what Prometheus needs of a whole scrape:
// HELP before TYPE, one TYPE per family, every sample under the TYPE of
// its family (histograms: _bucket, _sum, _count), no sample twice, and
// per histogram series: le bounds increasing and ending in +Inf, bucket
// counts cumulative, and the +Inf bucket equal to _count.
#ifndef ODMCP_TESTS_UNIT_METRICS_TEXT_FORMAT_CHECKER_H_
#define ODMCP_TESTS_UNIT_METRICS_TEXT_FORMAT_CHECKER_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace odmcp::metrics {

struct ParsedSample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;  // unescaped, in order
  double value;
};

struct ParsedScrape {
  std::string error;  // empty when the text is well formed
  std::vector<ParsedSample> samples;
  std::map<std::string, std::string> types;  // family name -> TYPE
  std::map<std::string, std::string> helps;  // family name -> HELP, unescaped
};

ParsedScrape ParseTextFormat(std::string_view text);

}  // namespace odmcp::metrics

#endif  // ODMCP_TESTS_UNIT_METRICS_TEXT_FORMAT_CHECKER_H_
