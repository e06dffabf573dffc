// The host database's schema, as migrations (see storage/database.h).
#ifndef ODMCP_HOST_SERVICES_TENANTS_SCHEMA_H_
#define ODMCP_HOST_SERVICES_TENANTS_SCHEMA_H_

#include <vector>

#include "host/services/storage/database.h"

namespace odmcp {

const std::vector<storage::Migration>& HostSchema();

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_TENANTS_SCHEMA_H_
