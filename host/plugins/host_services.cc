#include "host/plugins/host_services.h"

namespace odmcp {

void AttachServices(ServiceSet& set, HostServices& services) {
  services.tenants = set.tenants();
  services.vault = set.vault();
  services.tenant_values = set.tenant_values();
  services.cache = set.cache();
  services.rate_limiter = set.rate_limiter();
  services.http = set.http();
  services.audit = set.audit();
  services.tenant_rate_limit = set.tenant_rate_limit();
}

}  // namespace odmcp
