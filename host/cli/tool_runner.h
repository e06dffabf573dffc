// Runs one tool of the loaded plugins in-process, for the admin commands
// that act through a plugin (`store add` is stores_register): the same
// validation, the same plugin code and the same services as a client's
// tools/call, without a transport.
#ifndef ODMCP_HOST_CLI_TOOL_RUNNER_H_
#define ODMCP_HOST_CLI_TOOL_RUNNER_H_

#include <memory>
#include <string>
#include <string_view>

#include "host/plugins/tool_registry.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

struct ToolOutcome {
  bool found = false;      // the tool exists (its plugin is loaded)
  bool is_error = false;   // invalid arguments, or the tool reported an error
  std::string text;        // the text content blocks, joined by newlines
  std::string structured;  // structuredContent as JSON, or empty
};

ToolOutcome RunToolInProcess(const ToolRegistry& tools, std::string_view name,
                             std::string_view args_json, std::shared_ptr<const Tenant> tenant,
                             int64_t timeout_ms);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_TOOL_RUNNER_H_
