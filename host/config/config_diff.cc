#include "host/config/config_diff.h"

namespace odmcp {

std::vector<std::string> ChangedSections(const Config& before, const Config& after) {
  std::vector<std::string> changed;
  auto compare = [&changed](const char* name, const auto& a, const auto& b) {
    if (!(a == b)) changed.emplace_back(name);
  };
  compare("server", before.server, after.server);
  compare("http", before.http, after.http);
  compare("tenants", before.tenants, after.tenants);
  compare("auth", before.auth, after.auth);
  compare("storage", before.storage, after.storage);
  compare("vault", before.vault, after.vault);
  compare("cache", before.cache, after.cache);
  compare("rate_limit", before.rate_limit, after.rate_limit);
  compare("http_client", before.http_client, after.http_client);
  compare("audit", before.audit, after.audit);
  compare("metrics", before.metrics, after.metrics);
  compare("protocol", before.protocol, after.protocol);
  compare("log", before.log, after.log);
  return changed;
}

}  // namespace odmcp
