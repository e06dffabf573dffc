#include "host/common/status_names.h"

#include <array>

namespace odmcp {

std::string_view StatusName(odmcp_status status) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",
      "CANCELLED",
      "UNKNOWN",
      "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED",
      "NOT_FOUND",
      "ALREADY_EXISTS",
      "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION",
      "ABORTED",
      "OUT_OF_RANGE",
      "UNIMPLEMENTED",
      "INTERNAL",
      "UNAVAILABLE",
      "DATA_LOSS",
      "UNAUTHENTICATED",
  };
  if (status < 0 || static_cast<size_t>(status) >= kNames.size()) return "UNKNOWN";
  return kNames[static_cast<size_t>(status)];
}

}  // namespace odmcp
