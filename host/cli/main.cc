// orderdesk-mcp: an MCP host whose tools come from plugins.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "host/cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: orderdesk-mcp <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve --config FILE [--stdio | --http HOST:PORT]\n"
    "        Serve MCP clients over stdio or Streamable HTTP (the transport and\n"
    "        address default to the file's [server] and [http] settings).\n"
    "  config check --config FILE\n"
    "        Validate a configuration file and the plugins it enables.\n"
    "  tenant create|list|delete|rotate-key ... --config FILE\n"
    "        Manage tenants and their master keys (tenant --help).\n"
    "  store add|list|remove ... --config FILE\n"
    "        Manage a tenant's OrderDesk stores (store --help).\n"
    "  plugins list --config FILE\n"
    "        List plugins, their versions, ABI and tools (plugins --help).\n"
    "  audit list|export [filters] --config FILE\n"
    "        Show or export the audit log of tool calls (audit --help).\n"
    "  oauth rotate-signing-key --config FILE\n"
    "        Sign OAuth access tokens with a new key (oauth --help).\n"
    "\n"
    "  --config FILE may be replaced by the environment variable ODMCP_CONFIG.\n"
    "  --version prints the version; --help prints this text.\n";

}  // namespace

int main(int argc, char** argv) {
  // Writes to a closed pipe or socket must fail with EPIPE, not kill us.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::printf("orderdesk-mcp %s\n", ODMCP_VERSION);
    return 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return odmcp::RunServe(args);
  if (command == "config" && !args.empty() && args[0] == "check") {
    args.erase(args.begin());
    return odmcp::RunConfigCheck(args);
  }
  if (command == "tenant") return odmcp::RunTenant(args);
  if (command == "store") return odmcp::RunStore(args);
  if (command == "plugins") return odmcp::RunPlugins(args);
  if (command == "audit") return odmcp::RunAudit(args);
  if (command == "oauth") return odmcp::RunOAuth(args);
  std::fprintf(stderr, "orderdesk-mcp: unknown command \"%s\"\n\n%s", command.c_str(), kUsage);
  return 2;
}
