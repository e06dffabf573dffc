// The orderdesk-mcp command line: one function per command. Each takes the
// arguments after the command words and returns the process exit status
// (0 success, 1 failure, 2 usage error).
#ifndef ODMCP_HOST_CLI_COMMANDS_H_
#define ODMCP_HOST_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace odmcp {

// orderdesk-mcp serve --config FILE [--stdio | --http HOST:PORT]
int RunServe(const std::vector<std::string>& args);

// orderdesk-mcp config check --config FILE
int RunConfigCheck(const std::vector<std::string>& args);

// orderdesk-mcp tenant create|list|delete|rotate-key ... --config FILE
int RunTenant(const std::vector<std::string>& args);

// orderdesk-mcp store add|list|remove ... --config FILE
int RunStore(const std::vector<std::string>& args);

// orderdesk-mcp plugins list --config FILE
int RunPlugins(const std::vector<std::string>& args);

// orderdesk-mcp audit list|export [filters] --config FILE
int RunAudit(const std::vector<std::string>& args);

// orderdesk-mcp oauth rotate-signing-key --config FILE
int RunOAuth(const std::vector<std::string>& args);

// The configuration file named by --config FILE (or --config=FILE) in
// `args`, else by $ODMCP_CONFIG; empty if neither. Removes the option from
// `args`.
std::string TakeConfigOption(std::vector<std::string>& args);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_COMMANDS_H_
