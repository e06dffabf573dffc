// UriTemplate: the simple RFC 6570 templates resource templates use, such as
// "orderdesk://stores/{store}/orders/{id}": literal text and "{name}"
// variables, each matching one or more characters other than '/'.
//
// Immutable after Parse; thread-compatible.
#ifndef ODMCP_HOST_PLUGINS_URI_TEMPLATE_H_
#define ODMCP_HOST_PLUGINS_URI_TEMPLATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/common/status.h"

namespace odmcp {

class UriTemplate {
 public:
  // Fails, saying why, for an empty template, an unclosed or empty brace, a
  // variable that is not [A-Za-z0-9_]+, a variable used twice, two variables
  // with nothing between them, or any RFC 6570 operator ("{+x}", "{?x}").
  static StatusOr<UriTemplate> Parse(std::string_view text);

  // The variables' values if `uri` matches, in template order.
  std::optional<std::vector<std::pair<std::string, std::string>>> Match(std::string_view uri) const;

  const std::string& text() const { return text_; }
  const std::vector<std::string>& variables() const { return variables_; }

 private:
  UriTemplate() = default;

  std::string text_;
  // Literal text before each variable, then the text after the last one:
  // literals_.size() == variables_.size() + 1.
  std::vector<std::string> literals_;
  std::vector<std::string> variables_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_URI_TEMPLATE_H_
