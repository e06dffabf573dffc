#include "plugins/common/url.h"

namespace odmcp::orderdesk {
namespace {

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string_view WithoutTrailingSlashes(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return url;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

bool IsValidBaseUrl(std::string_view base_url) {
  std::string_view rest;
  if (base_url.substr(0, 8) == "https://") {
    rest = base_url.substr(8);
  } else if (base_url.substr(0, 7) == "http://") {
    rest = base_url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/') return false;  // no host
  for (char c : rest) {
    // A query or fragment would swallow the path appended later; controls
    // and spaces are never valid in a URL.
    if (c == '?' || c == '#' || static_cast<unsigned char>(c) <= ' ' || c == 0x7F) return false;
  }
  return true;
}

std::string BuildUrl(std::string_view base_url, std::string_view path,
                     const std::vector<QueryParam>& query) {
  std::string url(WithoutTrailingSlashes(base_url));
  if (path.empty() || path.front() != '/') url.push_back('/');
  url.append(path);
  char separator = '?';
  for (const QueryParam& param : query) {
    url.push_back(separator);
    url += PercentEncode(param.name);
    url.push_back('=');
    url += PercentEncode(param.value);
    separator = '&';
  }
  return url;
}

}  // namespace odmcp::orderdesk
