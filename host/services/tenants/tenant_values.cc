#include "host/services/tenants/tenant_values.h"

#include "host/common/clock.h"

namespace odmcp {

StatusOr<std::optional<std::string>> TenantValues::Get(int64_t tenant_id, std::string_view key) {
  return db_.Read<std::optional<std::string>>(
      [&](storage::Connection& c) -> std::optional<std::string> {
        storage::Statement s =
            c.Prepare("SELECT value FROM tenant_values WHERE tenant_id = ? AND key = ?");
        s.Bind(1, tenant_id).Bind(2, key);
        if (!s.Step()) return std::nullopt;
        return std::string(s.Blob(0));
      });
}

StatusOr<bool> TenantValues::Put(int64_t tenant_id, std::string_view key, std::string_view value) {
  return db_.Write<bool>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare(
        "INSERT INTO tenant_values (tenant_id, key, value, updated_ms) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value, "
        "updated_ms = excluded.updated_ms");
    s.Bind(1, tenant_id).Bind(2, key).BindBlob(3, value).Bind(4, UnixMillis()).Run();
    return true;
  });
}

StatusOr<bool> TenantValues::Erase(int64_t tenant_id, std::string_view key) {
  return db_.Write<bool>([&](storage::Connection& c) {
    storage::Statement s = c.Prepare("DELETE FROM tenant_values WHERE tenant_id = ? AND key = ?");
    s.Bind(1, tenant_id).Bind(2, key).Run();
    return c.Changes() > 0;
  });
}

}  // namespace odmcp
