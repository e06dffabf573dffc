// PluginManager: loads the configured plugins, runs their init, publishes
// the tools, resources and prompts the configuration offers, applies a new
// configuration to the running plugins, and shuts them down.
//
// LoadAll, Reload and ShutdownAll run on the control thread, one at a time
// (plugin.h T2); DescribeRuntime() may run on any thread, a plugin's init
// included.
#ifndef ODMCP_HOST_PLUGINS_PLUGIN_MANAGER_H_
#define ODMCP_HOST_PLUGINS_PLUGIN_MANAGER_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/common/status.h"
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

  // Loads every enabled plugin of `config` and publishes what they offer.
  // A required plugin that fails stops loading with its error; an optional
  // one is skipped with an error line in the host log.
  StatusOr<bool> LoadAll(const PluginsConfig& config);

  // Makes the running plugins those `config` enables, without stopping the
  // service:
  //  - a plugin newly enabled (or enabled again) is loaded;
  //  - a plugin disabled or removed is withdrawn from the catalogs at once,
  //    so no new call reaches it; once its calls in flight have finished,
  //    its shutdown runs;
  //  - a plugin whose path, settings or read_secrets changed is withdrawn
  //    and shut down so, then loaded with the new configuration, or, if that
  //    fails, with its previous one;
  //  - new tools.enabled / tools.disabled lists only change what is offered.
  // Clients are told of each list (tools, prompts, resources) that changed
  // through services.notifications. Nothing here fails: a plugin that does
  // not load, or a tool list naming a tool its plugin lacks, is logged with
  // the file and plugin at fault, and what ran before keeps running.
  void Reload(const PluginsConfig& config);

  // Calls every running plugin's shutdown, newest first.
  void ShutdownAll();

  // The plugins the configuration last given (LoadAll, Reload) enables
  // and marks required that are not running: a reload that could not load
  // one leaves the rest serving; readiness reports it.
  std::vector<std::string> MissingRequired() const;

  // The JSON of odmcp_runtime_api::describe.
  std::string DescribeRuntime() const;

 private:
  // A plugin serving calls, and the configuration it runs with.
  struct Running {
    std::unique_ptr<PluginRecord> record;
    PluginConfig config;
  };
  // A plugin withdrawn from the catalogs by a reload, not yet shut down.
  struct Withdrawn {
    Running plugin;
    std::vector<std::weak_ptr<const void>> handles;  // its removed records
  };
  // The text of each offered tool, resource and prompt, to tell which lists
  // a change touched.
  struct Listings {
    std::vector<std::string> tools;
    std::vector<std::string> resources;
    std::vector<std::string> prompts;
  };

  // Loads and initializes one plugin and adds it to running_. On failure
  // the record is retired and the error names the plugin and its file.
  StatusOr<PluginRecord*> Load(const PluginConfig& config);
  // Load, counted in services_.metrics.
  StatusOr<PluginRecord*> LoadCounted(const PluginConfig& config);
  // Load() for a reload: failures are logged, not returned.
  bool LoadLogged(const PluginConfig& config, const char* message);
  void LogLoaded(const char* message, const PluginRecord& record) const;
  // Removes `name` from running_ and its records from the registries.
  Withdrawn Withdraw(const std::string& name);
  // Waits until nothing can reach the withdrawn plugin, then shuts it down
  // and retires its record.
  void Unload(Withdrawn withdrawn);
  // Applies a running plugin's new tool lists; refused if they name a tool
  // the plugin lacks.
  void Update(const PluginConfig& config);
  // Publishes the catalogs and returns what they now offer.
  Listings Publish();
  Listings Current() const;
  // Tells clients about each list that differs from `before`.
  void Notify(const Listings& before, const Listings& after) const;
  void Shutdown(PluginRecord& plugin);
  void Retire(std::unique_ptr<PluginRecord> record);

  HostServices& services_;
  // Guards the vectors below against DescribeRuntime(); only the control
  // thread changes them, so it reads them without the lock.
  mutable std::mutex mutex_;
  std::vector<Running> running_;  // in load order
  std::vector<std::string> required_;  // of the last configuration given
  // Plugins whose init failed, and plugins unloaded by a reload. Their
  // libraries stay mapped: a plugin may have left threads or callbacks
  // behind, and unmapping their code would turn that into a crash.
  std::vector<std::unique_ptr<PluginRecord>> retired_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_PLUGIN_MANAGER_H_
