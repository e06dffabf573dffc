// An authenticated tenant, as requests and services see it.
#ifndef ODMCP_HOST_SERVICES_TENANTS_TENANT_H_
#define ODMCP_HOST_SERVICES_TENANTS_TENANT_H_

#include <cstdint>
#include <string>

namespace odmcp {

// Made only by TenantStore after the master key was verified; immutable and
// shared (std::shared_ptr<const Tenant>) by the requests that carry the key.
struct Tenant {
  Tenant() = default;
  Tenant(const Tenant&) = delete;
  Tenant& operator=(const Tenant&) = delete;
  ~Tenant();  // wipes vault_key

  int64_t id = 0;
  std::string name;
  // The tenant's vault key: HKDF-SHA256 over the KMS key and the master key
  // with the tenant's salt. Derivable only with both; lives in memory only.
  std::string vault_key;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_TENANT_H_
