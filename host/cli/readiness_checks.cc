#include "host/cli/readiness_checks.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "host/config/config.h"
#include "host/plugins/plugin_manager.h"
#include "host/services/health/readiness.h"
#include "host/services/service_set.h"
#include "host/services/tenants/tenant_store.h"

namespace odmcp {
namespace {

// The longest a probe waits for the database's write lock: a balancer's
// probe times out after a second or two, and a lock held longer than this
// already means the database cannot take this replica's writes.
constexpr std::chrono::milliseconds kLongestWriteWait{1000};

}  // namespace

void AddReadinessChecks(Readiness& readiness, const Config& config, ServiceSet& services,
                        const PluginManager& plugins, const std::atomic<bool>& stopping) {
  if (TenantStore* tenants = services.tenants(); tenants != nullptr) {
    const std::chrono::milliseconds wait =
        std::min(std::chrono::milliseconds(config.storage.busy_timeout_ms), kLongestWriteWait);
    readiness.Add("database", "the database cannot be written",
                  [tenants, wait] { return tenants->ProbeWritable(wait); });
    readiness.Add("kms_key", "the KMS key does not open the database",
                  [tenants] { return tenants->VerifyKmsKey(); });
  }
  readiness.Add("plugins", "a required plugin is not running", [&plugins] {
    std::vector<std::string> missing = plugins.MissingRequired();
    if (missing.empty()) return Status();
    std::string names;
    for (const std::string& name : missing) names += (names.empty() ? "" : ", ") + name;
    return Status(ODMCP_UNAVAILABLE,
                  "required plugins not running (the host log says why each failed): " + names);
  });
  readiness.Add("not_draining", "the server is stopping", [&stopping] {
    return stopping.load() ? Status(ODMCP_UNAVAILABLE, "a stop signal arrived") : Status();
  });
}

}  // namespace odmcp
