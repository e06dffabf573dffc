// Loads the host configuration from a TOML file (toml++) and ODMCP_*
// environment overrides.
//
// Environment: a variable ODMCP_<SECTION>__<KEY> overrides the key
// section.key; deeper keys add more "__" segments
// (ODMCP_PLUGINS__DIAGNOSTICS__ENABLED=false overrides
// plugins.diagnostics.enabled). Names are matched lowercased. The value is
// read as the key's type; inside a plugin's free-form settings table it is
// read as a TOML value when it parses as one (numbers, booleans, arrays,
// quoted strings), else as a plain string. A variable that names no key is an
// error, so a typo cannot silently leave a setting at its default.
//
// Relative paths in the file are relative to the file's directory; relative
// paths given in the environment are relative to the working directory.
//
// Plugins: [plugins] dir, when neither the file nor the environment sets it,
// is InstalledPluginDir(), so an installed host finds its own plugins with
// no configuration.
#ifndef ODMCP_HOST_CONFIG_CONFIG_LOADER_H_
#define ODMCP_HOST_CONFIG_CONFIG_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"
#include "host/config/config.h"

namespace odmcp {

// Reads and validates `file`. On failure the error lists every problem found,
// one per line, each naming the file and line (or the environment variable)
// and the key at fault.
StatusOr<Config> LoadConfig(const std::string& file, const std::vector<std::string>& environment);

// LoadConfig for `text`, the contents of `file`, which need not exist: it
// names the file in messages and anchors relative paths.
StatusOr<Config> ParseConfig(std::string_view text, const std::string& file,
                             const std::vector<std::string>& environment);

// The plugin directory of the installation the running executable belongs
// to: the directory of /proc/self/exe (symbolic links resolved) joined with
// the install layout's path from the executables to the plugins, fixed at
// build time: "../lib/orderdesk-mcp/plugins" with the default layout, so
// /usr/bin/orderdesk-mcp loads /usr/lib/orderdesk-mcp/plugins and
// <build>/bin/orderdesk-mcp loads <build>/lib/orderdesk-mcp/plugins (a link
// to <build>/plugins). Absolute and normalized; read once per process. An
// error if /proc/self/exe cannot be read.
StatusOr<std::string> InstalledPluginDir();

// This process's environment as "NAME=value" strings.
std::vector<std::string> ProcessEnvironment();

// Parses "HOST:PORT" ("[::1]:8080" for IPv6); port 0 asks for any free port.
StatusOr<ListenAddress> ParseListenAddress(const std::string& text);

}  // namespace odmcp

#endif  // ODMCP_HOST_CONFIG_CONFIG_LOADER_H_
