#include "host/services/http_client/url.h"

#include <cctype>
#include <charconv>

namespace odmcp {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

bool IsRegNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

bool IsIpv6Char(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.'; }

// Splits "host[:port]" (host possibly "[v6]") into out->host and out->port.
bool ParseAuthority(std::string_view authority, HttpUrl* out, std::string* error) {
  if (authority.find('@') != std::string_view::npos) {
    *error = "URL must not contain user information; send credentials in headers";
    return false;
  }
  std::string_view host;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      *error = "URL has an unterminated IPv6 address";
      return false;
    }
    host = authority.substr(1, close - 1);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        *error = "URL has text after its IPv6 address";
        return false;
      }
      port_text = rest.substr(1);
    }
    for (char c : host) {
      if (!IsIpv6Char(c)) {
        *error = "URL has an invalid IPv6 address";
        return false;
      }
    }
  } else {
    const size_t colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    for (char c : host) {
      if (!IsRegNameChar(c)) {
        *error = "URL has an invalid character in its host name";
        return false;
      }
    }
  }
  if (host.empty()) {
    *error = "URL has no host";
    return false;
  }
  out->host.clear();
  for (char c : host) out->host.push_back(Lower(c));
  if (port_text.empty()) {
    out->port = out->https() ? 443 : 80;
    return true;
  }
  int port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    *error = "URL has an invalid port";
    return false;
  }
  out->port = port;
  return true;
}

}  // namespace

std::string HttpUrl::Origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool ParseHttpUrl(std::string_view url, HttpUrl* out, std::string* error) {
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      // A CR or LF here would let the URL inject headers into the request.
      *error = "URL contains a control character";
      return false;
    }
  }
  if (StartsWithNoCase(url, "https://")) {
    out->scheme = "https";
    url.remove_prefix(8);
  } else if (StartsWithNoCase(url, "http://")) {
    out->scheme = "http";
    url.remove_prefix(7);
  } else {
    *error = "URL must be absolute and start with http:// or https://";
    return false;
  }
  const size_t fragment = url.find('#');
  if (fragment != std::string_view::npos) url = url.substr(0, fragment);
  const size_t target_start = url.find_first_of("/?");
  if (!ParseAuthority(url.substr(0, target_start), out, error)) return false;

  std::string_view target = target_start == std::string_view::npos ? "" : url.substr(target_start);
  out->target.clear();
  if (target.empty() || target.front() == '?') out->target.push_back('/');
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == ' ' || byte > 0x7e) {
      out->target.push_back('%');
      out->target.push_back(kHex[byte >> 4]);
      out->target.push_back(kHex[byte & 0xf]);
    } else {
      out->target.push_back(c);
    }
  }
  return true;
}

}  // namespace odmcp
