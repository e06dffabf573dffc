#include "host/cli/admin_host.h"

#include <cstdlib>

#include "host/cli/commands.h"
#include "host/common/clock.h"
#include "host/config/config_loader.h"
#include "host/services/log.h"

namespace odmcp {

AdminHost::~AdminHost() {
  if (plugins != nullptr) plugins->ShutdownAll();
}

StatusOr<std::unique_ptr<AdminHost>> OpenAdminHost(std::vector<std::string>& args,
                                                   AdminNeeds needs) {
  std::string file = TakeConfigOption(args);
  if (file.empty()) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "no configuration: pass --config FILE or set ODMCP_CONFIG");
  }
  StatusOr<Config> loaded = LoadConfig(file, ProcessEnvironment());
  if (!loaded.ok()) return loaded.status();
  auto host = std::make_unique<AdminHost>();
  host->config = std::move(loaded).value();
  // Admin commands print for a person; the log says only what went wrong.
  HostLog().set_min_level(std::max(host->config.log.level, int32_t{ODMCP_LOG_WARNING}));
  if (needs == AdminNeeds::kPluginsOnly) {
    host->config.tenants.mode = TenantMode::kNone;
  } else if (host->config.tenants.mode != TenantMode::kRequired) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  host->config.file +
                      ": [tenants] mode is \"none\": this server keeps no tenants or credentials");
  }
  StatusOr<std::unique_ptr<ServiceSet>> services =
      ServiceSet::Open(host->config, /*with_audit=*/false);
  if (!services.ok()) return services.status();
  host->services = std::move(services).value();
  if (needs == AdminNeeds::kTenants) return host;

  host->host_services.log = &HostLog();
  host->host_services.tools = &host->tools;
  host->host_services.features = &host->features;
  host->host_services.server_version = ODMCP_VERSION;
  host->host_services.started_unix_ms = UnixMillis();
  AttachServices(*host->services, host->host_services);
  host->host_services.tenant_rate_limit.enabled = false;
  host->plugins = std::make_unique<PluginManager>(host->host_services);
  StatusOr<bool> plugins = host->plugins->LoadAll(host->config.plugins);
  if (!plugins.ok()) {
    return Status(plugins.status().code(), "a required plugin failed to load: " + plugins.error());
  }
  return host;
}

StatusOr<std::string> RequiredEnvironment(const char* name, const std::string& purpose) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return Status(ODMCP_INVALID_ARGUMENT,
                  std::string("set the environment variable ") + name + " to " + purpose +
                      " (it is never taken as an argument, where other users could see it)");
  }
  return std::string(value);
}

}  // namespace odmcp
