// What an admin command needs of the host: the configuration, its services
// and, for commands that act through plugins, the loaded plugins.
#ifndef ODMCP_HOST_CLI_ADMIN_HOST_H_
#define ODMCP_HOST_CLI_ADMIN_HOST_H_

#include <memory>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "host/config/config.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/tool_registry.h"
#include "host/services/service_set.h"

namespace odmcp {

struct AdminHost {
  Config config;
  std::unique_ptr<ServiceSet> services;
  ToolRegistry tools;
  FeatureRegistry features;
  HostServices host_services;
  std::unique_ptr<PluginManager> plugins;

  AdminHost() = default;
  AdminHost(const AdminHost&) = delete;
  AdminHost& operator=(const AdminHost&) = delete;
  ~AdminHost();  // shuts plugins down before the services go
};

enum class AdminNeeds {
  kTenants,               // the database and the KMS key
  kTenantsAndPlugins,     // and the plugins loaded
  kPluginsOnly,           // plugins loaded, no database (tenants mode "none")
};

// Loads the configuration named by --config (or ODMCP_CONFIG), removing the
// option from `args`, and opens what `needs` asks for. The error is ready
// to print.
StatusOr<std::unique_ptr<AdminHost>> OpenAdminHost(std::vector<std::string>& args,
                                                   AdminNeeds needs);

// The value of environment variable `name`, or an error saying what it is
// for (`purpose`).
StatusOr<std::string> RequiredEnvironment(const char* name, const std::string& purpose);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_ADMIN_HOST_H_
