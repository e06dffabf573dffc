#include "host/auth/tool_grant.h"

namespace odmcp {
namespace {

constexpr std::string_view kRead = ":read";
constexpr std::string_view kWrite = ":write";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

ToolGrant ToolGrant::FromScope(std::string_view scope) {
  ToolGrant grant;
  size_t start = 0;
  while (start < scope.size()) {
    size_t end = scope.find(' ', start);
    if (end == std::string_view::npos) end = scope.size();
    const std::string_view token = scope.substr(start, end - start);
    start = end + 1;
    if (token == "tools:read") {
      grant.all_read_ = true;
    } else if (token == "tools:write") {
      grant.all_write_ = true;
    } else if (EndsWith(token, kWrite)) {
      grant.plugins_write_.emplace(token.substr(0, token.size() - kWrite.size()));
    } else if (EndsWith(token, kRead)) {
      grant.plugins_read_.emplace(token.substr(0, token.size() - kRead.size()));
    }
  }
  return grant;
}

bool ToolGrant::Allows(std::string_view plugin, bool read_only) const {
  if (all_write_ || plugins_write_.count(plugin) != 0) return true;
  return read_only && (all_read_ || plugins_read_.count(plugin) != 0);
}

std::string ToolGrant::ToolScopes() const {
  std::set<std::string> scopes;
  if (all_read_) scopes.emplace("tools:read");
  if (all_write_) scopes.emplace("tools:write");
  for (const std::string& plugin : plugins_read_) scopes.emplace(plugin + std::string(kRead));
  for (const std::string& plugin : plugins_write_) scopes.emplace(plugin + std::string(kWrite));
  std::string joined;
  for (const std::string& scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += scope;
  }
  return joined;
}

}  // namespace odmcp
