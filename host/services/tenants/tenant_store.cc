#include "host/services/tenants/tenant_store.h"

#include <algorithm>
#include <regex>

#include "host/common/base64.h"
#include "host/common/clock.h"
#include "host/common/random.h"
#include "host/crypto/hkdf.h"
#include "host/crypto/hmac.h"
#include "host/crypto/scrypt.h"
#include "host/crypto/secure_bytes.h"
#include "host/services/log.h"
#include "host/services/oauth/grant_store.h"
#include "host/services/redaction.h"
#include "host/services/tenants/external_identities.h"
#include "host/services/tenants/schema.h"
#include "host/services/tenants/vault.h"

namespace odmcp {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kVerifierBytes = 32;
constexpr size_t kMinAutoProvisionKeyChars = 32;
// Longer keys are not ours; refusing them early bounds the HMAC's work.
constexpr size_t kMaxMasterKeyChars = 512;
constexpr const char* kKmsCheckKey = "kms_check";
// Rewritten by each write probe (ProbeWritable): the time of the last one.
constexpr const char* kWriteProbeKey = "write_probe_ms";

// `stored` is the database's record of the KMS key it was created under.
Status CheckKmsKey(const storage::Database& db, std::string_view stored, const KmsKey& kms) {
  if (crypto::ConstantTimeEquals(stored, kms.check_value())) return Status();
  return Status(ODMCP_FAILED_PRECONDITION,
                "database " + db.path() +
                    ": it was created with a different KMS key than the one given; set the "
                    "KMS key it was created with (nothing in it can be read without that key)");
}
int64_t ReadRevision(storage::Connection& c) {
  storage::Statement s = c.Prepare("SELECT value FROM meta WHERE key = 'tenants_revision'");
  if (!s.Step()) throw std::runtime_error("the database has no tenants revision");
  return s.Int(0);
}

bool IsTenantName(std::string_view name) {
  static const std::regex kPattern("[A-Za-z0-9._-]{1,64}");
  return std::regex_match(name.begin(), name.end(), kPattern);
}

std::string Verifier(std::string_view master_key, std::string_view salt) {
  StatusOr<std::string> hash =
      crypto::Scrypt(master_key, salt, crypto::DefaultVerifierParams(), kVerifierBytes);
  if (!hash.ok()) throw std::runtime_error("hashing a master key failed: " + hash.error());
  return std::move(hash).value();
}

TenantSummary ReadSummary(const storage::Statement& s) {
  TenantSummary t;
  t.id = s.Int(0);
  t.name = std::string(s.Text(1));
  t.created_ms = s.Int(2);
  t.key_rotated_ms = s.IsNull(3) ? 0 : s.Int(3);
  t.vault_entries = s.Int(4);
  return t;
}

constexpr const char* kSelectSummary =
    "SELECT t.id, t.name, t.created_ms, t.key_rotated_ms, "
    "(SELECT count(*) FROM vault_entries v WHERE v.tenant_id = t.id) FROM tenants t";

}  // namespace

Tenant::~Tenant() { crypto::Wipe(&vault_key); }

std::string TenantStore::NewMasterKey() {
  return "odmk_" + Base64UrlEncode(crypto::RandomBytes(32));
}

StatusOr<std::unique_ptr<TenantStore>> TenantStore::Open(storage::Database& db,
                                                         std::shared_ptr<const KmsKey> kms,
                                                         TenantStoreOptions options) {
  struct Opened {
    std::string check;
    int64_t revision = 0;
  };
  StatusOr<Opened> opened = db.Write<Opened>([&](storage::Connection& c) {
    Opened o;
    o.revision = ReadRevision(c);
    storage::Statement s = c.Prepare("SELECT value FROM meta WHERE key = ?");
    s.Bind(1, kKmsCheckKey);
    if (s.Step()) {
      o.check = std::string(s.Blob(0));
      return o;
    }
    storage::Statement insert = c.Prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    insert.Bind(1, kKmsCheckKey).BindBlob(2, kms->check_value()).Run();
    o.check = kms->check_value();
    return o;
  });
  if (!opened.ok()) return opened.status();
  if (Status matches = CheckKmsKey(db, opened.value().check, *kms); !matches.ok()) return matches;
  return std::unique_ptr<TenantStore>(
      new TenantStore(db, std::move(kms), options, opened.value().revision));
}

Status TenantStore::VerifyKmsKey() {
  StatusOr<std::string> check = db_.Read<std::string>([](storage::Connection& c) {
    storage::Statement s = c.Prepare("SELECT value FROM meta WHERE key = ?");
    s.Bind(1, kKmsCheckKey);
    return s.Step() ? std::string(s.Blob(0)) : std::string();
  });
  if (!check.ok()) return check.status();
  return CheckKmsKey(db_, check.value(), *kms_);
}

Status TenantStore::ProbeWritable(std::chrono::milliseconds max_wait) {
  StatusOr<bool> written = db_.WriteWithin<bool>(max_wait, [this](storage::Connection& c) {
    c.Prepare(
         "INSERT INTO meta (key, value) VALUES (?, ?) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .Bind(1, kWriteProbeKey)
        .Bind(2, options_.clock->UnixMillis())
        .Run();
    return true;
  });
  return written.status();
}

std::string TenantStore::VaultKey(int64_t id, std::string_view master_key,
                                  std::string_view vault_salt) const {
  std::string ikm(kms_->raw());
  ikm.append(master_key);
  StatusOr<std::string> key = crypto::HkdfSha256(
      ikm, vault_salt, "orderdesk-mcp vault v1 tenant " + std::to_string(id), 32);
  crypto::Wipe(&ikm);
  if (!key.ok()) throw std::runtime_error("deriving a vault key failed: " + key.error());
  return std::move(key).value();
}

std::shared_ptr<const Tenant> TenantStore::MakeTenant(int64_t id, std::string name,
                                                      std::string_view master_key,
                                                      std::string_view vault_salt) const {
  auto tenant = std::make_shared<Tenant>();
  tenant->id = id;
  tenant->name = std::move(name);
  tenant->vault_key = VaultKey(id, master_key, vault_salt);
  return tenant;
}

StatusOr<CreatedTenant> TenantStore::Create(std::string_view name) {
  if (!IsTenantName(name)) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "tenant name \"" + std::string(name) +
                      "\" is not valid: use 1 to 64 letters, digits, '.', '_' or '-'");
  }
  CreatedTenant created;
  created.master_key = NewMasterKey();
  const std::string verifier_salt = crypto::RandomBytes(kSaltBytes);
  const std::string vault_salt = crypto::RandomBytes(kSaltBytes);
  const std::string verifier = Verifier(created.master_key, verifier_salt);
  const int64_t now = options_.clock->UnixMillis();
  StatusOr<int64_t> id = db_.Write<int64_t>([&](storage::Connection& c) {
    storage::Statement exists = c.Prepare("SELECT 1 FROM tenants WHERE name = ?");
    exists.Bind(1, name);
    if (exists.Step()) {
      throw std::runtime_error("a tenant named \"" + std::string(name) +
                               "\" already exists; choose another name");
    }
    storage::Statement insert = c.Prepare(
        "INSERT INTO tenants (name, key_lookup, key_verifier, verifier_salt, vault_salt, "
        "created_ms) VALUES (?, ?, ?, ?, ?, ?)");
    insert.Bind(1, name)
        .BindBlob(2, kms_->lookup_mac().Mac(created.master_key))
        .BindBlob(3, verifier)
        .BindBlob(4, verifier_salt)
        .BindBlob(5, vault_salt)
        .Bind(6, now)
        .Run();
    return c.LastInsertRowId();
  });
  if (!id.ok()) return id.status();
  created.tenant.id = id.value();
  created.tenant.name = std::string(name);
  created.tenant.created_ms = now;
  return created;
}

StatusOr<std::vector<TenantSummary>> TenantStore::List() {
  return db_.Read<std::vector<TenantSummary>>([](storage::Connection& c) {
    storage::Statement s = c.Prepare(std::string(kSelectSummary) + " ORDER BY t.name");
    std::vector<TenantSummary> out;
    while (s.Step()) out.push_back(ReadSummary(s));
    return out;
  });
}

StatusOr<bool> TenantStore::Delete(std::string_view name) {
  StatusOr<int64_t> id = db_.Write<int64_t>([&](storage::Connection& c) -> int64_t {
    storage::Statement find = c.Prepare("SELECT id FROM tenants WHERE name = ?");
    find.Bind(1, name);
    if (!find.Step()) return 0;
    int64_t tenant_id = find.Int(0);
    storage::Statement erase = c.Prepare("DELETE FROM tenants WHERE id = ?");
    erase.Bind(1, tenant_id).Run();
    c.Prepare(kBumpTenantsRevision).Run();
    return tenant_id;
  });
  if (!id.ok()) return id.status();
  if (id.value() == 0) return false;
  ForgetTenant(id.value());
  return true;
}

StatusOr<std::string> TenantStore::RotateKey(std::string_view name, std::string_view current_key) {
  AuthOutcome auth = Authenticate(current_key);
  if (auth.status == AuthStatus::kError) return Status(ODMCP_UNAVAILABLE, auth.error);
  if (auth.status != AuthStatus::kOk || auth.tenant->name != name) {
    return Status(ODMCP_PERMISSION_DENIED,
                  "the current master key given is not tenant \"" + std::string(name) + "\"'s");
  }
  const int64_t id = auth.tenant->id;
  std::string new_key = NewMasterKey();
  const std::string verifier_salt = crypto::RandomBytes(kSaltBytes);
  const std::string vault_salt = crypto::RandomBytes(kSaltBytes);
  const std::string verifier = Verifier(new_key, verifier_salt);
  std::string new_vault_key = VaultKey(id, new_key, vault_salt);
  StatusOr<bool> rotated = db_.Write<bool>([&](storage::Connection& c) {
    Vault::Reseal(c, id, auth.tenant->vault_key, new_vault_key);
    ExternalIdentities::Reseal(c, *kms_, id, new_vault_key);
    RevokeTenantGrants(c, id, options_.clock->UnixMillis());
    storage::Statement update = c.Prepare(
        "UPDATE tenants SET key_lookup = ?, key_verifier = ?, verifier_salt = ?, vault_salt = ?, "
        "key_rotated_ms = ? WHERE id = ? AND key_lookup = ?");
    update.BindBlob(1, kms_->lookup_mac().Mac(new_key))
        .BindBlob(2, verifier)
        .BindBlob(3, verifier_salt)
        .BindBlob(4, vault_salt)
        .Bind(5, options_.clock->UnixMillis())
        .Bind(6, id)
        .BindBlob(7, kms_->lookup_mac().Mac(current_key))
        .Run();
    // Another rotation got there first: its re-sealed entries stand.
    if (c.Changes() != 1) throw std::runtime_error("the key was rotated meanwhile; retry");
    c.Prepare(kBumpTenantsRevision).Run();
    return true;
  });
  crypto::Wipe(&new_vault_key);
  if (!rotated.ok()) return rotated.status();
  ForgetTenant(id);
  return new_key;
}

AuthOutcome TenantStore::Authenticate(std::string_view master_key) {
  if (master_key.empty() || master_key.size() > kMaxMasterKeyChars) return {};
  std::string lookup = kms_->lookup_mac().Mac(master_key);
  const int64_t now = options_.clock->UnixMillis();
  ForgetIfRevoked(now);
  {
    ReaderLock lock(&remembered_mutex_);
    auto it = remembered_.find(lookup);
    if (it != remembered_.end() && it->second.expires_ms > now) {
      return {AuthStatus::kOk, it->second.tenant, {}};
    }
  }
  return key_checks_.Once(lookup, [&] { return Verify(master_key, lookup); });
}

uint64_t TenantStore::Generation() {
  ForgetIfRevoked(options_.clock->UnixMillis());
  return ForgetGeneration();
}

void TenantStore::ForgetIfRevoked(int64_t now_ms) {
  if (now_ms - revision_checked_ms_.load(std::memory_order_relaxed) < kRevisionCheckMs) return;
  // One request looks; the others meanwhile go on with what is remembered,
  // at most kRevisionCheckMs and one read old.
  if (!revision_mutex_.TryLock()) return;
  if (now_ms - revision_checked_ms_.load() >= kRevisionCheckMs) CheckRevision(now_ms);
  revision_mutex_.Unlock();
}

void TenantStore::CheckRevision(int64_t now_ms) {
  StatusOr<int64_t> revision = db_.Read<int64_t>(ReadRevision);
  // A failed read is tried again by the next request; the database's
  // failure shows where a request needs it.
  if (!revision.ok()) return;
  revision_checked_ms_.store(now_ms);
  if (revision.value() == known_revision_) return;
  known_revision_ = revision.value();
  WriterLock forget(&remembered_mutex_);
  ++forget_generation_;
  remembered_.clear();
}

uint64_t TenantStore::ForgetGeneration() {
  ReaderLock lock(&remembered_mutex_);
  return forget_generation_;
}

AuthOutcome TenantStore::Verify(std::string_view master_key, const std::string& lookup) {
  const uint64_t generation = ForgetGeneration();
  struct Row {
    bool found = false;
    int64_t id = 0;
    std::string name, verifier, verifier_salt, vault_salt;
  };
  StatusOr<Row> row = db_.Read<Row>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare(
        "SELECT id, name, key_verifier, verifier_salt, vault_salt FROM tenants "
        "WHERE key_lookup = ?");
    s.BindBlob(1, lookup);
    Row r;
    if (s.Step()) {
      r = {true, s.Int(0), std::string(s.Text(1)), std::string(s.Blob(2)),
           std::string(s.Blob(3)), std::string(s.Blob(4))};
    }
    return r;
  });
  if (!row.ok()) return {AuthStatus::kError, nullptr, row.error()};
  try {
    if (!row.value().found) {
      if (!options_.auto_provision || master_key.size() < kMinAutoProvisionKeyChars) return {};
      return Provision(master_key, lookup);
    }
    const Row& r = row.value();
    AuthOutcome verified = key_checks_.InSlot([&]() -> AuthOutcome {
      if (!crypto::ConstantTimeEquals(Verifier(master_key, r.verifier_salt), r.verifier)) return {};
      return {AuthStatus::kOk, MakeTenant(r.id, r.name, master_key, r.vault_salt), {}};
    });
    if (verified.status != AuthStatus::kOk) return verified;
    // Verified once here, so every later log line and audit row is scrubbed
    // of the key and of the tenant's stored secrets, without the
    // per-request path touching the registry. A vault that cannot be read
    // now leaves the secrets to be registered as calls open them.
    SecretRegistry::Process().Add(master_key);
    if (Status registered = Vault(db_).RegisterSecrets(*verified.tenant); !registered.ok()) {
      HostLog().Warning("the tenant's stored secrets are redacted once opened",
                        {{"tenant", verified.tenant->name}, {"error", registered.message()}});
    }
    Remember(lookup, verified.tenant, generation);
    return verified;
  } catch (const std::runtime_error& e) {
    return {AuthStatus::kError, nullptr, e.what()};
  }
}

AuthOutcome TenantStore::Provision(std::string_view master_key, const std::string& lookup) {
  const uint64_t generation = ForgetGeneration();
  const std::string verifier_salt = crypto::RandomBytes(kSaltBytes);
  const std::string vault_salt = crypto::RandomBytes(kSaltBytes);
  std::string verifier;
  AuthOutcome derived = key_checks_.InSlot([&] {
    verifier = Verifier(master_key, verifier_salt);
    return AuthOutcome{AuthStatus::kOk, nullptr, {}};
  });
  if (derived.status != AuthStatus::kOk) return derived;
  const std::string name = "auto-" + RandomHex(6);
  StatusOr<int64_t> id = db_.Write<int64_t>([&](storage::Connection& c) {
    storage::Statement insert = c.Prepare(
        "INSERT INTO tenants (name, key_lookup, key_verifier, verifier_salt, vault_salt, "
        "created_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_lookup) DO NOTHING");
    insert.Bind(1, name)
        .BindBlob(2, lookup)
        .BindBlob(3, verifier)
        .BindBlob(4, verifier_salt)
        .BindBlob(5, vault_salt)
        .Bind(6, options_.clock->UnixMillis())
        .Run();
    return c.Changes() == 1 ? c.LastInsertRowId() : int64_t{0};
  });
  if (!id.ok()) return {AuthStatus::kError, nullptr, id.error()};
  // Another request provisioned the same key first: verify against its row.
  if (id.value() == 0) return Verify(master_key, lookup);
  std::shared_ptr<const Tenant> tenant = MakeTenant(id.value(), name, master_key, vault_salt);
  SecretRegistry::Process().Add(master_key);
  Remember(lookup, tenant, generation);
  return {AuthStatus::kOk, tenant, {}};
}

void TenantStore::Remember(const std::string& lookup, std::shared_ptr<const Tenant> tenant,
                           uint64_t generation) {
  if (options_.remember_verified_key_ms <= 0) return;
  const int64_t now = options_.clock->UnixMillis();
  WriterLock lock(&remembered_mutex_);
  if (generation != forget_generation_) return;
  // Expired entries go whenever a new one comes, so the map holds at most
  // the keys verified within one remember period.
  for (auto it = remembered_.begin(); it != remembered_.end();) {
    it = it->second.expires_ms <= now ? remembered_.erase(it) : std::next(it);
  }
  remembered_[lookup] = {std::move(tenant), now + options_.remember_verified_key_ms};
}

void TenantStore::ForgetTenant(int64_t id) {
  WriterLock lock(&remembered_mutex_);
  ++forget_generation_;
  for (auto it = remembered_.begin(); it != remembered_.end();) {
    it = it->second.tenant->id == id ? remembered_.erase(it) : std::next(it);
  }
}

}  // namespace odmcp
