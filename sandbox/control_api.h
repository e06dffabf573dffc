// Copyright 2026 The orderdesk-mcp Authors.
//
// The sandbox's own control routes under /_sandbox/, which are not part of
// the emulated API:
//   GET  /_sandbox/stats   request counters (see RequestStats::ToJson)
//   POST /_sandbox/reset   back to the seeded state, counters zeroed
//   GET  /_sandbox/faults  the fault configuration in force
//   POST /_sandbox/faults  replace it (see fault_config.h for the JSON)
// They need no credentials, so Sandbox serves them only when it listens on
// a loopback address.
//
// Thread-safety: Handle is called concurrently from server threads.

#ifndef ODMCP_SANDBOX_CONTROL_API_H_
#define ODMCP_SANDBOX_CONTROL_API_H_

#include <string_view>

#include "httplib.h"
#include "sandbox/sandbox_state.h"

namespace odmcp::sandbox {

inline constexpr std::string_view kControlPrefix = "/_sandbox";

class ControlApi {
 public:
  // `state` must outlive the ControlApi.
  explicit ControlApi(SandboxState* state) : state_(state) {}

  void Handle(const httplib::Request& request, httplib::Response& response);

 private:
  SandboxState* state_;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_CONTROL_API_H_
