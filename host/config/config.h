// The host configuration: what config/orderdesk-mcp.toml documents, after
// environment overrides, validation, and resolution of relative paths.
// Plain data; LoadConfig() (config_loader.h) builds it. Equality compares
// every value, which is how a reload finds what changed.
#ifndef ODMCP_HOST_CONFIG_CONFIG_H_
#define ODMCP_HOST_CONFIG_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace odmcp {

enum class TransportKind { kStdio, kHttp };

struct ServerConfig {
  TransportKind transport = TransportKind::kHttp;
  int workers = 16;                  // concurrent tool calls on stdio
  int64_t call_timeout_ms = 300000;  // a tool call's deadline
  int64_t max_message_bytes = 4 * 1024 * 1024;  // per JSON-RPC message, any transport
  std::string instructions;          // sent to clients at initialize/discover
  bool watch_config = false;         // reload when the file changes (serve)
  bool allow_core_dumps = false;     // off: not dumpable, not attachable

  bool operator==(const ServerConfig&) const = default;
};

struct ListenAddress {
  std::string host = "127.0.0.1";
  int port = 8080;

  bool operator==(const ListenAddress&) const = default;
};

struct HttpConfig {
  ListenAddress listen;
  std::string path = "/mcp";
  std::string tls_cert;  // absolute PEM paths; both empty: plain HTTP
  std::string tls_key;
  std::vector<std::string> allowed_hosts = {"127.0.0.1", "localhost", "::1"};
  std::vector<std::string> allowed_origins;
  // Peers whose forwarded_header says who the client is (addresses or
  // CIDRs); none by default.
  std::vector<std::string> trusted_proxies;
  // The one header those proxies write: "X-Forwarded-For" or "Forwarded".
  std::string forwarded_header = "X-Forwarded-For";
  int max_connections = 10000;
  int max_connections_per_address = 512;
  int header_timeout_s = 10;
  int max_header_bytes = 16 * 1024;
  int body_timeout_s = 30;
  int keep_alive_timeout_s = 5;
  int send_timeout_s = 30;
  int max_streams = 10000;
  int max_streams_per_tenant = 100;
  int64_t stream_queue_bytes = 1024 * 1024;
  int stream_replay_events = 256;
  int session_idle_timeout_s = 1800;
  int max_sessions_per_tenant = 256;
  int sse_keepalive_s = 15;
  int drain_s = 0;  // after a stop signal: unready, still serving, this long
  int shutdown_grace_s = 10;
  int max_threads = 512;
  bool allow_token_query = true;        // accept ?token=<master key>
  int auth_failures_per_minute = 10;    // per client address, then 429

  bool operator==(const HttpConfig&) const = default;
};

// How clients identify themselves.
enum class TenantMode {
  kRequired,  // every HTTP request carries a tenant's master key; the vault is on
  kNone,      // no tenants, no vault, no database (diagnostics, conformance)
};

struct TenantsConfig {
  TenantMode mode = TenantMode::kRequired;
  bool auto_provision = false;          // an unknown key creates a tenant
  int remember_verified_key_s = 300;    // skip the slow hash for this long
  int max_key_checks_at_once = 0;       // slow hashes at once; 0: the number of cores
  int key_check_wait_ms = 10000;        // longest wait for one; then 503

  bool operator==(const TenantsConfig&) const = default;
};

struct StorageConfig {
  std::string path;  // absolute
  int busy_timeout_ms = 5000;

  bool operator==(const StorageConfig&) const = default;
};

struct VaultConfig {
  std::string kms_key_env = "ODMCP_KMS_KEY";
  std::string kms_key_file;  // absolute; empty: none (kms_key_source.h)

  bool operator==(const VaultConfig&) const = default;
};

enum class CacheBackend { kMemory, kSqlite };

struct CacheConfig {
  CacheBackend backend = CacheBackend::kMemory;
  int64_t max_bytes = 64 * 1024 * 1024;
  std::string sqlite_path;  // absolute; used by the sqlite backend

  bool operator==(const CacheConfig&) const = default;
};

struct RateLimitConfig {
  bool enabled = true;
  int per_minute = 120;   // sustained tool calls per tenant
  int burst = 240;        // bucket capacity
  int write_cost = 2;     // tokens a write tool takes (a read takes 1)
  int messages_per_minute = 6000;  // sustained requests of any method per tenant
  int message_burst = 1000;        // their bucket's capacity

  bool operator==(const RateLimitConfig&) const = default;
};

struct HttpClientConfig {
  int64_t connect_timeout_ms = 5000;
  int64_t read_timeout_ms = 30000;
  int max_attempts = 4;
  int64_t backoff_base_ms = 100;
  int64_t backoff_cap_ms = 5000;
  int64_t max_response_bytes = 16 * 1024 * 1024;
  std::string ca_file;  // absolute, or empty for the system trust store

  bool operator==(const HttpClientConfig&) const = default;
};

struct AuditConfig {
  bool enabled = true;
  int retention_days = 90;

  bool operator==(const AuditConfig&) const = default;
};

struct MetricsConfig {
  bool enabled = true;  // GET /metrics
  // The environment variable holding the token /metrics requires as
  // "Authorization: Bearer <token>"; empty: no token asked.
  std::string token_env;
  // Adds odmcp_tenant_tool_calls_total, a series per tenant.
  bool per_tenant = false;

  bool operator==(const MetricsConfig&) const = default;
};

// An external identity provider whose access tokens (JWTs) the host
// accepts as a resource server (host/auth/external_tokens.h).
struct ExternalIdpConfig {
  std::string issuer;    // empty: no external provider
  std::string jwks_uri;  // empty: from the issuer's OpenID discovery document
  std::string audience;  // empty: [auth] resource
  std::string tenant_claim = "sub";
  bool create_tenants = false;  // an unlinked identity gets a tenant of its own
  std::string scope_claim = "scope";
  int leeway_s = 60;            // clock skew allowed on exp, nbf and iat
  int jwks_refresh_s = 3600;    // keys are fetched again this often
  int jwks_min_refetch_s = 30;  // an unknown kid refetches at most this often

  bool operator==(const ExternalIdpConfig&) const = default;
};

// The built-in OAuth authorization server
// (host/auth/server/authorization_server.h), on when [auth] resource is set.
struct AuthServerConfig {
  bool enabled = true;
  int64_t access_token_ttl_s = 3600;
  int64_t refresh_token_ttl_s = int64_t{30} * 86400;
  int64_t code_ttl_s = 600;
  int64_t max_clients = 10000;  // registered clients kept (RFC 7591)
  // Clients may be identified by a client ID metadata document (an https
  // URL); fetching one may reach a private or loopback address only with
  // metadata_document_private_addresses (tests).
  bool metadata_documents = true;
  bool metadata_document_private_addresses = false;

  bool operator==(const AuthServerConfig&) const = default;
};

struct AuthConfig {
  // The MCP endpoint's URL as clients are given it (https://host/mcp): the
  // audience OAuth tokens must name, published as protected-resource
  // metadata (RFC 9728).
  std::string resource;
  bool master_key_bearer = true;  // a master key may be the bearer token
  ExternalIdpConfig external;
  AuthServerConfig server;

  bool operator==(const AuthConfig&) const = default;
};

struct ProtocolConfig {
  int page_size = 100;
  int64_t list_ttl_ms = 60000;
  // The environment variable holding the key that signs 2026-era
  // requestState (at least 32 bytes); unset: a random key per process.
  std::string request_state_key_env = "ODMCP_REQUEST_STATE_KEY";
  int64_t request_state_ttl_s = 600;
  int max_batch_length = 100;                // messages in one JSON-RPC batch
  int max_subscriptions_per_session = 1000;  // resources/subscribe URIs a session holds
  int max_uri_bytes = 2048;                  // the longest resource URI taken

  bool operator==(const ProtocolConfig&) const = default;
};

struct LogConfig {
  int32_t level = 1;  // ODMCP_LOG_INFO

  bool operator==(const LogConfig&) const = default;
};

// Where a plugin's table sits, for messages about it.
struct ConfigOrigin {
  std::string file;
  int line = 0;

  bool operator==(const ConfigOrigin&) const = default;
};

struct PluginConfig {
  std::string name;
  bool enabled = true;
  bool required = false;
  std::string path;  // absolute
  // At most one of these is non-empty; `tools_enabled_set` tells an empty
  // allow-list (no tools) from no allow-list.
  bool tools_enabled_set = false;
  std::vector<std::string> tools_enabled;
  std::vector<std::string> tools_disabled;
  std::string settings_json = "{}";
  bool read_secrets = false;  // may read decrypted vault entries
  ConfigOrigin origin;

  bool operator==(const PluginConfig&) const = default;
};

struct PluginsConfig {
  std::string dir;  // absolute
  std::vector<PluginConfig> plugins;  // in file order

  bool operator==(const PluginsConfig&) const = default;
};

struct Config {
  std::string file;  // the file it was read from
  ServerConfig server;
  HttpConfig http;
  ProtocolConfig protocol;
  LogConfig log;
  TenantsConfig tenants;
  AuthConfig auth;
  StorageConfig storage;
  VaultConfig vault;
  CacheConfig cache;
  RateLimitConfig rate_limit;
  HttpClientConfig http_client;
  AuditConfig audit;
  MetricsConfig metrics;
  PluginsConfig plugins;

  bool operator==(const Config&) const = default;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_CONFIG_CONFIG_H_
