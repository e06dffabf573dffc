// The protected-resource metadata (RFC 9728) an MCP client reads to find
// where to sign in for this server (MCP authorization, "Authorization
// Server Discovery"), and the paths it is served at.
#ifndef ODMCP_HOST_AUTH_RESOURCE_METADATA_H_
#define ODMCP_HOST_AUTH_RESOURCE_METADATA_H_

#include <string>
#include <string_view>
#include <vector>

namespace odmcp {

// The scopes that mean tools (tool_grant.h), as scopes_supported lists
// them: what a client asks for when no challenge named a scope.
inline constexpr std::string_view kToolScopes[] = {"tools:read", "tools:write"};

// The metadata document of `resource` (its "resource" member, byte for
// byte: clients compare it with the URL they were given), naming
// `authorization_servers` (issuer identifiers, each exactly as its own
// metadata spells it).
std::string ProtectedResourceMetadata(std::string_view resource,
                                      const std::vector<std::string>& authorization_servers);

// Where a client finds it first: the well-known path inserted between the
// resource's host and its path (RFC 9728 section 3.1), as the
// resource_metadata of a challenge; "" if `resource` is not a URL.
std::string ProtectedResourceMetadataUrl(std::string_view resource);

// The paths a client may fetch it at: the well-known path with the
// resource's path appended (tried first), and the bare well-known path.
std::vector<std::string> ProtectedResourceMetadataPaths(std::string_view resource);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_RESOURCE_METADATA_H_
