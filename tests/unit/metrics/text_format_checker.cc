#include "tests/unit/metrics/text_format_checker.h"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <set>

namespace odmcp::metrics {
namespace {

const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
const std::regex kValue(R"([+-]Inf|NaN|-?[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?)");
const std::regex kType("counter|gauge|histogram|summary|untyped");

// `text` unescaped, or nullopt on a bad escape. A label value escapes the
// double quote too (\"); help text has it as it is.
std::optional<std::string> Unescape(std::string_view text, bool label_value) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"' && label_value) return std::nullopt;
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (++i == text.size()) return std::nullopt;
    if (text[i] == 'n') {
      out.push_back('\n');
    } else if (text[i] == '\\' || (text[i] == '"' && label_value)) {
      out.push_back(text[i]);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// `name{a="x",b="y"} value`, or an error message.
std::optional<ParsedSample> ParseSample(std::string_view line, std::string* error) {
  ParsedSample sample;
  const size_t name_end = line.find_first_of("{ ");
  if (name_end == std::string_view::npos) {
    *error = "no value";
    return std::nullopt;
  }
  sample.name = std::string(line.substr(0, name_end));
  if (!std::regex_match(sample.name, kMetricName)) {
    *error = "bad metric name";
    return std::nullopt;
  }
  size_t at = name_end;
  if (line[at] == '{') {
    ++at;
    while (line.at(at) != '}') {
      const size_t equals = line.find("=\"", at);
      if (equals == std::string_view::npos) {
        *error = "label without =\"";
        return std::nullopt;
      }
      const std::string label(line.substr(at, equals - at));
      if (!std::regex_match(label, kLabelName)) {
        *error = "bad label name " + label;
        return std::nullopt;
      }
      size_t close = equals + 2;
      while (close < line.size() && line[close] != '"') close += line[close] == '\\' ? 2 : 1;
      if (close >= line.size()) {
        *error = "unterminated label value";
        return std::nullopt;
      }
      std::optional<std::string> value =
          Unescape(line.substr(equals + 2, close - equals - 2), /*label_value=*/true);
      if (!value) {
        *error = "bad escape in label value";
        return std::nullopt;
      }
      sample.labels.emplace_back(label, *value);
      at = close + 1;
      if (line.at(at) == ',') ++at;
    }
    ++at;
  }
  if (line.at(at) != ' ') {
    *error = "no space before the value";
    return std::nullopt;
  }
  const std::string value(line.substr(at + 1));
  if (!std::regex_match(value, kValue)) {
    *error = "bad value " + value;
    return std::nullopt;
  }
  sample.value = value == "NaN" ? std::nan("") : std::strtod(value.c_str(), nullptr);
  return sample;
}

// The family a sample belongs to, given the TYPEs seen so far.
std::string FamilyOf(const std::string& sample, const std::map<std::string, std::string>& types) {
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (!sample.ends_with(suffix)) continue;
    const std::string base = sample.substr(0, sample.size() - suffix.size());
    auto type = types.find(base);
    if (type != types.end() && type->second == "histogram") return base;
  }
  return sample;
}

// Labels without le, as a key.
std::string SeriesKey(const ParsedSample& sample) {
  std::string key = sample.name.substr(0, sample.name.rfind('_')) + "{";
  for (const auto& [name, value] : sample.labels) {
    if (name != "le") key += name + "=" + value + ",";
  }
  return key;
}

std::string CheckHistograms(const ParsedScrape& scrape) {
  struct Buckets {
    std::vector<std::pair<double, double>> le_counts;
    std::optional<double> count;
  };
  std::map<std::string, Buckets> series;
  for (const ParsedSample& sample : scrape.samples) {
    auto type = scrape.types.find(FamilyOf(sample.name, scrape.types));
    if (type->second != "histogram") continue;
    Buckets& buckets = series[SeriesKey(sample)];
    if (sample.name.ends_with("_count")) buckets.count = sample.value;
    if (!sample.name.ends_with("_bucket")) continue;
    std::optional<double> le;
    for (const auto& [name, value] : sample.labels) {
      if (name == "le" && std::regex_match(value, kValue)) le = std::strtod(value.c_str(), nullptr);
    }
    if (!le) return "histogram bucket without a valid le: " + sample.name;
    buckets.le_counts.emplace_back(*le, sample.value);
  }
  for (const auto& [key, buckets] : series) {
    if (buckets.le_counts.empty() || !std::isinf(buckets.le_counts.back().first)) {
      return key + ": no +Inf bucket last";
    }
    for (size_t i = 1; i < buckets.le_counts.size(); ++i) {
      if (!(buckets.le_counts[i - 1].first < buckets.le_counts[i].first) ||
          buckets.le_counts[i - 1].second > buckets.le_counts[i].second) {
        return key + ": buckets not increasing and cumulative";
      }
    }
    if (buckets.count != buckets.le_counts.back().second) return key + ": +Inf is not _count";
  }
  return "";
}

}  // namespace

ParsedScrape ParseTextFormat(std::string_view text) {
  ParsedScrape scrape;
  if (!text.empty() && !text.ends_with('\n')) {
    scrape.error = "the last line does not end in a newline";
    return scrape;
  }
  std::string family;  // of the last TYPE line
  std::set<std::string> seen;
  size_t line_number = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    std::string error;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const std::string_view rest = line.substr(7);
      const size_t space = rest.find(' ');
      const std::string name(rest.substr(0, space));
      const std::string_view body =
          space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      if (!std::regex_match(name, kMetricName)) {
        error = "bad name in comment";
      } else if (line[2] == 'H') {
        std::optional<std::string> help = Unescape(body, /*label_value=*/false);
        if (!help || scrape.helps.contains(name) || scrape.types.contains(name)) {
          error = "bad or repeated HELP, or HELP after TYPE";
        } else {
          scrape.helps[name] = *help;
        }
      } else if (!std::regex_match(std::string(body), kType) || scrape.types.contains(name)) {
        error = "bad or repeated TYPE";
      } else {
        scrape.types[name] = std::string(body);
        family = name;
      }
    } else if (line.starts_with("#") || line.empty()) {
      error = "unexpected comment or empty line";
    } else if (std::optional<ParsedSample> sample = ParseSample(line, &error)) {
      std::string identity = sample->name;
      for (const auto& [name, value] : sample->labels) identity += "," + name + "=" + value;
      if (FamilyOf(sample->name, scrape.types) != family) {
        error = "sample outside its family's TYPE";
      } else if (!seen.insert(identity).second) {
        error = "sample repeated";
      } else {
        scrape.samples.push_back(std::move(*sample));
      }
    }
    if (!error.empty()) {
      scrape.error =
          "line " + std::to_string(line_number) + " (" + std::string(line) + "): " + error;
      return scrape;
    }
  }
  scrape.error = CheckHistograms(scrape);
  return scrape;
}

}  // namespace odmcp::metrics
