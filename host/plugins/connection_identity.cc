#include "host/plugins/connection_identity.h"

#include "host/crypto/secure_bytes.h"
#include "host/services/tenants/tenant_store.h"

namespace odmcp {

ConnectionIdentity::~ConnectionIdentity() { crypto::Wipe(&master_key_); }

std::shared_ptr<const Tenant> ConnectionIdentity::tenant() {
  MutexLock lock(&mutex_);
  if (tenant_ == nullptr || tenants_ == nullptr) return tenant_;
  const uint64_t generation = tenants_->Generation();
  if (generation == checked_generation_) return tenant_;
  // Verified again under the lock, so concurrent requests wait for one
  // verdict rather than each asking.
  AuthOutcome again = tenants_->Authenticate(master_key_);
  if (again.status == AuthStatus::kUnknownKey) {
    tenant_ = nullptr;
    crypto::Wipe(&master_key_);
    return nullptr;
  }
  if (again.status != AuthStatus::kOk) return nullptr;
  tenant_ = std::move(again.tenant);
  checked_generation_ = generation;
  return tenant_;
}

void ConnectionIdentity::Authenticated(std::shared_ptr<const Tenant> tenant,
                                       std::string_view master_key, TenantStore& tenants) {
  MutexLock lock(&mutex_);
  crypto::Wipe(&master_key_);
  tenant_ = std::move(tenant);
  master_key_ = std::string(master_key);
  tenants_ = &tenants;
  checked_generation_ = tenants.Generation();
}

}  // namespace odmcp
