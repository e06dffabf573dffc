// The MCP protocol revisions the host speaks, by era.
//
// Legacy era (initialize handshake, sessions): 2024-11-05 to 2025-11-25.
// Stateless era (per-request _meta, no handshake): 2026-07-28.
#ifndef ODMCP_HOST_PROTOCOL_VERSIONS_H_
#define ODMCP_HOST_PROTOCOL_VERSIONS_H_

#include <array>
#include <string_view>

namespace odmcp {

inline constexpr std::array<std::string_view, 4> kLegacyVersions = {
    "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
inline constexpr std::array<std::string_view, 1> kStatelessVersions = {"2026-07-28"};

bool IsLegacyVersion(std::string_view version);
bool IsStatelessVersion(std::string_view version);

// The version to answer an initialize request with: the client's if the host
// supports it, else the newest legacy version (the client may then leave).
std::string_view NegotiateLegacyVersion(std::string_view requested);

// "legacy" or "stateless".
}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_VERSIONS_H_
