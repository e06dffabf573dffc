// The readiness checks `serve` runs for /health/ready, one per thing that
// must hold for this replica to take traffic.
#ifndef ODMCP_HOST_CLI_READINESS_CHECKS_H_
#define ODMCP_HOST_CLI_READINESS_CHECKS_H_

#include <atomic>

namespace odmcp {

struct Config;
class PluginManager;
class Readiness;
class ServiceSet;

// Adds to `readiness`, in this order:
//   database       the database takes a write (tenants mode only)
//   kms_key        the database records the KMS key this process holds
//                  (tenants mode only)
//   plugins        every enabled plugin marked required is running
//   not_draining   `stopping` is false (set when a stop signal arrives)
// Every argument must outlive `readiness`.
void AddReadinessChecks(Readiness& readiness, const Config& config, ServiceSet& services,
                        const PluginManager& plugins, const std::atomic<bool>& stopping);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_READINESS_CHECKS_H_
