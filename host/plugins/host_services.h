// What the host's ABI functions reach through an odmcp_host handle.
#ifndef ODMCP_HOST_PLUGINS_HOST_SERVICES_H_
#define ODMCP_HOST_PLUGINS_HOST_SERVICES_H_

#include <cstdint>
#include <string>

#include "host/services/service_set.h"

namespace odmcp {

class Logger;
class ToolRegistry;
class FeatureRegistry;
class PluginManager;
class TenantStore;
class Vault;
class TenantValues;
class Cache;
class RateLimiter;
class HttpClient;
class AuditLog;
class NotificationHub;
struct HostMetrics;

// Services are owned elsewhere (cli/serve.cc builds them from the
// configuration); a null pointer means the service is not configured, and
// its ABI functions answer ODMCP_UNIMPLEMENTED. tenants, vault and
// tenant_values are null exactly when the host runs without tenants.
struct HostServices {
  Logger* log = nullptr;
  ToolRegistry* tools = nullptr;
  FeatureRegistry* features = nullptr;  // resources and prompts
  PluginManager* plugins = nullptr;
  TenantStore* tenants = nullptr;
  Vault* vault = nullptr;
  TenantValues* tenant_values = nullptr;
  Cache* cache = nullptr;
  RateLimiter* rate_limiter = nullptr;
  HttpClient* http = nullptr;
  AuditLog* audit = nullptr;
  NotificationHub* notifications = nullptr;  // changes clients are told about
  HostMetrics* metrics = nullptr;            // null: nothing is recorded
  TenantRateLimit tenant_rate_limit;
  std::string server_name = "orderdesk-mcp";
  std::string server_version;
  int64_t started_unix_ms = 0;
};

// Points `services` at the services `set` opened.
void AttachServices(ServiceSet& set, HostServices& services);

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_HOST_SERVICES_H_
