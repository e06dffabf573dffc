// Per-tenant key/value pairs kept in the database: what plugins store with
// ODMCP_SCOPE_TENANT (a tenant's default store, say), shared by every
// session and every client of the tenant, and kept across restarts.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_TENANTS_TENANT_VALUES_H_
#define ODMCP_HOST_SERVICES_TENANTS_TENANT_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/status.h"
#include "host/services/storage/database.h"

namespace odmcp {

class TenantValues {
 public:
  static constexpr size_t kMaxKeyBytes = 256;
  static constexpr size_t kMaxValueBytes = 64 * 1024;

  explicit TenantValues(storage::Database& db) : db_(db) {}

  StatusOr<std::optional<std::string>> Get(int64_t tenant_id, std::string_view key);
  StatusOr<bool> Put(int64_t tenant_id, std::string_view key, std::string_view value);
  // False if the key was not set.
  StatusOr<bool> Erase(int64_t tenant_id, std::string_view key);

 private:
  storage::Database& db_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_TENANT_VALUES_H_
