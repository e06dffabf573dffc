// Copyright 2026 The orderdesk-mcp Authors.
//
// What an API route handler receives, and helpers the handlers share.
// A handler runs after authentication, rate limiting and fault injection;
// it takes the store's lock itself (shared to read, exclusive to write) and
// returns the reply to send.
//
// Thread-safety: an ApiRequest belongs to one request; the ApiContext's
// store and id sequences are shared (see StoreData and IdSequences).

#ifndef ODMCP_SANDBOX_API_CONTEXT_H_
#define ODMCP_SANDBOX_API_CONTEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "httplib.h"
#include "sandbox/api_routes.h"
#include "sandbox/dataset.h"
#include "sandbox/envelope.h"
#include "sandbox/store_data.h"

namespace odmcp::sandbox {

struct ApiRequest {
  const httplib::Request& http;
  RouteMatch route;
  RequestClock::time_point started;

  // The value of the route's n-th {placeholder}.
  std::string_view param(size_t n) const { return route.params.at(n); }
};

struct ApiContext {
  StoreData& store;
  IdSequences& ids;
};

using ApiHandler = ApiReply (*)(const ApiRequest& request, ApiContext& context);

// Parses an id from a path segment: a positive decimal integer.
bool ParsePathId(std::string_view text, int64_t* id);

// "Order 123 Not Found" and friends, for ids as the client wrote them.
ApiStatus NotFound(std::string_view what, std::string_view id);

// Parses the {order_id} and, when the route has one, the second id (an
// order item or a shipment, named `child` in messages) of the path. On
// failure returns false with the 404 to send in *status.
bool ParseOrderPathIds(const ApiRequest& request, std::string_view child, int64_t* order_id,
                       int64_t* child_id, ApiStatus* status);

// The date_updated for a write now: the current time, or one second after
// the previous value if that is later, so every write changes it (clients
// detect concurrent edits by comparing it).
UnixSeconds NextUpdateTime(UnixSeconds previous);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_API_CONTEXT_H_
