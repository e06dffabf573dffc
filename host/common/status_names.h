// Names of the ABI's canonical status codes, for messages and logs.
#ifndef ODMCP_HOST_COMMON_STATUS_NAMES_H_
#define ODMCP_HOST_COMMON_STATUS_NAMES_H_

#include <odmcp/plugin.h>

#include <string_view>

namespace odmcp {

// "OK", "INVALID_ARGUMENT", ...; "STATUS_<n>" is never returned: unknown
// codes map to "UNKNOWN".
std::string_view StatusName(odmcp_status status);

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_STATUS_NAMES_H_
