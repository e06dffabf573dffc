// GrantStore: what the built-in authorization server keeps (DESIGN.md
// section 10, "Access"): the clients that registered (RFC 7591), and the
// grants a tenant gave a client, with their authorization codes and
// refresh tokens.
//
// A grant is one "Allow" on the consent page: a tenant, a client, a scope
// and the resource the tokens are for. Every token issued under it names
// it, and it ends as a whole: revoked (RFC 7009, a reused code or refresh
// token, which the OAuth 2.1 rules take for theft), or deleted with its
// tenant. A tenant's master key rotation revokes its grants, as their
// tokens carry the old vault key.
//
// Codes and refresh tokens are random 256-bit values the client holds; the
// store keeps their SHA-256 only, and beside each the tenant's vault key
// sealed (AES-256-GCM) under a key derived from the KMS key and the value
// itself, with the grant as additional data. The database and the KMS key
// together, without a live code or token, therefore open no vault (as they
// open none without a master key). Each is single-use: redeeming one marks
// it used in the same transaction that reads it, so of two concurrent
// redemptions one wins; presenting a used one again revokes its grant.
//
// Bounds: at most `max_clients` registered clients (when full, clients that
// never completed an authorization and registered more than a day ago make
// room); codes live `code_ttl_ms`, refresh tokens `refresh_ttl_ms`; expired
// codes and refresh tokens, and revoked grants, are deleted as new ones
// are issued.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_OAUTH_GRANT_STORE_H_
#define ODMCP_HOST_SERVICES_OAUTH_GRANT_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/clock.h"
#include "host/common/status.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/kms_key.h"

namespace odmcp {

struct GrantStoreOptions {
  size_t max_clients = 10000;
  int64_t code_ttl_ms = 600 * 1000;
  int64_t refresh_ttl_ms = int64_t{30} * 24 * 3600 * 1000;
};

// A registered client as stored: its metadata document (JSON, as the
// registration response echoed it) and, for a confidential client, the
// SHA-256 of its secret.
struct StoredClient {
  std::string client_id;
  std::string metadata_json;
  std::string secret_hash;  // empty: a public client
};

// A grant as the token endpoint and the token verifier need it.
struct GrantRecord {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string tenant_name;
  std::string client_id;
  std::string scope;
  std::string resource;
  bool revoked = false;
};

// What a grant is made of on the consent page.
struct NewGrant {
  int64_t tenant_id = 0;
  std::string client_id;
  std::string scope;
  std::string resource;
};

// A code or refresh token redeemed: its grant and the tenant's vault key.
struct Redeemed {
  GrantRecord grant;
  std::string vault_key;  // wiped by the holder when done
  // A code's redirect URI and PKCE challenge; empty for a refresh token.
  std::string redirect_uri;
  std::string code_challenge;
  ~Redeemed();
};

class GrantStore {
 public:
  // `db`, `clock` must outlive this object.
  GrantStore(storage::Database& db, std::shared_ptr<const KmsKey> kms, const Clock* clock,
             GrantStoreOptions options);

  // Stores a client whose id and secret the caller made: `secret` empty for
  // a public client. RESOURCE_EXHAUSTED when max_clients are registered and
  // none can make room.
  Status AddClient(std::string_view client_id, std::string_view metadata_json,
                   std::string_view secret);
  // The client, or nullopt if none has that id.
  StatusOr<std::optional<StoredClient>> FindClient(std::string_view client_id);

  // A new grant and its code, bound to `redirect_uri` and the PKCE
  // `code_challenge`; returns the code.
  StatusOr<std::string> IssueCode(const NewGrant& grant, std::string_view redirect_uri,
                                  std::string_view code_challenge, std::string_view vault_key);
  // The code's grant. INVALID_ARGUMENT (the token endpoint's invalid_grant)
  // for an unknown or expired code or a revoked grant, PERMISSION_DENIED
  // (invalid_grant too) for a used one, which revokes its grant; the
  // message says which, never quoting the code.
  StatusOr<Redeemed> RedeemCode(std::string_view code);

  // A new refresh token of grant `grant_id`.
  StatusOr<std::string> IssueRefreshToken(int64_t grant_id, std::string_view vault_key);
  // As RedeemCode, for a refresh token; the caller issues its successor.
  StatusOr<Redeemed> RedeemRefreshToken(std::string_view token);

  // The grant, or nullopt if it does not exist (deleted with its tenant).
  StatusOr<std::optional<GrantRecord>> FindGrant(int64_t grant_id);
  // The grant a refresh token (used or not) belongs to, if any.
  StatusOr<std::optional<int64_t>> GrantOfRefreshToken(std::string_view token);
  // Revokes the grant: its codes, refresh tokens and access tokens stop
  // working. False if it was already revoked or does not exist.
  StatusOr<bool> Revoke(int64_t grant_id);

 private:
  StatusOr<Redeemed> Redeem(std::string_view table, std::string_view secret);
  // Deletes expired codes and refresh tokens, and grants revoked or left
  // without a live refresh token, on `c` (in a write transaction).
  void Sweep(storage::Connection& c, int64_t now_ms);

  storage::Database& db_;
  const std::shared_ptr<const KmsKey> kms_;
  const Clock* const clock_;
  const GrantStoreOptions options_;
};

// Run by TenantStore::RotateKey in its transaction: the tenant's grants
// hold the old vault key, so they end.
void RevokeTenantGrants(storage::Connection& connection, int64_t tenant_id, int64_t now_ms);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_OAUTH_GRANT_STORE_H_
