#include "host/plugins/uri_template.h"

#include <algorithm>
#include <cctype>

namespace odmcp {
namespace {

bool IsVariableName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_';
  });
}

}  // namespace

StatusOr<UriTemplate> UriTemplate::Parse(std::string_view text) {
  if (text.empty()) return Status(ODMCP_INVALID_ARGUMENT, "the URI template is empty");
  UriTemplate parsed;
  parsed.text_ = std::string(text);
  std::string literal;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "'}' at offset " + std::to_string(i) + " closes nothing");
    }
    if (text[i] != '{') {
      literal += text[i];
      continue;
    }
    size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "'{' at offset " + std::to_string(i) + " is never closed");
    }
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (!IsVariableName(name)) {
      return Status(ODMCP_INVALID_ARGUMENT,
                    "\"{" + std::string(name) +
                        "}\" is not a simple variable: only {name} with letters, digits and '_' "
                        "(no RFC 6570 operators)");
    }
    if (std::find(parsed.variables_.begin(), parsed.variables_.end(), name) !=
        parsed.variables_.end()) {
      return Status(ODMCP_INVALID_ARGUMENT, "variable \"" + std::string(name) + "\" is used twice");
    }
    if (!parsed.variables_.empty() && literal.empty()) {
      return Status(ODMCP_INVALID_ARGUMENT, "variables \"" + parsed.variables_.back() +
                                                "\" and \"" + std::string(name) +
                                                "\" need literal text between them");
    }
    parsed.literals_.push_back(std::move(literal));
    literal.clear();
    parsed.variables_.emplace_back(name);
    i = close;
  }
  parsed.literals_.push_back(std::move(literal));
  return parsed;
}

std::optional<std::vector<std::pair<std::string, std::string>>> UriTemplate::Match(
    std::string_view uri) const {
  if (uri.substr(0, literals_[0].size()) != literals_[0]) return std::nullopt;
  size_t at = literals_[0].size();
  std::vector<std::pair<std::string, std::string>> values;
  for (size_t v = 0; v < variables_.size(); ++v) {
    const std::string& next = literals_[v + 1];
    // A value runs to the first '/' or, when literal text follows, to the
    // first occurrence of that text: values never contain '/'.
    size_t end = uri.find('/', at);
    if (end == std::string_view::npos) end = uri.size();
    if (!next.empty()) {
      size_t found = uri.find(next, at);
      if (found == std::string_view::npos) return std::nullopt;
      end = std::min(end, found);
    }
    if (end == at) return std::nullopt;
    values.emplace_back(variables_[v], std::string(uri.substr(at, end - at)));
    at = end;
    if (uri.substr(at, next.size()) != next) return std::nullopt;
    at += next.size();
  }
  if (at != uri.size()) return std::nullopt;
  return values;
}

}  // namespace odmcp
