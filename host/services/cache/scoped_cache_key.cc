#include "host/services/cache/scoped_cache_key.h"

namespace odmcp {
namespace {

constexpr char kSeparator = '\x1f';
constexpr char kEscape = '\x1e';

void AppendEscaped(std::string& out, std::string_view component) {
  for (char c : component) {
    if (c == kEscape) {
      out += kEscape;
      out += kEscape;
    } else if (c == kSeparator) {
      out += kEscape;
      out += '\x01';
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string ScopedCacheKey(std::string_view tenant, std::string_view plugin, std::string_view key) {
  std::string out;
  out.reserve(tenant.size() + plugin.size() + key.size() + 2);
  AppendEscaped(out, tenant);
  out += kSeparator;
  AppendEscaped(out, plugin);
  out += kSeparator;
  out.append(key);
  return out;
}

}  // namespace odmcp
