// ChangedSections: which sections of the configuration differ between two
// loads of it, for a reload to say what it cannot apply while running.
//
// Thread safety: a pure function.
#ifndef ODMCP_HOST_CONFIG_CONFIG_DIFF_H_
#define ODMCP_HOST_CONFIG_CONFIG_DIFF_H_

#include <string>
#include <vector>

#include "host/config/config.h"

namespace odmcp {

// The names of the sections ("server", "http", ..., "audit") whose values
// differ, in the order config/orderdesk-mcp.toml documents them. [plugins]
// is not compared: PluginManager::Reload applies it (a new plugins.dir
// shows as new plugin paths).
std::vector<std::string> ChangedSections(const Config& before, const Config& after);

}  // namespace odmcp

#endif  // ODMCP_HOST_CONFIG_CONFIG_DIFF_H_
