// Copyright 2026 The orderdesk-mcp Authors.
//
// Serves one /api/v2 request: works out the effective method
// (X-HTTP-Method-Override on POST), authenticates the store, counts the
// request, applies injected faults, enforces the store's rate limit, runs
// the route's handler and sets the headers every response carries
// (X-Tokens-Remaining, X-Retry-After on 429).
//
// Thread-safety: Handle is called concurrently from server threads; the
// dispatcher holds no mutable state of its own.

#ifndef ODMCP_SANDBOX_API_DISPATCHER_H_
#define ODMCP_SANDBOX_API_DISPATCHER_H_

#include <string_view>

#include "httplib.h"
#include "sandbox/sandbox_state.h"

namespace odmcp::sandbox {

inline constexpr std::string_view kApiPrefix = "/api/v2";

class ApiDispatcher {
 public:
  // `state` must outlive the dispatcher.
  explicit ApiDispatcher(SandboxState* state) : state_(state) {}

  void Handle(const httplib::Request& request, httplib::Response& response);

 private:
  SandboxState* state_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_API_DISPATCHER_H_
