// Tenants: creation, listing, deletion, key rotation, and authentication of
// master keys.
//
// A master key is never stored. key_lookup = HMAC-SHA256(lookup key derived
// from the KMS key, master key) finds the tenant through an index;
// key_verifier = scrypt(master key, salt) confirms it, within the bounds of
// KeyChecks (one check per key at a time, a few at once). A verified key is
// remembered in memory, by its lookup HMAC, for remember_verified_key_s, so
// a request with a remembered key costs one HMAC and one hash-map probe and
// runs no key-derivation function.
//
// Revocation reaches every process that serves the database: deleting a
// tenant or rotating its key, from any process (the admin CLI included),
// raises the tenants revision in the same transaction. Authenticate reads
// the revision when kRevisionCheckMs has passed since it last did, and a
// change makes it forget every remembered key; a revoked key is refused
// within about kRevisionCheckMs everywhere.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_TENANTS_TENANT_STORE_H_
#define ODMCP_HOST_SERVICES_TENANTS_TENANT_STORE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/auth_outcome.h"
#include "host/services/tenants/key_checks.h"
#include "host/services/tenants/kms_key.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

struct TenantStoreOptions {
  bool auto_provision = false;
  int64_t remember_verified_key_ms = 300000;
  KeyCheckOptions key_checks{};
  // Times remembered keys, revision checks and the rows' timestamps; not
  // owned, must outlive the store.
  const Clock* clock = SystemClock();
};

struct TenantSummary {
  int64_t id = 0;
  std::string name;
  int64_t created_ms = 0;
  int64_t key_rotated_ms = 0;  // 0: never
  int64_t vault_entries = 0;
};

struct CreatedTenant {
  TenantSummary tenant;
  std::string master_key;  // shown once to the person who created it
};

class TenantStore {
 public:
  static constexpr int64_t kRevisionCheckMs = 250;

  // Fails if the database was created under another KMS key (recording
  // this key's check value in a new database).
  static StatusOr<std::unique_ptr<TenantStore>> Open(storage::Database& db,
                                                     std::shared_ptr<const KmsKey> kms,
                                                     TenantStoreOptions options);

  // Names are 1 to 64 characters of letters, digits, '.', '_' and '-'.
  StatusOr<CreatedTenant> Create(std::string_view name);
  StatusOr<std::vector<TenantSummary>> List();
  // False if there is no such tenant. Deletes its vault entries and values.
  StatusOr<bool> Delete(std::string_view name);
  // Verifies `current_key`, issues a new key and re-seals the tenant's
  // vault under it, in one transaction; returns the new key. The tenant's
  // OAuth grants are revoked in it: their tokens carry the old vault key.
  StatusOr<std::string> RotateKey(std::string_view name, std::string_view current_key);

  AuthOutcome Authenticate(std::string_view master_key);

  // A number that changes whenever remembered keys are forgotten (a tenant
  // deleted or a key rotated, by any process): a holder of a tenant checks
  // its key again when it changed. Looks for such changes, like
  // Authenticate, at most every kRevisionCheckMs.
  uint64_t Generation();

  // Whether the database still records this process's KMS key: it fails
  // once the file has been replaced by (or restored from) one made under
  // another key, whose vault this process cannot open.
  Status VerifyKmsKey();
  // Whether the database can be written now: rewrites one row of its meta
  // table, waiting at most `max_wait` for a lock (another process holding
  // the database, this process's other writes).
  Status ProbeWritable(std::chrono::milliseconds max_wait);

  // scrypt runs since start (a remembered or a shared verdict runs none).
  uint64_t key_derivations() const { return key_checks_.derivations(); }

  // A fresh random master key: "odmk_" and 43 base64url characters.
  static std::string NewMasterKey();

 private:
  TenantStore(storage::Database& db, std::shared_ptr<const KmsKey> kms, TenantStoreOptions options,
              int64_t revision)
      : db_(db),
        kms_(std::move(kms)),
        options_(options),
        key_checks_(options.key_checks),
        known_revision_(revision) {}

  struct Remembered {
    std::shared_ptr<const Tenant> tenant;
    int64_t expires_ms;
  };

  AuthOutcome Verify(std::string_view master_key, const std::string& lookup);
  AuthOutcome Provision(std::string_view master_key, const std::string& lookup);
  std::shared_ptr<const Tenant> MakeTenant(int64_t id, std::string name,
                                           std::string_view master_key,
                                           std::string_view vault_salt) const;
  std::string VaultKey(int64_t id, std::string_view master_key, std::string_view vault_salt) const;
  void Remember(const std::string& lookup, std::shared_ptr<const Tenant> tenant,
                uint64_t generation);
  uint64_t ForgetGeneration();
  void ForgetTenant(int64_t id);
  // Forgets every remembered key if another process (or this one) deleted
  // a tenant or rotated a key since the last look, kRevisionCheckMs ago.
  void ForgetIfRevoked(int64_t now_ms);
  void CheckRevision(int64_t now_ms) REQUIRES(revision_mutex_);

  storage::Database& db_;
  const std::shared_ptr<const KmsKey> kms_;
  const TenantStoreOptions options_;
  KeyChecks key_checks_;
  std::atomic<int64_t> revision_checked_ms_{0};
  Mutex revision_mutex_;  // one look at a time
  int64_t known_revision_ GUARDED_BY(revision_mutex_);
  SharedMutex remembered_mutex_;
  std::unordered_map<std::string, Remembered> remembered_ GUARDED_BY(remembered_mutex_);
  // Grows whenever a tenant is forgotten (deleted, key rotated). A
  // verification that began before is not remembered: it may have read a
  // row that no longer holds.
  uint64_t forget_generation_ GUARDED_BY(remembered_mutex_) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_TENANT_STORE_H_
