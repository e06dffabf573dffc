// orderdesk-mcp plugins list
#include <rapidjson/document.h>

#include <cstdio>

#include "host/cli/admin_host.h"
#include "host/cli/commands.h"
#include "host/common/json.h"
#include "host/plugins/tool_record.h"

namespace odmcp {
namespace {

constexpr const char* kPluginsUsage =
    "usage: orderdesk-mcp plugins list --config FILE\n"
    "\n"
    "Loads the plugins the configuration names and lists each with its version, the ABI\n"
    "it was built for, and its tools, marking those the configuration does not offer.\n"
    "Plugins are loaded without tenants: no database or KMS key is needed.\n";

}  // namespace

int RunPlugins(const std::vector<std::string>& arguments) {
  std::vector<std::string> args = arguments;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kPluginsUsage, stdout);
      return 0;
    }
  }
  std::vector<std::string> positional = args;
  TakeConfigOption(positional);
  if (positional.size() != 1 || positional[0] != "list") {
    std::fprintf(stderr, "orderdesk-mcp plugins: expected \"list\"\n\n%s", kPluginsUsage);
    return 2;
  }
  StatusOr<std::unique_ptr<AdminHost>> opened = OpenAdminHost(args, AdminNeeds::kPluginsOnly);
  if (!opened.ok()) {
    std::fprintf(stderr, "orderdesk-mcp plugins: %s\n", opened.error().c_str());
    return 1;
  }
  AdminHost& host = *opened.value();
  JsonDocument runtime;
  std::string json = host.plugins->DescribeRuntime();
  ParseJson(json, runtime);
  std::shared_ptr<const ToolCatalog> offered = host.tools.Snapshot();
  for (const PluginConfig& plugin : host.config.plugins.plugins) {
    const rapidjson::Value* loaded = nullptr;
    if (const rapidjson::Value* list = FindMember(runtime, "plugins"); list && list->IsArray()) {
      for (const rapidjson::Value& p : list->GetArray()) {
        const rapidjson::Value* name = FindMember(p, "name");
        if (name != nullptr && name->IsString() && AsView(*name) == plugin.name) loaded = &p;
      }
    }
    if (!plugin.enabled) {
      std::printf("%s  disabled by configuration\n", plugin.name.c_str());
      continue;
    }
    if (loaded == nullptr) {
      std::printf("%s  NOT LOADED (see the error above)  %s\n", plugin.name.c_str(),
                  plugin.path.c_str());
      continue;
    }
    std::printf("%s %s  ABI %s  %s\n", plugin.name.c_str(),
                std::string(AsView(*FindMember(*loaded, "version"))).c_str(),
                std::string(AsView(*FindMember(*loaded, "abi"))).c_str(), plugin.path.c_str());
    for (const std::string& tool : host.tools.NamesOf(std::string_view(plugin.name))) {
      std::printf("  %-32s %s\n", tool.c_str(),
                  offered->Find(tool) != nullptr ? "enabled" : "disabled by configuration");
    }
  }
  return 0;
}

}  // namespace odmcp
