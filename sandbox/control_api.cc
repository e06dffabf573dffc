// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/control_api.h"

#include <cstdio>
#include <string>

#include "sandbox/envelope.h"
#include "sandbox/fault_config.h"

namespace odmcp::sandbox {
namespace {

constexpr char kJsonContentType[] = "application/json";

void Reply(httplib::Response& response, const ApiReply& reply) {
  response.status = reply.http_status;
  response.set_content(reply.body, kJsonContentType);
}

}  // namespace

void ControlApi::Handle(const httplib::Request& request, httplib::Response& response) {
  const RequestClock::time_point started = RequestClock::now();
  std::string_view path = std::string_view(request.path).substr(kControlPrefix.size());
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::string& method = request.method;

  if (path == "/stats") {
    if (method != "GET") return Reply(response, ErrorReply(ApiStatus::Error(405, "Use GET /_sandbox/stats"), started));
    return Reply(response, {200, state_->stats().ToJson(state_->faults().counters())});
  }
  if (path == "/reset") {
    if (method != "POST") return Reply(response, ErrorReply(ApiStatus::Error(405, "Use POST /_sandbox/reset"), started));
    state_->Reset();
    std::fprintf(stderr, "orderdesk-sandbox: reset to the seeded state\n");
    return Reply(response, MessageReply("Sandbox reset to its seeded state", started));
  }
  if (path == "/faults") {
    if (method == "POST") {
      FaultConfig config;
      const ApiStatus status = ParseFaultConfig(request.body, &config);
      if (!status.ok()) return Reply(response, ErrorReply(status, started));
      state_->faults().Set(std::move(config));
    } else if (method != "GET") {
      return Reply(response, ErrorReply(ApiStatus::Error(405, "Use GET or POST /_sandbox/faults"), started));
    }
    int64_t remaining = 0;
    const FaultConfig current = state_->faults().Get(&remaining);
    if (method == "POST") {
      std::fprintf(stderr, "orderdesk-sandbox: faults set to %s\n", FaultConfigToJson(current, remaining).c_str());
    }
    return Reply(response, {200, FaultConfigToJson(current, remaining)});
  }
  Reply(response, ErrorReply(ApiStatus::NotFound("Unknown control route " + std::string(request.path) +
                                                 "; see /_sandbox/stats, /_sandbox/reset, /_sandbox/faults"),
                             started));
}

}  // namespace odmcp::sandbox
