// ToolGrant: the tools a request may see and call, from the scopes of its
// access token (DESIGN.md section 10, "Access").
//
// The scopes that mean tools:
//   tools:read        every plugin's read-only tools (annotations say
//                     readOnlyHint true)
//   tools:write       every tool
//   <plugin>:read     the read-only tools of one plugin ("orders:read")
//   <plugin>:write    every tool of one plugin
// A write scope implies the read scope of the same reach: the MCP
// authorization rules (2026-07-28, "Step-Up Authorization Flow") make a
// server account for scope hierarchies, so a client that was challenged for
// "tools:write" and got it is not refused a read. Scopes of anything else
// ("openid", "email", another resource's) are ignored. A request that
// carries no grant (a master key, stdio, a host without tenants) may use
// every tool: RequestContext holds a null grant for it.
//
// Value type; const methods are thread-safe.
#ifndef ODMCP_HOST_AUTH_TOOL_GRANT_H_
#define ODMCP_HOST_AUTH_TOOL_GRANT_H_

#include <set>
#include <string>
#include <string_view>

namespace odmcp {

class ToolGrant {
 public:
  // `scope`: space-separated scope tokens (RFC 6749 section 3.3), as in a
  // token's "scope" claim. Repeated or unknown tokens are harmless.
  static ToolGrant FromScope(std::string_view scope);

  // Whether a tool of `plugin` may be listed and called.
  bool Allows(std::string_view plugin, bool read_only) const;

  // The scope to challenge a client with (403 insufficient_scope) when it
  // may not call such a tool: the broadest one that allows it, so that one
  // step-up covers every tool of its kind.
  static std::string_view NeededScope(bool read_only) {
    return read_only ? "tools:read" : "tools:write";
  }

  // The scopes this grant holds that mean tools, space-separated and
  // sorted (for the access log and the audit log).
  std::string ToolScopes() const;

 private:
  bool all_read_ = false;
  bool all_write_ = false;
  std::set<std::string, std::less<>> plugins_read_;
  std::set<std::string, std::less<>> plugins_write_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_TOOL_GRANT_H_
