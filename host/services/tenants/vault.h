// The credential vault: per-tenant entries of public metadata and secret
// HTTP headers, the secrets sealed with AES-256-GCM.
//
// Each seal uses a fresh 96-bit random nonce and the tenant's vault key (see
// Tenant::vault_key); the additional authenticated data names the tenant,
// the row and the entry, so a sealed value copied to another tenant's or
// another entry's row, or altered in any bit, fails to open (DATA_LOSS)
// instead of yielding someone else's secret.
//
// Every method returns OK or a canonical code (UNAVAILABLE: the database
// failed; NOT_FOUND; INVALID_ARGUMENT; DATA_LOSS: a sealed value failed to
// open) with a message that names the entry and never contains secret
// material.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_TENANTS_VAULT_H_
#define ODMCP_HOST_SERVICES_TENANTS_VAULT_H_

#include <odmcp/plugin.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

struct VaultEntry {
  std::string name;
  std::string public_json;
};

class Vault {
 public:
  explicit Vault(storage::Database& db) : db_(db) {}

  // Stores or replaces entry `name`. public_json must be a JSON object;
  // secret_headers_json a JSON object of header names to string values.
  Status Put(const Tenant& tenant, std::string_view name, std::string_view public_json,
             std::string_view secret_headers_json);
  Status GetPublic(const Tenant& tenant, std::string_view name, std::string* public_json);
  // Entries whose name starts with `prefix`, by name.
  Status List(const Tenant& tenant, std::string_view prefix, std::vector<VaultEntry>* out);
  Status Erase(const Tenant& tenant, std::string_view name);
  // The decrypted secret headers JSON. The caller wipes it after use.
  Status OpenSecret(const Tenant& tenant, std::string_view name, std::string* secret_json);
  // Adds the secret header values of every entry of `tenant` to the
  // process's SecretRegistry, so that they are scrubbed from logs and audit
  // rows (a key pasted into a tool's arguments, say) even in a process that
  // has not stored or opened them itself. Entries that do not open are
  // skipped: their calls fail on their own, with an error naming them.
  Status RegisterSecrets(const Tenant& tenant);

  // Re-seals every entry of `tenant_id` from `old_key` to `new_key` on
  // `connection`, inside the caller's write transaction (key rotation).
  // Throws storage::StorageError, or std::runtime_error naming an entry that
  // does not open under `old_key`.
  static void Reseal(storage::Connection& connection, int64_t tenant_id,
                     const std::string& old_key, const std::string& new_key);

 private:
  storage::Database& db_;
};

// Checks the shape of secret headers: a JSON object of RFC 9110 token names
// to string values without control characters. "" if fine, else the problem.
std::string CheckSecretHeaders(std::string_view secret_headers_json);

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_VAULT_H_
