// The host database's schema, as migrations (see storage/database.h).
#ifndef ODMCP_HOST_SERVICES_TENANTS_SCHEMA_H_
#define ODMCP_HOST_SERVICES_TENANTS_SCHEMA_H_

#include <vector>

#include "host/services/storage/database.h"

namespace odmcp {

const std::vector<storage::Migration>& HostSchema();

// Raises the tenants revision: every change that must make serving
// processes forget what they remember of tenants (a deletion, a key
// rotation, an identity linked or unlinked) runs it in its transaction.
inline constexpr const char* kBumpTenantsRevision =
    "UPDATE meta SET value = value + 1 WHERE key = 'tenants_revision'";

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_SCHEMA_H_
