// Opens a plugin's shared library (Boost.DLL) and checks its description
// against this host's ABI. Nothing of the plugin runs except its
// side-effect-free odmcp_plugin_query.
#ifndef ODMCP_HOST_PLUGINS_PLUGIN_LOADER_H_
#define ODMCP_HOST_PLUGINS_PLUGIN_LOADER_H_

#include <memory>
#include <string>

#include "host/common/status.h"
#include "host/plugins/plugin_record.h"

namespace odmcp {

// Loads `path` and validates its odmcp_plugin_info: entry symbol present,
// ABI major equal, minimum host minor not newer than this host, struct size
// acceptable (R2), name well-formed and equal to `expected_name` (the name of
// its configuration table), init present. Every refusal names the file, the
// plugin once known, and the symbol or versions at fault.
StatusOr<std::unique_ptr<PluginRecord>> OpenPlugin(const std::string& path,
                                                   const std::string& expected_name);

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_PLUGIN_LOADER_H_
