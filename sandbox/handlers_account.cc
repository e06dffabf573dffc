// Copyright 2026 The orderdesk-mcp Authors.
//
// GET /test and GET /store (reference sections 1.2 and 1.3).

#include <shared_mutex>

#include "sandbox/api_handlers.h"
#include "sandbox/date_time.h"

namespace odmcp::sandbox {

ApiReply HandleTest(const ApiRequest& request, ApiContext&) {
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("Connection Successful");
  WriteKey(&writer, "current_date_time");
  WriteDateTime(&writer, NowUnixSeconds());
  return builder.Finish();
}

ApiReply HandleGetStore(const ApiRequest& request, ApiContext& context) {
  std::shared_lock lock(context.store.mutex());
  EnvelopeBuilder builder(request.started);
  JsonWriter& writer = builder.Begin("");
  WriteKey(&writer, "store");
  WriteStore(context.store, &writer);
  return builder.Finish();
}

}  // namespace odmcp::sandbox
