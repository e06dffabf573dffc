#include "host/services/tenants/schema.h"

namespace odmcp {

// Append only: a released migration never changes, so every database
// reaches the same schema whatever version it started from.
const std::vector<storage::Migration>& HostSchema() {
  static const std::vector<storage::Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

-- Master keys are never stored: key_lookup is HMAC-SHA256 of the key under
-- a key derived from the KMS key (the indexed lookup), key_verifier an
-- scrypt hash of it (the check that an attacker with the database and not
-- the KMS key cannot run quickly).
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  key_lookup BLOB NOT NULL UNIQUE,
  key_verifier BLOB NOT NULL,
  verifier_salt BLOB NOT NULL,
  vault_salt BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  key_rotated_ms INTEGER
);

-- sealed is AES-256-GCM ciphertext and tag of the secret headers, under the
-- tenant's vault key, with the tenant id, row id and name as additional
-- authenticated data: a row copied elsewhere does not decrypt.
CREATE TABLE vault_entries (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  public_json TEXT NOT NULL,
  nonce BLOB NOT NULL,
  sealed BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE tenant_values (
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, key)
) WITHOUT ROWID;

-- History outlives tenants: no foreign key.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  tenant_id INTEGER,
  tool TEXT NOT NULL,
  store TEXT,
  outcome TEXT NOT NULL,
  duration_us INTEGER NOT NULL,
  correlation_id TEXT NOT NULL,
  arguments TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (time_ms);
)sql"},
      // Raised by every tenant deletion and key rotation, in the same
      // transaction, so that serving processes forget remembered keys.
      {2, R"sql(
INSERT INTO meta (key, value) VALUES ('tenants_revision', 0);
)sql"},
      // `orderdesk-mcp audit` filters by tenant within a time range, newest
      // or oldest first: with only the time index, one tenant's page would
      // scan every other tenant's rows. The index's implicit rowid serves
      // the (time_ms, id) order.
      {3, R"sql(
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, time_ms);
)sql"},
      // The tenants an external identity provider's tokens reach
      // (external_identities.h): sealed_vault_key is the tenant's vault key
      // under a key derived from the KMS key, with the issuer, subject and
      // tenant id as additional authenticated data.
      {4, R"sql(
CREATE TABLE external_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  nonce BLOB NOT NULL,
  sealed_vault_key BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject)
) WITHOUT ROWID;
CREATE INDEX external_identities_tenant ON external_identities (tenant_id);
)sql"},
      // The built-in authorization server (host/services/oauth/grant_store.h,
      // signing_keys.h). Codes and refresh tokens are kept by their SHA-256
      // only, each with the tenant's vault key sealed under a key derived
      // from the KMS key and the code or token itself: the database and the
      // KMS key without the token open nothing. Clients that registered
      // (RFC 7591) are kept; those identified by a metadata document are not.
      {5, R"sql(
CREATE TABLE oauth_clients (
  client_id TEXT PRIMARY KEY,
  metadata TEXT NOT NULL,
  secret_hash BLOB,
  created_ms INTEGER NOT NULL,
  used_ms INTEGER
) WITHOUT ROWID;
CREATE TABLE oauth_grants (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  resource TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);
CREATE INDEX oauth_grants_tenant ON oauth_grants (tenant_id);
CREATE TABLE oauth_codes (
  hash BLOB PRIMARY KEY,
  grant_id INTEGER NOT NULL REFERENCES oauth_grants(id) ON DELETE CASCADE,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0,
  nonce BLOB NOT NULL,
  sealed_vault_key BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE oauth_refresh_tokens (
  hash BLOB PRIMARY KEY,
  grant_id INTEGER NOT NULL REFERENCES oauth_grants(id) ON DELETE CASCADE,
  expires_ms INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0,
  nonce BLOB NOT NULL,
  sealed_vault_key BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);
CREATE TABLE oauth_signing_keys (
  kid TEXT PRIMARY KEY,
  algorithm TEXT NOT NULL,
  nonce BLOB NOT NULL,
  sealed_key BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  retired_ms INTEGER
) WITHOUT ROWID;
)sql"},
  };
  return kMigrations;
}

}  // namespace odmcp
