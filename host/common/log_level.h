// Log levels by name: MCP's eight levels, which are also the ABI's
// (ODMCP_LOG_DEBUG = 0 ... ODMCP_LOG_EMERGENCY = 7) and the host log's.
#ifndef ODMCP_HOST_COMMON_LOG_LEVEL_H_
#define ODMCP_HOST_COMMON_LOG_LEVEL_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace odmcp {

// "debug", "info", ..., "emergency"; "unknown" outside the range.
std::string_view LogLevelName(int32_t level);
// The level named `name`, or nullopt.
std::optional<int32_t> ParseLogLevel(std::string_view name);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_LOG_LEVEL_H_
