#include "host/services/tenants/external_identities.h"

#include <stdexcept>
#include <vector>

#include "host/crypto/aes_gcm.h"
#include "host/crypto/hkdf.h"
#include "host/crypto/secure_bytes.h"
#include "host/services/log.h"
#include "host/services/tenants/schema.h"
#include "host/services/tenants/tenant_store.h"
#include "host/services/tenants/vault.h"

namespace odmcp {
namespace {

// The key that seals vault keys for identities: the KMS key's alone, so
// that a request carrying no secret of the tenant can open it.
std::string SealingKey(const KmsKey& kms) {
  StatusOr<std::string> key =
      crypto::HkdfSha256(kms.raw(), "", "orderdesk-mcp external identity v1", 32);
  if (!key.ok()) throw std::runtime_error("deriving the identity sealing key failed");
  return std::move(key).value();
}

// Length-prefixed, so no issuer and subject run into another pair's.
std::string AdditionalData(std::string_view issuer, std::string_view subject, int64_t tenant_id) {
  return std::to_string(issuer.size()) + ":" + std::string(issuer) +
         std::to_string(subject.size()) + ":" + std::string(subject) + std::to_string(tenant_id);
}

struct SealedKey {
  std::string nonce;
  std::string sealed;
};

SealedKey SealVaultKey(const KmsKey& kms, std::string_view issuer, std::string_view subject,
                       int64_t tenant_id, std::string_view vault_key) {
  SealedKey out;
  out.nonce = crypto::RandomBytes(crypto::kAesGcmNonceSize);
  std::string key = SealingKey(kms);
  StatusOr<std::string> sealed =
      crypto::AesGcmSeal(key, out.nonce, vault_key, AdditionalData(issuer, subject, tenant_id));
  crypto::Wipe(&key);
  if (!sealed.ok()) throw std::runtime_error("sealing an identity's vault key failed");
  out.sealed = std::move(sealed).value();
  return out;
}

StatusOr<std::string> OpenVaultKey(const KmsKey& kms, std::string_view issuer,
                                   std::string_view subject, int64_t tenant_id,
                                   const SealedKey& sealed) {
  std::string key = SealingKey(kms);
  StatusOr<std::string> opened = crypto::AesGcmOpen(key, sealed.nonce, sealed.sealed,
                                                    AdditionalData(issuer, subject, tenant_id));
  crypto::Wipe(&key);
  if (!opened.ok()) {
    return Status(ODMCP_DATA_LOSS,
                  "the vault key stored for identity \"" + std::string(subject) + "\" of issuer " +
                      std::string(issuer) +
                      " does not open (altered, or copied from another identity); link the "
                      "identity again with `orderdesk-mcp tenant link`");
  }
  return opened;
}

}  // namespace

ExternalIdentities::ExternalIdentities(storage::Database& db, std::shared_ptr<const KmsKey> kms,
                                       TenantStore& tenants, const Clock* clock,
                                       int64_t remember_ms)
    : db_(db), kms_(std::move(kms)), tenants_(tenants), clock_(clock), remember_ms_(remember_ms) {}

Status ExternalIdentities::Link(std::string_view issuer, std::string_view subject,
                                std::string_view master_key) {
  if (issuer.empty() || subject.empty()) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "an identity needs an issuer and a subject, both non-empty");
  }
  AuthOutcome auth = tenants_.Authenticate(master_key);
  if (auth.status == AuthStatus::kError || auth.status == AuthStatus::kBusy) {
    return Status(ODMCP_UNAVAILABLE, auth.error);
  }
  if (auth.status != AuthStatus::kOk) {
    return Status(ODMCP_PERMISSION_DENIED, "the master key given opens no tenant");
  }
  Status inserted = Insert(issuer, subject, *auth.tenant, /*replace=*/true);
  if (inserted.ok()) Forget();
  return inserted;
}

StatusOr<bool> ExternalIdentities::Unlink(std::string_view issuer, std::string_view subject) {
  StatusOr<bool> removed = db_.Write<bool>([&](storage::Connection& c) {
    c.Prepare("DELETE FROM external_identities WHERE issuer = ? AND subject = ?")
        .Bind(1, issuer)
        .Bind(2, subject)
        .Run();
    if (c.Changes() != 1) return false;
    c.Prepare(kBumpTenantsRevision).Run();
    return true;
  });
  if (removed.ok()) Forget();
  return removed;
}

StatusOr<std::shared_ptr<const Tenant>> ExternalIdentities::Find(std::string_view issuer,
                                                                 std::string_view subject,
                                                                 bool create) {
  Pair pair{std::string(issuer), std::string(subject)};
  const uint64_t generation = tenants_.Generation();
  if (std::shared_ptr<const Tenant> known = Recall(pair, generation)) return known;

  struct Row {
    bool found = false;
    int64_t tenant_id = 0;
    std::string name;
    SealedKey key;
  };
  auto read = [&] {
    return db_.Read<Row>([&](storage::Connection& c) {
      storage::Statement s = c.Prepare(
          "SELECT i.tenant_id, t.name, i.nonce, i.sealed_vault_key FROM external_identities i "
          "JOIN tenants t ON t.id = i.tenant_id WHERE i.issuer = ? AND i.subject = ?");
      s.Bind(1, issuer).Bind(2, subject);
      Row r;
      if (s.Step()) {
        r = {true,
             s.Int(0),
             std::string(s.Text(1)),
             {std::string(s.Blob(2)), std::string(s.Blob(3))}};
      }
      return r;
    });
  };
  StatusOr<Row> row = read();
  if (!row.ok()) return Status(ODMCP_UNAVAILABLE, row.error());
  if (!row.value().found) {
    if (!create) return std::shared_ptr<const Tenant>();
    StatusOr<std::shared_ptr<const Tenant>> made = CreateTenant(issuer, subject);
    if (made.ok()) {
      Remember(std::move(pair), made.value(), generation);
      return made;
    }
    // Another request may have made this identity's tenant first (the name
    // was taken): then its mapping stands.
    row = read();
    if (!row.ok()) return Status(ODMCP_UNAVAILABLE, row.error());
    if (!row.value().found) {
      if (made.status().code() == ODMCP_INVALID_ARGUMENT) return made.status();
      return Status(ODMCP_FAILED_PRECONDITION, made.error());
    }
  }
  const Row& r = row.value();
  StatusOr<std::string> vault_key = OpenVaultKey(*kms_, issuer, subject, r.tenant_id, r.key);
  if (!vault_key.ok()) return vault_key.status();
  auto tenant = std::make_shared<Tenant>();
  tenant->id = r.tenant_id;
  tenant->name = r.name;
  tenant->vault_key = std::move(vault_key).value();
  // As for a verified master key: the tenant's stored secrets are scrubbed
  // from logs and audit rows from now on.
  if (Status registered = Vault(db_).RegisterSecrets(*tenant); !registered.ok()) {
    HostLog().Warning("the tenant's stored secrets are redacted once opened",
                      {{"tenant", tenant->name}, {"error", registered.message()}});
  }
  Remember(std::move(pair), tenant, generation);
  return std::shared_ptr<const Tenant>(std::move(tenant));
}

StatusOr<std::shared_ptr<const Tenant>> ExternalIdentities::CreateTenant(std::string_view issuer,
                                                                         std::string_view subject) {
  StatusOr<CreatedTenant> created = tenants_.Create(subject);
  if (!created.ok()) return created.status();
  std::string master_key = std::move(created.value().master_key);
  AuthOutcome auth = tenants_.Authenticate(master_key);
  crypto::Wipe(&master_key);
  if (auth.status != AuthStatus::kOk) {
    return Status(ODMCP_UNAVAILABLE, "the tenant made for identity \"" + std::string(subject) +
                                         "\" could not be opened: " + auth.error);
  }
  Status inserted = Insert(issuer, subject, *auth.tenant, /*replace=*/false);
  if (!inserted.ok()) return inserted;
  return auth.tenant;
}

Status ExternalIdentities::Insert(std::string_view issuer, std::string_view subject,
                                  const Tenant& tenant, bool replace) {
  const SealedKey key = SealVaultKey(*kms_, issuer, subject, tenant.id, tenant.vault_key);
  StatusOr<bool> inserted = db_.Write<bool>([&](storage::Connection& c) {
    c.Prepare(std::string("INSERT INTO external_identities (issuer, subject, tenant_id, nonce, "
                          "sealed_vault_key, created_ms) VALUES (?, ?, ?, ?, ?, ?)") +
              (replace ? " ON CONFLICT (issuer, subject) DO UPDATE SET tenant_id = "
                         "excluded.tenant_id, nonce = excluded.nonce, sealed_vault_key = "
                         "excluded.sealed_vault_key, created_ms = excluded.created_ms"
                       : ""))
        .Bind(1, issuer)
        .Bind(2, subject)
        .Bind(3, tenant.id)
        .BindBlob(4, key.nonce)
        .BindBlob(5, key.sealed)
        .Bind(6, clock_->UnixMillis())
        .Run();
    // A changed mapping must reach every serving process; a new one has
    // nothing to make them forget.
    if (replace) c.Prepare(kBumpTenantsRevision).Run();
    return true;
  });
  return inserted.status();
}

void ExternalIdentities::Reseal(storage::Connection& connection, const KmsKey& kms,
                                int64_t tenant_id, std::string_view new_vault_key) {
  std::vector<std::pair<std::string, std::string>> pairs;
  storage::Statement select =
      connection.Prepare("SELECT issuer, subject FROM external_identities WHERE tenant_id = ?");
  select.Bind(1, tenant_id);
  while (select.Step()) pairs.emplace_back(select.Text(0), select.Text(1));
  storage::Statement update = connection.Prepare(
      "UPDATE external_identities SET nonce = ?, sealed_vault_key = ? "
      "WHERE issuer = ? AND subject = ?");
  for (const auto& [issuer, subject] : pairs) {
    const SealedKey key = SealVaultKey(kms, issuer, subject, tenant_id, new_vault_key);
    update.Reset();
    update.BindBlob(1, key.nonce).BindBlob(2, key.sealed).Bind(3, issuer).Bind(4, subject).Run();
  }
}

std::shared_ptr<const Tenant> ExternalIdentities::Recall(const Pair& pair, uint64_t generation) {
  MutexLock lock(&mutex_);
  if (generation != generation_) {
    remembered_.clear();
    generation_ = generation;
    return nullptr;
  }
  auto it = remembered_.find(pair);
  if (it == remembered_.end() || it->second.expires_ms <= clock_->UnixMillis()) return nullptr;
  return it->second.tenant;
}

void ExternalIdentities::Remember(Pair pair, std::shared_ptr<const Tenant> tenant,
                                  uint64_t generation) {
  if (remember_ms_ <= 0) return;
  const int64_t now = clock_->UnixMillis();
  MutexLock lock(&mutex_);
  if (generation != generation_) return;
  // Expired entries go whenever a new one comes: the map holds at most the
  // identities seen within one remember period.
  for (auto it = remembered_.begin(); it != remembered_.end();) {
    it = it->second.expires_ms <= now ? remembered_.erase(it) : std::next(it);
  }
  remembered_[std::move(pair)] = {std::move(tenant), now + remember_ms_};
}

void ExternalIdentities::Forget() {
  MutexLock lock(&mutex_);
  remembered_.clear();
}

}  // namespace odmcp
