// ExternalIdentities: the tenants an external identity provider's tokens
// reach (DESIGN.md section 10, "Access"; [auth.external] in the
// configuration).
//
// A token from the external provider names its tenant by a claim (the
// subject, or the claim the operator chose); the pair (issuer, the claim's
// value) maps to one tenant here. A tenant's vault key is derived from its
// master key, which such a token does not carry, so each mapping holds the
// vault key sealed (AES-256-GCM) under a key derived from the KMS key, with
// the issuer, the value and the tenant id as additional authenticated data:
// a sealed key copied to another identity's row does not open. The
// database and the KMS key together therefore open the vault of a tenant an
// identity reaches; either alone still opens nothing.
//
// A mapping is made by someone holding the tenant's master key (`Link`,
// the CLI's `tenant link`), or on an identity's first token when the
// operator allows it (`Find` with create): a tenant named after the value is
// created with a master key nobody is shown. Deleting the tenant deletes
// its mappings; rotating its master key re-seals them (Reseal, in the same
// transaction).
//
// Found tenants are remembered for `remember_ms`, and all forgotten when
// any tenant is deleted or re-keyed (TenantStore::Generation), as verified
// master keys are.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_TENANTS_EXTERNAL_IDENTITIES_H_
#define ODMCP_HOST_SERVICES_TENANTS_EXTERNAL_IDENTITIES_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/kms_key.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

class TenantStore;

class ExternalIdentities {
 public:
  // `tenants` and `clock` must outlive this object.
  ExternalIdentities(storage::Database& db, std::shared_ptr<const KmsKey> kms, TenantStore& tenants,
                     const Clock* clock, int64_t remember_ms);

  // Maps (issuer, subject) to the tenant `master_key` opens, replacing any
  // mapping of that pair. PERMISSION_DENIED if the key opens no tenant.
  Status Link(std::string_view issuer, std::string_view subject, std::string_view master_key);
  // False if the pair was not mapped.
  StatusOr<bool> Unlink(std::string_view issuer, std::string_view subject);

  // The tenant (issuer, subject) reaches, with its vault key, or null if the
  // pair is not mapped and `create` is false. With `create`, an unmapped
  // pair gets a new tenant named `subject`: an error if that is not a valid
  // tenant name or a tenant has it (a tenant of its own is never taken
  // over by an identity that was not linked to it).
  StatusOr<std::shared_ptr<const Tenant>> Find(std::string_view issuer, std::string_view subject,
                                               bool create);

  // Re-seals the vault key of every identity mapped to `tenant_id` to
  // `new_vault_key`, on `connection`, inside the caller's write transaction
  // (a master key rotation).
  static void Reseal(storage::Connection& connection, const KmsKey& kms, int64_t tenant_id,
                     std::string_view new_vault_key);

 private:
  using Pair = std::pair<std::string, std::string>;  // issuer, subject
  struct Remembered {
    std::shared_ptr<const Tenant> tenant;
    int64_t expires_ms;
  };

  // A new tenant named `subject`, with a master key nobody is shown, mapped
  // from (issuer, subject).
  StatusOr<std::shared_ptr<const Tenant>> CreateTenant(std::string_view issuer,
                                                       std::string_view subject);
  // Maps (issuer, subject) to `tenant`; `replace`: over an existing mapping.
  Status Insert(std::string_view issuer, std::string_view subject, const Tenant& tenant,
                bool replace);
  // Forgets every remembered tenant (a mapping changed here).
  void Forget();
  std::shared_ptr<const Tenant> Recall(const Pair& pair, uint64_t generation);
  void Remember(Pair pair, std::shared_ptr<const Tenant> tenant, uint64_t generation);

  storage::Database& db_;
  const std::shared_ptr<const KmsKey> kms_;
  TenantStore& tenants_;
  const Clock* const clock_;
  const int64_t remember_ms_;
  Mutex mutex_;
  std::map<Pair, Remembered> remembered_ GUARDED_BY(mutex_);
  // TenantStore::Generation() when remembered_ was last valid.
  uint64_t generation_ GUARDED_BY(mutex_) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_EXTERNAL_IDENTITIES_H_
