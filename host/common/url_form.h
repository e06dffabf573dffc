// application/x-www-form-urlencoded text (the WHATWG URL standard's form),
// as query strings and OAuth request bodies carry it.
#ifndef ODMCP_HOST_COMMON_URL_FORM_H_
#define ODMCP_HOST_COMMON_URL_FORM_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace odmcp {

// The name=value pairs of `text`, percent-decoded ('+' is a space), in
// order; a pair without '=' has an empty value and empty pairs are
// skipped. nullopt if a '%' is not followed by two hex digits.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseUrlForm(std::string_view text);

// The value of `name` in `text`, decoded; nullopt if absent or undecodable.
std::optional<std::string> UrlFormValue(std::string_view text, std::string_view name);

// `text` percent-encoded for a form or a query: every byte but ALPHA,
// DIGIT, '-', '.', '_' and '~' (RFC 3986 unreserved) becomes %XX.
std::string UrlEncode(std::string_view text);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_URL_FORM_H_
