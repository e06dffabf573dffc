// ServiceSet: the host services a configuration asks for, opened together
// and owned together: the database, the KMS key and tenants, the vault,
// per-tenant values, the cache, rate limits, the outbound HTTP client and
// the audit log. `serve` and the admin commands build one; the plugin layer
// reaches them through HostServices (AttachServices).
#ifndef ODMCP_HOST_SERVICES_SERVICE_SET_H_
#define ODMCP_HOST_SERVICES_SERVICE_SET_H_

#include <memory>

#include "host/common/status.h"
#include "host/config/config.h"
#include "host/services/audit/audit_log.h"
#include "host/services/cache/cache.h"
#include "host/services/http_client/http_client.h"
#include "host/services/oauth/grant_store.h"
#include "host/services/ratelimit/rate_limiter.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/external_identities.h"
#include "host/services/tenants/kms_key.h"
#include "host/services/tenants/tenant_store.h"
#include "host/services/tenants/tenant_values.h"
#include "host/services/tenants/vault.h"

namespace odmcp {

// The rate-limit family every tool call is charged to, keyed by tenant id.
// '#' cannot occur in a plugin name, so no plugin family can collide.
inline constexpr const char* kTenantBucket = "#host/tenant";
// Every request of a tenant, whatever its method.
inline constexpr const char* kMessageBucket = "#host/messages";

// The per-tenant charge on every tool call ([rate_limit]).
struct TenantRateLimit {
  bool enabled = false;
  double write_cost = 2;
};

class ServiceSet {
 public:
  // With [tenants] mode "required" this needs the KMS key from the
  // environment and opens the database (creating it, applying migrations);
  // every failure names its cause and what to do. With mode "none" it opens
  // no database. `with_audit` is false for one-shot admin commands, whose
  // tool calls are not requests of a client.
  static StatusOr<std::unique_ptr<ServiceSet>> Open(const Config& config, bool with_audit);

  ServiceSet(const ServiceSet&) = delete;
  ServiceSet& operator=(const ServiceSet&) = delete;
  ~ServiceSet();

  // Null when the host runs without tenants.
  TenantStore* tenants() { return tenants_.get(); }
  // The tenants external identities reach; null when tenants() is.
  ExternalIdentities* identities() { return identities_.get(); }
  // What the built-in authorization server keeps; null when tenants() is.
  GrantStore* grants() { return grants_.get(); }
  // The KMS key; null when tenants() is.
  const std::shared_ptr<const KmsKey>& kms() const { return kms_; }
  Vault* vault() { return vault_.get(); }
  TenantValues* tenant_values() { return tenant_values_.get(); }
  storage::Database* database() { return database_.get(); }
  // Null when not configured.
  Cache* cache() { return cache_.get(); }
  RateLimiter* rate_limiter() { return rate_limiter_.get(); }
  HttpClient* http() { return http_.get(); }
  AuditLog* audit() { return audit_.get(); }
  const TenantRateLimit& tenant_rate_limit() const { return tenant_rate_limit_; }

 private:
  ServiceSet() = default;

  TenantRateLimit tenant_rate_limit_;
  std::shared_ptr<const KmsKey> kms_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<TenantStore> tenants_;
  std::unique_ptr<ExternalIdentities> identities_;
  std::unique_ptr<GrantStore> grants_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<TenantValues> tenant_values_;
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<HttpClient> http_;
  std::unique_ptr<AuditLog> audit_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_SERVICE_SET_H_
