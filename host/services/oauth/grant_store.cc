#include "host/services/oauth/grant_store.h"

#include <stdexcept>
#include <utility>

#include "host/common/base64.h"
#include "host/crypto/aes_gcm.h"
#include "host/crypto/hkdf.h"
#include "host/crypto/secure_bytes.h"
#include "host/crypto/sha256.h"
#include "host/services/tenants/schema.h"

namespace odmcp {
namespace {

constexpr size_t kSecretBytes = 32;
// A registered client that never completed an authorization may be pushed
// out by a new registration once it is this old.
constexpr int64_t kUnusedClientMs = int64_t{24} * 3600 * 1000;

// The key that seals a vault key beside the hash of `secret`: only the KMS
// key and the secret together make it.
std::string SealingKey(const KmsKey& kms, std::string_view secret) {
  StatusOr<std::string> key = crypto::HkdfSha256(std::string(kms.raw()) + std::string(secret), "",
                                                 "orderdesk-mcp oauth vault key v1", 32);
  if (!key.ok()) throw std::runtime_error("deriving an OAuth sealing key failed");
  return std::move(key).value();
}

// Which table and grant a sealed key belongs to: a row copied to another
// grant or table does not open.
std::string AdditionalData(std::string_view table, int64_t grant_id) {
  return std::string(table) + ":" + std::to_string(grant_id);
}

struct Sealed {
  std::string nonce;
  std::string bytes;
};

Sealed Seal(const KmsKey& kms, std::string_view secret, std::string_view table, int64_t grant_id,
            std::string_view vault_key) {
  Sealed out;
  out.nonce = crypto::RandomBytes(crypto::kAesGcmNonceSize);
  std::string key = SealingKey(kms, secret);
  StatusOr<std::string> sealed =
      crypto::AesGcmSeal(key, out.nonce, vault_key, AdditionalData(table, grant_id));
  crypto::Wipe(&key);
  if (!sealed.ok()) throw std::runtime_error("sealing a vault key failed");
  out.bytes = std::move(sealed).value();
  return out;
}

// A new random secret in the form clients carry it.
std::string NewSecret() { return Base64UrlEncode(crypto::RandomBytes(kSecretBytes)); }

GrantRecord ReadGrant(storage::Statement& s, int first) {
  GrantRecord g;
  g.id = s.Int(first);
  g.tenant_id = s.Int(first + 1);
  g.tenant_name = std::string(s.Text(first + 2));
  g.client_id = std::string(s.Text(first + 3));
  g.scope = std::string(s.Text(first + 4));
  g.resource = std::string(s.Text(first + 5));
  g.revoked = !s.IsNull(first + 6);
  return g;
}

constexpr std::string_view kGrantColumns =
    "g.id, g.tenant_id, t.name, g.client_id, g.scope, g.resource, g.revoked_ms";

Status Unavailable(const Status& status) { return Status(ODMCP_UNAVAILABLE, status.message()); }

}  // namespace

Redeemed::~Redeemed() { crypto::Wipe(&vault_key); }

GrantStore::GrantStore(storage::Database& db, std::shared_ptr<const KmsKey> kms, const Clock* clock,
                       GrantStoreOptions options)
    : db_(db), kms_(std::move(kms)), clock_(clock), options_(options) {}

Status GrantStore::AddClient(std::string_view client_id, std::string_view metadata_json,
                             std::string_view secret) {
  const int64_t now = clock_->UnixMillis();
  StatusOr<bool> added = db_.Write<bool>([&](storage::Connection& c) {
    const int64_t count = c.QueryInt("SELECT COUNT(*) FROM oauth_clients").value_or(0);
    if (count >= static_cast<int64_t>(options_.max_clients)) {
      c.Prepare(
           "DELETE FROM oauth_clients WHERE client_id IN (SELECT client_id FROM oauth_clients "
           "WHERE used_ms IS NULL AND created_ms < ? ORDER BY created_ms LIMIT ?)")
          .Bind(1, now - kUnusedClientMs)
          .Bind(2, count - static_cast<int64_t>(options_.max_clients) + 1)
          .Run();
      if (c.Changes() == 0) return false;
    }
    storage::Statement insert = c.Prepare(
        "INSERT INTO oauth_clients (client_id, metadata, secret_hash, created_ms) "
        "VALUES (?, ?, ?, ?)");
    insert.Bind(1, client_id).Bind(2, metadata_json).Bind(4, now);
    if (secret.empty()) {
      insert.BindNull(3);
    } else {
      insert.BindBlob(3, crypto::Sha256(secret));
    }
    insert.Run();
    return true;
  });
  if (!added.ok()) return Unavailable(added.status());
  if (!added.value()) {
    return Status(ODMCP_RESOURCE_EXHAUSTED,
                  "the server holds as many registered clients as it keeps (" +
                      std::to_string(options_.max_clients) +
                      ", [auth.server] max_clients); try again tomorrow, or identify the client "
                      "by a client ID metadata document");
  }
  return Status();
}

StatusOr<std::optional<StoredClient>> GrantStore::FindClient(std::string_view client_id) {
  StatusOr<std::optional<StoredClient>> found =
      db_.Read<std::optional<StoredClient>>([&](storage::Connection& c) {
        storage::Statement s =
            c.Prepare("SELECT metadata, secret_hash FROM oauth_clients WHERE client_id = ?");
        s.Bind(1, client_id);
        std::optional<StoredClient> client;
        if (s.Step()) {
          client = StoredClient{std::string(client_id), std::string(s.Text(0)),
                                s.IsNull(1) ? std::string() : std::string(s.Blob(1))};
        }
        return client;
      });
  if (!found.ok()) return Unavailable(found.status());
  return found;
}

StatusOr<std::string> GrantStore::IssueCode(const NewGrant& grant, std::string_view redirect_uri,
                                            std::string_view code_challenge,
                                            std::string_view vault_key) {
  std::string code = NewSecret();
  const int64_t now = clock_->UnixMillis();
  StatusOr<bool> issued = db_.Write<bool>([&](storage::Connection& c) {
    Sweep(c, now);
    c.Prepare(
         "INSERT INTO oauth_grants (tenant_id, client_id, scope, resource, created_ms) "
         "VALUES (?, ?, ?, ?, ?)")
        .Bind(1, grant.tenant_id)
        .Bind(2, grant.client_id)
        .Bind(3, grant.scope)
        .Bind(4, grant.resource)
        .Bind(5, now)
        .Run();
    const int64_t grant_id = c.LastInsertRowId();
    const Sealed sealed = Seal(*kms_, code, "oauth_codes", grant_id, vault_key);
    c.Prepare(
         "INSERT INTO oauth_codes (hash, grant_id, redirect_uri, code_challenge, expires_ms, "
         "nonce, sealed_vault_key) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .BindBlob(1, crypto::Sha256(code))
        .Bind(2, grant_id)
        .Bind(3, redirect_uri)
        .Bind(4, code_challenge)
        .Bind(5, now + options_.code_ttl_ms)
        .BindBlob(6, sealed.nonce)
        .BindBlob(7, sealed.bytes)
        .Run();
    c.Prepare("UPDATE oauth_clients SET used_ms = ? WHERE client_id = ?")
        .Bind(1, now)
        .Bind(2, grant.client_id)
        .Run();
    return true;
  });
  if (!issued.ok()) return Unavailable(issued.status());
  return code;
}

StatusOr<std::string> GrantStore::IssueRefreshToken(int64_t grant_id, std::string_view vault_key) {
  std::string token = NewSecret();
  const int64_t now = clock_->UnixMillis();
  const Sealed sealed = Seal(*kms_, token, "oauth_refresh_tokens", grant_id, vault_key);
  StatusOr<bool> issued = db_.Write<bool>([&](storage::Connection& c) {
    c.Prepare(
         "INSERT INTO oauth_refresh_tokens (hash, grant_id, expires_ms, nonce, "
         "sealed_vault_key) VALUES (?, ?, ?, ?, ?)")
        .BindBlob(1, crypto::Sha256(token))
        .Bind(2, grant_id)
        .Bind(3, now + options_.refresh_ttl_ms)
        .BindBlob(4, sealed.nonce)
        .BindBlob(5, sealed.bytes)
        .Run();
    return true;
  });
  if (!issued.ok()) return Unavailable(issued.status());
  return token;
}

StatusOr<Redeemed> GrantStore::RedeemCode(std::string_view code) {
  return Redeem("oauth_codes", code);
}

StatusOr<Redeemed> GrantStore::RedeemRefreshToken(std::string_view token) {
  return Redeem("oauth_refresh_tokens", token);
}

StatusOr<Redeemed> GrantStore::Redeem(std::string_view table, std::string_view secret) {
  const bool is_code = table == "oauth_codes";
  const std::string what = is_code ? "authorization code" : "refresh token";
  const int64_t now = clock_->UnixMillis();
  struct Row {
    enum { kUnknown, kExpired, kReused, kRevoked, kOk } state = kUnknown;
    Redeemed redeemed;
    Sealed sealed;
  };
  StatusOr<Row> row = db_.Write<Row>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare(
        "SELECT x.expires_ms, x.used, x.nonce, x.sealed_vault_key, " + std::string(kGrantColumns) +
        (is_code ? ", x.redirect_uri, x.code_challenge" : "") + " FROM " + std::string(table) +
        " x JOIN oauth_grants g ON g.id = x.grant_id JOIN tenants t ON t.id = g.tenant_id "
        "WHERE x.hash = ?");
    s.BindBlob(1, crypto::Sha256(secret));
    Row r;
    if (!s.Step()) return r;
    r.redeemed.grant = ReadGrant(s, 4);
    if (is_code) {
      r.redeemed.redirect_uri = std::string(s.Text(11));
      r.redeemed.code_challenge = std::string(s.Text(12));
    }
    r.sealed = {std::string(s.Blob(2)), std::string(s.Blob(3))};
    const bool used = s.Int(1) != 0;
    const bool expired = s.Int(0) <= now;
    const int64_t grant_id = r.redeemed.grant.id;
    if (r.redeemed.grant.revoked) {
      r.state = Row::kRevoked;
    } else if (used) {
      // OAuth 2.1 section 4.1.2 and 4.3.1: a second presentation means the
      // value was stolen, so what was issued from it ends.
      c.Prepare("UPDATE oauth_grants SET revoked_ms = ? WHERE id = ?")
          .Bind(1, now)
          .Bind(2, grant_id)
          .Run();
      c.Prepare(kBumpTenantsRevision).Run();
      r.state = Row::kReused;
    } else if (expired) {
      r.state = Row::kExpired;
    } else {
      c.Prepare("UPDATE " + std::string(table) + " SET used = 1 WHERE hash = ?")
          .BindBlob(1, crypto::Sha256(secret))
          .Run();
      r.state = Row::kOk;
    }
    return r;
  });
  if (!row.ok()) return Unavailable(row.status());
  Row& r = row.value();
  switch (r.state) {
    case Row::kUnknown:
      return Status(ODMCP_INVALID_ARGUMENT, "the " + what + " is not one this server issued");
    case Row::kExpired:
      return Status(ODMCP_INVALID_ARGUMENT,
                    "the " + what + " has expired; sign in again for a new one");
    case Row::kReused:
      return Status(ODMCP_PERMISSION_DENIED,
                    "the " + what +
                        " was used before; the grant it belongs to is revoked, with every token "
                        "issued under it (sign in again)");
    case Row::kRevoked:
      return Status(ODMCP_INVALID_ARGUMENT,
                    "the grant of this " + what + " was revoked; sign in again");
    case Row::kOk:
      break;
  }
  std::string key = SealingKey(*kms_, secret);
  StatusOr<std::string> vault_key = crypto::AesGcmOpen(key, r.sealed.nonce, r.sealed.bytes,
                                                       AdditionalData(table, r.redeemed.grant.id));
  crypto::Wipe(&key);
  if (!vault_key.ok()) {
    return Status(ODMCP_DATA_LOSS, "the vault key stored with the " + what +
                                       " does not open (altered, or made under another KMS key)");
  }
  r.redeemed.vault_key = std::move(vault_key).value();
  return std::move(r.redeemed);
}

StatusOr<std::optional<GrantRecord>> GrantStore::FindGrant(int64_t grant_id) {
  StatusOr<std::optional<GrantRecord>> found =
      db_.Read<std::optional<GrantRecord>>([&](storage::Connection& c) {
        storage::Statement s =
            c.Prepare("SELECT " + std::string(kGrantColumns) +
                      " FROM oauth_grants g JOIN tenants t ON t.id = g.tenant_id WHERE g.id = ?");
        s.Bind(1, grant_id);
        std::optional<GrantRecord> grant;
        if (s.Step()) grant = ReadGrant(s, 0);
        return grant;
      });
  if (!found.ok()) return Unavailable(found.status());
  return found;
}

StatusOr<std::optional<int64_t>> GrantStore::GrantOfRefreshToken(std::string_view token) {
  StatusOr<std::optional<int64_t>> found =
      db_.Read<std::optional<int64_t>>([&](storage::Connection& c) {
        storage::Statement s =
            c.Prepare("SELECT grant_id FROM oauth_refresh_tokens WHERE hash = ?");
        s.BindBlob(1, crypto::Sha256(token));
        std::optional<int64_t> grant;
        if (s.Step()) grant = s.Int(0);
        return grant;
      });
  if (!found.ok()) return Unavailable(found.status());
  return found;
}

StatusOr<bool> GrantStore::Revoke(int64_t grant_id) {
  StatusOr<bool> revoked = db_.Write<bool>([&](storage::Connection& c) {
    c.Prepare("UPDATE oauth_grants SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")
        .Bind(1, clock_->UnixMillis())
        .Bind(2, grant_id)
        .Run();
    if (c.Changes() == 0) return false;
    c.Prepare(kBumpTenantsRevision).Run();
    return true;
  });
  if (!revoked.ok()) return Unavailable(revoked.status());
  return revoked;
}

void GrantStore::Sweep(storage::Connection& c, int64_t now_ms) {
  c.Prepare("DELETE FROM oauth_codes WHERE expires_ms <= ?").Bind(1, now_ms).Run();
  c.Prepare("DELETE FROM oauth_refresh_tokens WHERE expires_ms <= ?").Bind(1, now_ms).Run();
  // A grant without a code or refresh token left can issue nothing more,
  // and its last access token has expired by then (the refresh token
  // outlives the access tokens it issued): deleting it is revoking it. A
  // revoked grant goes once its tokens' lives are over, so that until then
  // a stolen token still finds it revoked, not unknown.
  c.Prepare(
       "DELETE FROM oauth_grants WHERE created_ms <= ? AND NOT EXISTS (SELECT 1 FROM "
       "oauth_codes WHERE grant_id = oauth_grants.id) AND NOT EXISTS (SELECT 1 FROM "
       "oauth_refresh_tokens WHERE grant_id = oauth_grants.id)")
      .Bind(1, now_ms - options_.code_ttl_ms)
      .Run();
}

void RevokeTenantGrants(storage::Connection& connection, int64_t tenant_id, int64_t now_ms) {
  connection
      .Prepare("UPDATE oauth_grants SET revoked_ms = ? WHERE tenant_id = ? AND revoked_ms IS NULL")
      .Bind(1, now_ms)
      .Bind(2, tenant_id)
      .Run();
}

}  // namespace odmcp
