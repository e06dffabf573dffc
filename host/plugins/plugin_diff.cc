#include "host/plugins/plugin_diff.h"

#include <algorithm>

namespace odmcp {
namespace {

// Whether a running plugin must be restarted to run with `wanted`: these
// are the keys its init (or the loader) consumed.
bool NeedsRestart(const PluginConfig& running, const PluginConfig& wanted) {
  return running.path != wanted.path || running.settings_json != wanted.settings_json ||
         running.read_secrets != wanted.read_secrets;
}

}  // namespace

PluginChanges DiffPlugins(const std::vector<PluginConfig>& running,
                          const std::vector<PluginConfig>& wanted) {
  PluginChanges changes;
  auto find = [](const std::vector<PluginConfig>& list, const std::string& name) {
    return std::find_if(list.begin(), list.end(),
                        [&](const PluginConfig& c) { return c.name == name; });
  };
  for (const PluginConfig& now : running) {
    auto next = find(wanted, now.name);
    if (next == wanted.end() || !next->enabled) changes.unload.push_back(now.name);
  }
  for (const PluginConfig& next : wanted) {
    if (!next.enabled) continue;
    auto now = find(running, next.name);
    if (now == running.end()) {
      changes.load.push_back(next);
    } else if (NeedsRestart(*now, next)) {
      changes.restart.push_back(next);
    } else if (!(*now == next)) {
      changes.update.push_back(next);
    }
  }
  return changes;
}

}  // namespace odmcp
