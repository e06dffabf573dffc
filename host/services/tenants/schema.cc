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
  };
  return kMigrations;
}

}  // namespace odmcp
