#include "host/services/service_set.h"

#include <chrono>

#include "host/services/cache/memory_cache.h"
#include "host/services/cache/sqlite_cache.h"
#include "host/services/log.h"
#include "host/services/tenants/kms_key_source.h"
#include "host/services/tenants/schema.h"

namespace odmcp {

ServiceSet::~ServiceSet() = default;

StatusOr<std::unique_ptr<ServiceSet>> ServiceSet::Open(const Config& config, bool with_audit) {
  std::unique_ptr<ServiceSet> set(new ServiceSet());

  if (config.tenants.mode == TenantMode::kRequired) {
    StatusOr<std::shared_ptr<const KmsKey>> kms =
        LoadKmsKey({config.vault.kms_key_env, config.vault.kms_key_file});
    if (!kms.ok()) return kms.status();
    set->kms_ = std::move(kms).value();
    storage::DatabaseOptions db_options;
    db_options.path = config.storage.path;
    db_options.busy_timeout_ms = config.storage.busy_timeout_ms;
    StatusOr<std::unique_ptr<storage::Database>> db =
        storage::Database::Open(db_options, HostSchema());
    if (!db.ok()) return db.status();
    set->database_ = std::move(db).value();
    for (const std::string& file : set->database_->tightened()) {
      HostLog().Warning("a database file was readable by other users", {{"file", file}});
    }
    TenantStoreOptions tenant_options;
    tenant_options.auto_provision = config.tenants.auto_provision;
    tenant_options.remember_verified_key_ms = int64_t{config.tenants.remember_verified_key_s} * 1000;
    tenant_options.key_checks.max_at_once = static_cast<size_t>(config.tenants.max_key_checks_at_once);
    tenant_options.key_checks.max_wait = std::chrono::milliseconds(config.tenants.key_check_wait_ms);
    StatusOr<std::unique_ptr<TenantStore>> tenants =
        TenantStore::Open(*set->database_, set->kms_, tenant_options);
    if (!tenants.ok()) return tenants.status();
    set->tenants_ = std::move(tenants).value();
    set->identities_ = std::make_unique<ExternalIdentities>(
        *set->database_, set->kms_, *set->tenants_, SystemClock(),
        tenant_options.remember_verified_key_ms);
    GrantStoreOptions grant_options;
    grant_options.max_clients = static_cast<size_t>(config.auth.server.max_clients);
    grant_options.code_ttl_ms = config.auth.server.code_ttl_s * 1000;
    grant_options.refresh_ttl_ms = config.auth.server.refresh_token_ttl_s * 1000;
    set->grants_ =
        std::make_unique<GrantStore>(*set->database_, set->kms_, SystemClock(), grant_options);
    set->vault_ = std::make_unique<Vault>(*set->database_);
    set->tenant_values_ = std::make_unique<TenantValues>(*set->database_);
    if (with_audit && config.audit.enabled) {
      AuditOptions audit_options;
      audit_options.retention_days = config.audit.retention_days;
      set->audit_ = std::make_unique<AuditLog>(*set->database_, audit_options);
    }
  }

  if (config.cache.backend == CacheBackend::kSqlite) {
    SqliteCacheOptions cache_options;
    cache_options.path = config.cache.sqlite_path;
    cache_options.max_bytes = static_cast<size_t>(config.cache.max_bytes);
    StatusOr<std::unique_ptr<Cache>> cache = OpenSqliteCache(cache_options);
    if (!cache.ok()) return Status(cache.status().code(), "[cache] " + cache.error());
    set->cache_ = std::move(cache).value();
  } else {
    MemoryCacheOptions cache_options;
    cache_options.max_bytes = static_cast<size_t>(config.cache.max_bytes);
    set->cache_ = MakeMemoryCache(cache_options);
  }

  set->rate_limiter_ = std::make_unique<RateLimiter>();
  set->tenant_rate_limit_.enabled = config.rate_limit.enabled;
  set->tenant_rate_limit_.write_cost = config.rate_limit.write_cost;
  StatusOr<bool> declared = set->rate_limiter_->Declare(kTenantBucket, config.rate_limit.burst,
                                                        config.rate_limit.per_minute / 60.0);
  if (!declared.ok()) return Status(declared.status().code(), "[rate_limit] " + declared.error());
  declared = set->rate_limiter_->Declare(kMessageBucket, config.rate_limit.message_burst,
                                         config.rate_limit.messages_per_minute / 60.0);
  if (!declared.ok()) return Status(declared.status().code(), "[rate_limit] " + declared.error());

  HttpClientOptions http_options;
  http_options.connect_timeout_ms = config.http_client.connect_timeout_ms;
  http_options.read_timeout_ms = config.http_client.read_timeout_ms;
  http_options.max_attempts = config.http_client.max_attempts;
  http_options.backoff_base_ms = config.http_client.backoff_base_ms;
  http_options.backoff_cap_ms = config.http_client.backoff_cap_ms;
  http_options.max_response_bytes = static_cast<uint64_t>(config.http_client.max_response_bytes);
  http_options.ca_file = config.http_client.ca_file;
  set->http_ = std::make_unique<HttpClient>(http_options);
  return set;
}

}  // namespace odmcp
