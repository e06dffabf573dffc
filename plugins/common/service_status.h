// Messages for failures of the host's services (vault, session, cache).
#ifndef ODMCP_PLUGINS_COMMON_SERVICE_STATUS_H_
#define ODMCP_PLUGINS_COMMON_SERVICE_STATUS_H_

#include <string_view>

#include "plugins/common/status.h"

namespace odmcp::orderdesk {

// What a tool says when its request has no tenant (a service answered
// UNAUTHENTICATED): how to authenticate on either transport.
inline constexpr std::string_view kNoTenantMessage =
    "No tenant: over stdio set ODMCP_MASTER_KEY or call tenant_use_master_key with your "
    "master key; over HTTP send Authorization: Bearer <master key>.";

// The failure (code not OK) of a host service while `doing`, a phrase such as
// "reading the registered stores": UNAUTHENTICATED gives kNoTenantMessage;
// UNIMPLEMENTED says the server lacks the service; DATA_LOSS says a stored
// entry failed its integrity check; anything else is INTERNAL.
Status ServiceFailure(odmcp_status code, std::string_view doing);

}  // namespace odmcp::orderdesk

#endif  // ODMCP_PLUGINS_COMMON_SERVICE_STATUS_H_
