// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/api_context.h"

#include <algorithm>

#include "sandbox/date_time.h"
#include "sandbox/text_util.h"

namespace odmcp::sandbox {

bool ParsePathId(std::string_view text, int64_t* id) { return ParseInt64(text, id) && *id > 0; }

ApiStatus NotFound(std::string_view what, std::string_view id) {
  return ApiStatus::NotFound(std::string(what) + " " + std::string(id) + " Not Found");
}

bool ParseOrderPathIds(const ApiRequest& request, std::string_view child, int64_t* order_id,
                       int64_t* child_id, ApiStatus* status) {
  if (!ParsePathId(request.param(0), order_id)) {
    *status = NotFound("Order", request.param(0));
    return false;
  }
  if (request.route.params.size() > 1 && !ParsePathId(request.param(1), child_id)) {
    *status = NotFound(child, request.param(1));
    return false;
  }
  return true;
}

UnixSeconds NextUpdateTime(UnixSeconds previous) { return std::max(NowUnixSeconds(), previous + 1); }

}  // namespace odmcp::sandbox
