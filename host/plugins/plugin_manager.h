// PluginManager: loads the configured plugins, runs their init, publishes
// the tools the configuration offers, and shuts the plugins down.
//
// Load and shutdown run on the control thread; DescribeRuntime() may run on
// any thread.
#ifndef ODMCP_HOST_PLUGINS_PLUGIN_MANAGER_H_
#define ODMCP_HOST_PLUGINS_PLUGIN_MANAGER_H_

#include <memory>
#include <string>
#include <vector>

#include "host/common/result.h"
#include "host/config/config.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_record.h"

namespace odmcp {

class PluginManager {
 public:
  explicit PluginManager(HostServices& services);
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;
  ~PluginManager();  // ShutdownAll()

  // Loads every enabled plugin of `config` and publishes the offered tools.
  // A required plugin that fails stops loading with its error; an optional
  // one is skipped with an error line in the host log.
  Result<bool> LoadAll(const PluginsConfig& config);

  // Calls every initialized plugin's shutdown, newest first.
  void ShutdownAll();

  // The JSON of odmcp_runtime_api::describe.
  std::string DescribeRuntime() const;

  const std::vector<std::unique_ptr<PluginRecord>>& plugins() const { return plugins_; }

 private:
  Result<PluginRecord*> Load(const PluginConfig& config);

  HostServices& services_;
  std::vector<PluginConfig> configs_;
  std::vector<std::unique_ptr<PluginRecord>> plugins_;
  // Plugins whose init failed. Their libraries stay mapped: a failing init
  // may have left threads or callbacks behind, and unmapping their code
  // would turn a refused plugin into a crash.
  std::vector<std::unique_ptr<PluginRecord>> refused_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_PLUGIN_MANAGER_H_
