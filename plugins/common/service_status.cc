#include "plugins/common/service_status.h"

#include <string>

namespace odmcp::orderdesk {

Status ServiceFailure(odmcp_status code, std::string_view doing) {
  switch (code) {
    case ODMCP_UNAUTHENTICATED:
      return Status(ODMCP_UNAUTHENTICATED, std::string(kNoTenantMessage));
    case ODMCP_UNIMPLEMENTED:
      return Status(ODMCP_UNIMPLEMENTED, "This server has no service for " + std::string(doing) +
                                             " (it runs without tenants, or the operator has "
                                             "not configured it).");
    case ODMCP_DATA_LOSS:
      return Status(ODMCP_DATA_LOSS, "A stored entry failed its integrity check while " +
                                         std::string(doing) +
                                         ". Delete the store with stores_delete and register "
                                         "it again with stores_register.");
    default:
      return Status(ODMCP_INTERNAL,
                    std::string(doing) + " failed with " + std::string(StatusName(code)));
  }
}

}  // namespace odmcp::orderdesk
