// PluginRecord: one loaded plugin, and the odmcp_host handle the ABI gives
// it. A record lives from loading until process exit, also after the plugin
// is unloaded by a reload: the library is never unmapped while the process
// runs (plugin code may hide in function pointers the host cannot see), so
// pointers to records never dangle. Loading the plugin again makes a new
// record.
#ifndef ODMCP_HOST_PLUGINS_PLUGIN_RECORD_H_
#define ODMCP_HOST_PLUGINS_PLUGIN_RECORD_H_

#include <odmcp/plugin.h>

#include <atomic>
#include <boost/dll/shared_library.hpp>
#include <mutex>
#include <string>

#include "host/plugins/in_flight_calls.h"

namespace odmcp {
struct PluginRecord;
struct HostServices;
}  // namespace odmcp

// The opaque handle of odmcp/plugin.h, defined by the host.
struct odmcp_host {
  odmcp::PluginRecord* plugin;
};

namespace odmcp {

struct PluginRecord {
  PluginRecord() : handle{this} {}
  PluginRecord(const PluginRecord&) = delete;
  PluginRecord& operator=(const PluginRecord&) = delete;

  std::string name;
  std::string version;
  std::string description;
  std::string path;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
  odmcp_plugin_info info{};  // host-sized copy of the plugin's description
  boost::dll::shared_library library;
  HostServices* services = nullptr;
  bool read_secrets = false;  // may use odmcp_vault_api::with_secret

  void* state = nullptr;      // from init; passed to shutdown
  odmcp_host handle;          // &handle is the plugin's odmcp_host*
  std::atomic<bool> in_init{false};
  bool initialized = false;   // init succeeded, shutdown not yet called
  std::mutex serial;          // held around every call when ODMCP_PLUGIN_SERIAL
  InFlightCalls calls;        // counted by ToolCall; unloading waits for none
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_PLUGIN_RECORD_H_
