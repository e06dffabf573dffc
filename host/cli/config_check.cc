// orderdesk-mcp config check
#include <cstdio>
#include <filesystem>

#include "host/cli/commands.h"
#include "host/config/config_loader.h"

namespace odmcp {

std::string TakeConfigOption(std::vector<std::string>& args) {
  std::string file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      file = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return file;
    }
    if (args[i].rfind("--config=", 0) == 0) {
      file = args[i].substr(9);
      args.erase(args.begin() + static_cast<long>(i));
      return file;
    }
  }
  const char* env = std::getenv("ODMCP_CONFIG");
  return env != nullptr ? env : "";
}

int RunConfigCheck(const std::vector<std::string>& arguments) {
  std::vector<std::string> args = arguments;
  std::string file = TakeConfigOption(args);
  if (file.empty() || !args.empty()) {
    std::fputs("usage: orderdesk-mcp config check --config FILE\n", stderr);
    return 2;
  }
  StatusOr<Config> loaded = LoadConfig(file, ProcessEnvironment());
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().c_str());
    return 1;
  }
  const Config& config = loaded.value();
  int problems = 0;
  for (const PluginConfig& plugin : config.plugins.plugins) {
    std::error_code ec;
    if (plugin.enabled && !std::filesystem::is_regular_file(plugin.path, ec)) {
      std::fprintf(stderr, "%s:%d: plugins.%s.path: no such plugin file: %s\n",
                   plugin.origin.file.c_str(), plugin.origin.line, plugin.name.c_str(),
                   plugin.path.c_str());
      ++problems;
    }
  }
  if (problems > 0) return 1;
  std::printf("%s: OK\n", file.c_str());
  if (config.server.transport == TransportKind::kStdio) {
    std::printf("  transport: stdio\n");
  } else {
    std::printf("  transport: http on %s:%d%s\n", config.http.listen.host.c_str(),
                config.http.listen.port, config.http.path.c_str());
  }
  for (const PluginConfig& plugin : config.plugins.plugins) {
    std::printf("  plugin %s: %s%s, %s\n", plugin.name.c_str(),
                plugin.enabled ? "enabled" : "disabled", plugin.required ? ", required" : "",
                plugin.path.c_str());
  }
  return 0;
}

}  // namespace odmcp
