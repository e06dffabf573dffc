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

// Whether two header names (or other ASCII tokens) are equal ignoring case.
inline bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] + 32) : a[i];
    const char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] + 32) : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_HTTP_TEXT_H_
