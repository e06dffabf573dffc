// Small pieces of HTTP's text rules (RFC 9110) that several layers parse.
#ifndef ODMCP_HOST_COMMON_HTTP_TEXT_H_
#define ODMCP_HOST_COMMON_HTTP_TEXT_H_

#include <string_view>

namespace odmcp {

// `s` without the optional whitespace (spaces and tabs) around it.
inline std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_HTTP_TEXT_H_
