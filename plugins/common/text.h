// Small text helpers shared by the OrderDesk plugins.
#ifndef ODMCP_PLUGINS_COMMON_TEXT_H_
#define ODMCP_PLUGINS_COMMON_TEXT_H_

#include <string_view>

namespace odmcp::orderdesk {

// text without leading and trailing ASCII whitespace.
std::string_view TrimWhitespace(std::string_view text);

// Equal when ASCII letters are folded to lower case; other bytes (UTF-8
// included) must match exactly.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

// Non-empty and only ASCII digits.
bool IsDigits(std::string_view text);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_TEXT_H_
