#include "plugins/common/status.h"

namespace odmcp::orderdesk {

std::string_view StatusName(odmcp_status code) {
  switch (code) {
    case ODMCP_OK: return "OK";
    case ODMCP_CANCELLED: return "CANCELLED";
    case ODMCP_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case ODMCP_DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case ODMCP_NOT_FOUND: return "NOT_FOUND";
    case ODMCP_ALREADY_EXISTS: return "ALREADY_EXISTS";
    case ODMCP_PERMISSION_DENIED: return "PERMISSION_DENIED";
    case ODMCP_RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case ODMCP_FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case ODMCP_ABORTED: return "ABORTED";
    case ODMCP_OUT_OF_RANGE: return "OUT_OF_RANGE";
    case ODMCP_UNIMPLEMENTED: return "UNIMPLEMENTED";
    case ODMCP_INTERNAL: return "INTERNAL";
    case ODMCP_UNAVAILABLE: return "UNAVAILABLE";
    case ODMCP_DATA_LOSS: return "DATA_LOSS";
    case ODMCP_UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

odmcp_status Fail(Call& call, const Status& status) {
  if (status.code() == ODMCP_INTERNAL) call.Log(ODMCP_LOG_ERROR, status.message());
  call.Error(status.message());
  return status.ok() ? ODMCP_INTERNAL : status.code();
}

}  // namespace odmcp::orderdesk
