// DiffPlugins: what applying a new [plugins] configuration to the running
// plugins takes, decided from the configurations alone. PluginManager::Reload
// carries it out.
//
// Thread safety: a pure function.
#ifndef ODMCP_HOST_PLUGINS_PLUGIN_DIFF_H_
#define ODMCP_HOST_PLUGINS_PLUGIN_DIFF_H_

#include <string>
#include <vector>

#include "host/config/config.h"

namespace odmcp {

struct PluginChanges {
  // Running, and now disabled or absent from the configuration.
  std::vector<std::string> unload;
  // Enabled, and not running (new, re-enabled, or refused before).
  std::vector<PluginConfig> load;
  // Running, with a new path, settings or read_secrets: what init saw
  // changed, so the plugin is unloaded and loaded again.
  std::vector<PluginConfig> restart;
  // Running, with only keys that apply without a restart changed
  // (tools.enabled, tools.disabled, required, where the table sits).
  std::vector<PluginConfig> update;

  bool empty() const { return unload.empty() && load.empty() && restart.empty() && update.empty(); }
};

// `running` holds the configurations the running plugins were loaded with
// (or last updated to); `wanted` the new configuration's plugins, in file
// order. Each list keeps the order of `running` (unload) or `wanted`.
PluginChanges DiffPlugins(const std::vector<PluginConfig>& running,
                          const std::vector<PluginConfig>& wanted);

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_PLUGIN_DIFF_H_
