// An authenticated tenant, as requests and services see it.
#ifndef ODMCP_HOST_SERVICES_TENANTS_TENANT_H_
#define ODMCP_HOST_SERVICES_TENANTS_TENANT_H_

#include <cstdint>
#include <memory>
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

// How per-tenant state is keyed (sessions, rate-limit buckets, request
// states): the tenant's id, or "" for a request without a tenant.
inline std::string TenantKey(const std::shared_ptr<const Tenant>& tenant) {
  return tenant == nullptr ? std::string() : std::to_string(tenant->id);
}

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_TENANT_H_
