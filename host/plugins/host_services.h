// What the host's ABI functions reach through an odmcp_host handle.
#ifndef ODMCP_HOST_PLUGINS_HOST_SERVICES_H_
#define ODMCP_HOST_PLUGINS_HOST_SERVICES_H_

#include <cstdint>
#include <string>

namespace odmcp {

class Logger;
class ToolRegistry;
class PluginManager;

struct HostServices {
  Logger* log = nullptr;
  ToolRegistry* tools = nullptr;
  PluginManager* plugins = nullptr;
  std::string server_name = "orderdesk-mcp";
  std::string server_version;
  int64_t started_unix_ms = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_HOST_SERVICES_H_
