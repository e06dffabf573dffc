// ConnectionIdentity: who a stdio connection is. Set at start from
// ODMCP_MASTER_KEY, or later by a tool through
// odmcp_session_api::use_master_key; read by each of the connection's
// requests.
//
// The key stays checked for the connection's whole life: when the tenant
// store has forgotten keys since the last check (a tenant deleted or a key
// rotated, by any process), the next request verifies the key again, and a
// key no longer valid leaves the connection without a tenant, as a fresh
// HTTP request with it would be.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_PLUGINS_CONNECTION_IDENTITY_H_
#define ODMCP_HOST_PLUGINS_CONNECTION_IDENTITY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "host/common/mutex.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

class TenantStore;

class ConnectionIdentity {
 public:
  ConnectionIdentity() = default;
  ConnectionIdentity(const ConnectionIdentity&) = delete;
  ConnectionIdentity& operator=(const ConnectionIdentity&) = delete;
  ~ConnectionIdentity();  // wipes the key

  // The tenant, or null (none set, or its key revoked since, or the check
  // could not be made now).
  std::shared_ptr<const Tenant> tenant();
  // `tenant`, just verified by `tenants` with `master_key`.
  void Authenticated(std::shared_ptr<const Tenant> tenant, std::string_view master_key,
                     TenantStore& tenants);

 private:
  Mutex mutex_;
  std::shared_ptr<const Tenant> tenant_ GUARDED_BY(mutex_);
  std::string master_key_ GUARDED_BY(mutex_);
  TenantStore* tenants_ GUARDED_BY(mutex_) = nullptr;
  // The store's generation at the last check.
  uint64_t checked_generation_ GUARDED_BY(mutex_) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_CONNECTION_IDENTITY_H_
