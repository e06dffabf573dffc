#include "host/config/config_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "host/common/http_text.h"
#include "host/common/ip_networks.h"
#include "host/common/log_level.h"
#include "host/config/config_reader.h"
#include "host/services/http_client/url.h"

extern char** environ;

namespace odmcp {
namespace {

namespace fs = std::filesystem;
using config_internal::EnvOverrides;
using config_internal::ParseTomlValue;
using config_internal::Problems;
using config_internal::TableReader;

bool IsPluginName(const std::string& name) {
  static const std::regex kPattern("[a-z0-9_]{1,48}");
  return std::regex_match(name, kPattern);
}

bool IsToolName(const std::string& name) {
  static const std::regex kPattern("[A-Za-z0-9_.-]{1,128}");
  return std::regex_match(name, kPattern);
}

// Resolves `value` against `base` unless it is absolute.
std::string Resolve(const fs::path& base, const std::string& value) {
  fs::path p(value);
  return (p.is_absolute() ? p : (base / p)).lexically_normal().string();
}

void ReadServer(TableReader r, ServerConfig& out) {
  if (auto v = r.String("transport")) {
    if (*v == "stdio") {
      out.transport = TransportKind::kStdio;
    } else if (*v == "http") {
      out.transport = TransportKind::kHttp;
    } else {
      r.Invalid("transport", "expected \"stdio\" or \"http\", got \"" + *v + "\"");
    }
  }
  if (auto v = r.Int("workers", 1, 1024)) out.workers = static_cast<int>(*v);
  if (auto v = r.Int("call_timeout_ms", 1000, 86400000)) out.call_timeout_ms = *v;
  if (auto v = r.Int("max_message_bytes", 1024, int64_t{1} << 30)) out.max_message_bytes = *v;
  if (auto v = r.String("instructions")) out.instructions = *v;
  if (auto v = r.Bool("watch_config")) out.watch_config = *v;
  if (auto v = r.Bool("allow_core_dumps")) out.allow_core_dumps = *v;
  r.Finish();
}

void ReadHttp(TableReader r, const fs::path& base, HttpConfig& out) {
  if (auto v = r.String("listen")) {
    StatusOr<ListenAddress> address = ParseListenAddress(*v);
    if (address.ok()) {
      out.listen = address.value();
    } else {
      r.Invalid("listen", address.error());
    }
  }
  if (auto v = r.String("path")) {
    if (v->empty() || v->front() != '/') {
      r.Invalid("path", "expected a URL path starting with \"/\", got \"" + *v + "\"");
    } else {
      out.path = *v;
    }
  }
  for (auto [key, field] : {std::pair{"tls_cert", &out.tls_cert}, std::pair{"tls_key", &out.tls_key}}) {
    if (auto v = r.String(key); v && !v->empty()) {
      *field = Resolve(r.FromEnv(key) ? fs::current_path() : base, *v);
    }
  }
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    r.Invalid(out.tls_cert.empty() ? "tls_cert" : "tls_key",
              "tls_cert and tls_key serve HTTPS together: set both, or neither");
  }
  if (auto v = r.StringList("allowed_hosts")) out.allowed_hosts = *v;
  if (auto v = r.StringList("allowed_origins")) out.allowed_origins = *v;
  if (auto v = r.StringList("trusted_proxies")) {
    StatusOr<IpNetworks> networks = IpNetworks::Parse(*v);
    if (networks.ok()) {
      out.trusted_proxies = *v;
    } else {
      r.Invalid("trusted_proxies", "expected addresses or networks; " + networks.error());
    }
  }
  if (auto v = r.String("forwarded_header")) {
    if (EqualsIgnoringCase(*v, "X-Forwarded-For")) {
      out.forwarded_header = "X-Forwarded-For";
    } else if (EqualsIgnoringCase(*v, "Forwarded")) {
      out.forwarded_header = "Forwarded";
    } else {
      const std::string expected =
          "expected \"X-Forwarded-For\" or \"Forwarded\" (the header the trusted proxies write)";
      r.Invalid("forwarded_header", expected + ", got \"" + *v + "\"");
    }
  }
  if (auto v = r.Int("max_connections", 1, 1000000)) out.max_connections = static_cast<int>(*v);
  if (auto v = r.Int("max_connections_per_address", 1, 1000000)) {
    out.max_connections_per_address = static_cast<int>(*v);
  }
  if (auto v = r.Int("header_timeout_s", 1, 3600)) out.header_timeout_s = static_cast<int>(*v);
  if (auto v = r.Int("max_header_bytes", 1024, 1024 * 1024)) {
    out.max_header_bytes = static_cast<int>(*v);
  }
  if (auto v = r.Int("body_timeout_s", 1, 3600)) out.body_timeout_s = static_cast<int>(*v);
  if (auto v = r.Int("send_timeout_s", 1, 3600)) out.send_timeout_s = static_cast<int>(*v);
  if (auto v = r.Int("max_streams", 1, 1000000)) out.max_streams = static_cast<int>(*v);
  if (auto v = r.Int("max_streams_per_tenant", 1, 1000000)) {
    out.max_streams_per_tenant = static_cast<int>(*v);
  }
  if (auto v = r.Int("stream_queue_bytes", 4096, int64_t{1} << 30)) out.stream_queue_bytes = *v;
  if (auto v = r.Int("stream_replay_events", 1, 100000)) {
    out.stream_replay_events = static_cast<int>(*v);
  }
  if (auto v = r.Int("session_idle_timeout_s", 1, 604800)) {
    out.session_idle_timeout_s = static_cast<int>(*v);
  }
  if (auto v = r.Int("max_sessions_per_tenant", 1, 1000000)) {
    out.max_sessions_per_tenant = static_cast<int>(*v);
  }
  if (auto v = r.Int("sse_keepalive_s", 1, 3600)) out.sse_keepalive_s = static_cast<int>(*v);
  if (auto v = r.Int("keep_alive_timeout_s", 1, 3600)) {
    out.keep_alive_timeout_s = static_cast<int>(*v);
  }
  if (auto v = r.Int("drain_s", 0, 600)) out.drain_s = static_cast<int>(*v);
  if (auto v = r.Int("shutdown_grace_s", 0, 3600)) out.shutdown_grace_s = static_cast<int>(*v);
  if (auto v = r.Int("max_threads", 4, 65536)) out.max_threads = static_cast<int>(*v);
  if (auto v = r.Bool("allow_token_query")) out.allow_token_query = *v;
  if (auto v = r.Int("auth_failures_per_minute", 1, 1000000)) {
    out.auth_failures_per_minute = static_cast<int>(*v);
  }
  r.Finish();
}

void ReadTenants(TableReader r, TenantsConfig& out) {
  if (auto v = r.String("mode")) {
    if (*v == "required") {
      out.mode = TenantMode::kRequired;
    } else if (*v == "none") {
      out.mode = TenantMode::kNone;
    } else {
      r.Invalid("mode", "expected \"required\" or \"none\", got \"" + *v + "\"");
    }
  }
  if (auto v = r.Bool("auto_provision")) out.auto_provision = *v;
  if (auto v = r.Int("remember_verified_key_s", 0, 86400)) {
    out.remember_verified_key_s = static_cast<int>(*v);
  }
  if (auto v = r.Int("max_key_checks_at_once", 0, 1024)) {
    out.max_key_checks_at_once = static_cast<int>(*v);
  }
  if (auto v = r.Int("key_check_wait_ms", 1, 600000)) out.key_check_wait_ms = static_cast<int>(*v);
  r.Finish();
}

// An absolute http(s) URL without query or fragment; https unless its host
// is this machine (local tests). "" when fine, else what is wrong.
std::string CheckOAuthUrl(const std::string& url) {
  HttpUrl parsed;
  std::string error;
  if (!ParseHttpUrl(url, &parsed, &error)) return error;
  if (url.find_first_of("?#") != std::string::npos) return "it may have no query or fragment";
  const bool loopback =
      parsed.host == "127.0.0.1" || parsed.host == "::1" || parsed.host == "localhost";
  if (!parsed.https() && !loopback) {
    return "it must be an https URL (http is taken only for 127.0.0.1, ::1 and localhost)";
  }
  return {};
}

void ReadExternalIdp(TableReader r, ExternalIdpConfig& out) {
  for (auto [key, field] : {std::pair{"issuer", &out.issuer}, {"jwks_uri", &out.jwks_uri}}) {
    if (auto v = r.String(key)) {
      *field = *v;
      if (std::string problem = v->empty() ? "" : CheckOAuthUrl(*v); !problem.empty()) {
        r.Invalid(key, problem);
      }
    }
  }
  if (auto v = r.String("audience")) out.audience = *v;
  for (auto [key, field] :
       {std::pair{"tenant_claim", &out.tenant_claim}, {"scope_claim", &out.scope_claim}}) {
    if (auto v = r.String(key)) {
      if (v->empty()) r.Invalid(key, "expected the name of a claim of the provider's tokens");
      *field = *v;
    }
  }
  if (auto v = r.Bool("create_tenants")) out.create_tenants = *v;
  if (auto v = r.Int("leeway_s", 0, 600)) out.leeway_s = static_cast<int>(*v);
  if (auto v = r.Int("jwks_refresh_s", 60, 604800)) out.jwks_refresh_s = static_cast<int>(*v);
  if (auto v = r.Int("jwks_min_refetch_s", 1, 3600)) out.jwks_min_refetch_s = static_cast<int>(*v);
  r.Finish();
}

void ReadAuthServer(TableReader r, AuthServerConfig& out) {
  if (auto v = r.Bool("enabled")) out.enabled = *v;
  if (auto v = r.Int("access_token_ttl_s", 1, 86400)) out.access_token_ttl_s = *v;
  if (auto v = r.Int("refresh_token_ttl_s", 3600, int64_t{365} * 86400)) {
    out.refresh_token_ttl_s = *v;
  }
  if (auto v = r.Int("code_ttl_s", 1, 600)) out.code_ttl_s = *v;
  if (auto v = r.Int("max_clients", 1, 1000000)) out.max_clients = *v;
  if (auto v = r.Bool("metadata_documents")) out.metadata_documents = *v;
  if (auto v = r.Bool("metadata_document_private_addresses")) {
    out.metadata_document_private_addresses = *v;
  }
  r.Finish();
}

void ReadAuth(TableReader r, EnvOverrides& env, Problems& problems, const TenantsConfig& tenants,
              AuthConfig& out) {
  if (auto v = r.String("resource")) {
    out.resource = *v;
    if (std::string problem = v->empty() ? "" : CheckOAuthUrl(*v); !problem.empty()) {
      r.Invalid("resource", problem);
    }
  }
  if (auto v = r.Bool("master_key_bearer")) out.master_key_bearer = *v;
  ReadExternalIdp(TableReader(r.Table("external"), "auth.external", env, problems), out.external);
  ReadAuthServer(TableReader(r.Table("server"), "auth.server", env, problems), out.server);
  const bool own_server = out.server.enabled && !out.resource.empty();
  if (!out.master_key_bearer && out.external.issuer.empty() && !own_server) {
    r.Invalid("master_key_bearer",
              "false leaves HTTP clients no way to authenticate without OAuth; set [auth] "
              "resource (the built-in authorization server) or [auth.external], or keep master "
              "keys");
  }
  if (!out.external.issuer.empty()) {
    if (out.resource.empty() && out.external.audience.empty()) {
      r.Invalid("resource",
                "[auth.external] needs the URL clients connect to (https://host/mcp), the "
                "audience its tokens must name; set [auth] resource");
    }
    if (tenants.mode != TenantMode::kRequired) {
      r.Invalid("external",
                "an external identity provider maps tokens to tenants; it needs "
                "[tenants] mode = \"required\"");
    }
  }
  r.Finish();
}

void ReadStorage(TableReader r, const fs::path& base, StorageConfig& out) {
  std::optional<std::string> path = r.String("path");
  out.path = Resolve(r.FromEnv("path") ? fs::current_path() : base,
                     path.value_or("orderdesk-mcp.db"));
  if (auto v = r.Int("busy_timeout_ms", 0, 600000)) out.busy_timeout_ms = static_cast<int>(*v);
  r.Finish();
}

void ReadVault(TableReader r, const fs::path& base, VaultConfig& out) {
  if (auto v = r.String("kms_key_env")) {
    static const std::regex kName("[A-Za-z_][A-Za-z0-9_]{0,127}");
    if (std::regex_match(*v, kName)) {
      out.kms_key_env = *v;
    } else {
      r.Invalid("kms_key_env", "expected an environment variable name, got \"" + *v + "\"");
    }
  }
  if (auto v = r.String("kms_key_file"); v && !v->empty()) {
    out.kms_key_file = Resolve(r.FromEnv("kms_key_file") ? fs::current_path() : base, *v);
  }
  r.Finish();
}

void ReadCache(TableReader r, const StorageConfig& storage, CacheConfig& out) {
  if (auto v = r.String("backend")) {
    if (*v == "memory") {
      out.backend = CacheBackend::kMemory;
    } else if (*v == "sqlite") {
      out.backend = CacheBackend::kSqlite;
    } else {
      r.Invalid("backend", "expected \"memory\" or \"sqlite\", got \"" + *v + "\"");
    }
  }
  if (auto v = r.Int("max_bytes", 4096, int64_t{1} << 40)) out.max_bytes = *v;
  std::optional<std::string> path = r.String("sqlite_path");
  if (path && !path->empty()) {
    out.sqlite_path = Resolve(r.FromEnv("sqlite_path") ? fs::current_path()
                                                        : fs::path(storage.path).parent_path(),
                              *path);
  } else {
    out.sqlite_path = storage.path + ".cache";
  }
  r.Finish();
}

void ReadRateLimit(TableReader r, RateLimitConfig& out) {
  if (auto v = r.Bool("enabled")) out.enabled = *v;
  if (auto v = r.Int("per_minute", 1, 100000000)) out.per_minute = static_cast<int>(*v);
  if (auto v = r.Int("burst", 1, 100000000)) out.burst = static_cast<int>(*v);
  if (auto v = r.Int("write_cost", 1, 1000)) out.write_cost = static_cast<int>(*v);
  if (auto v = r.Int("messages_per_minute", 1, 100000000)) {
    out.messages_per_minute = static_cast<int>(*v);
  }
  if (auto v = r.Int("message_burst", 1, 100000000)) out.message_burst = static_cast<int>(*v);
  if (out.write_cost > out.burst) {
    r.Invalid("write_cost", "must not exceed burst (" + std::to_string(out.burst) +
                                "), or no write could ever run");
  }
  r.Finish();
}

void ReadHttpClient(TableReader r, const fs::path& base, HttpClientConfig& out) {
  if (auto v = r.Int("connect_timeout_ms", 1, 600000)) out.connect_timeout_ms = *v;
  if (auto v = r.Int("read_timeout_ms", 1, 3600000)) out.read_timeout_ms = *v;
  if (auto v = r.Int("max_attempts", 1, 20)) out.max_attempts = static_cast<int>(*v);
  if (auto v = r.Int("backoff_base_ms", 0, 600000)) out.backoff_base_ms = *v;
  if (auto v = r.Int("backoff_cap_ms", 0, 3600000)) out.backoff_cap_ms = *v;
  if (auto v = r.Int("max_response_bytes", 1024, int64_t{1} << 32)) out.max_response_bytes = *v;
  if (auto v = r.String("ca_file"); v && !v->empty()) {
    out.ca_file = Resolve(r.FromEnv("ca_file") ? fs::current_path() : base, *v);
    std::error_code ec;
    if (!fs::is_regular_file(out.ca_file, ec)) {
      r.Invalid("ca_file", "no such file: " + out.ca_file);
    }
  }
  r.Finish();
}

void ReadAudit(TableReader r, AuditConfig& out) {
  if (auto v = r.Bool("enabled")) out.enabled = *v;
  if (auto v = r.Int("retention_days", 1, 36500)) out.retention_days = static_cast<int>(*v);
  r.Finish();
}

void ReadMetrics(TableReader r, MetricsConfig& out) {
  if (auto v = r.Bool("enabled")) out.enabled = *v;
  if (auto v = r.String("token_env")) out.token_env = *v;
  if (auto v = r.Bool("per_tenant")) out.per_tenant = *v;
  r.Finish();
}

void ReadProtocol(TableReader r, ProtocolConfig& out) {
  if (auto v = r.Int("page_size", 1, 10000)) out.page_size = static_cast<int>(*v);
  if (auto v = r.Int("list_ttl_ms", 0, 86400000)) out.list_ttl_ms = *v;
  if (auto v = r.String("request_state_key_env")) out.request_state_key_env = *v;
  if (auto v = r.Int("request_state_ttl_s", 1, 86400)) out.request_state_ttl_s = *v;
  if (auto v = r.Int("max_batch_length", 1, 10000)) out.max_batch_length = static_cast<int>(*v);
  if (auto v = r.Int("max_subscriptions_per_session", 1, 1000000)) {
    out.max_subscriptions_per_session = static_cast<int>(*v);
  }
  if (auto v = r.Int("max_uri_bytes", 64, 65536)) out.max_uri_bytes = static_cast<int>(*v);
  r.Finish();
}

void ReadLog(TableReader r, LogConfig& out) {
  if (auto v = r.String("level")) {
    if (auto level = ParseLogLevel(*v)) {
      out.level = *level;
    } else {
      r.Invalid("level",
                "expected one of debug, info, notice, warning, error, critical, alert, "
                "emergency; got \"" +
                    *v + "\"");
    }
  }
  r.Finish();
}

// Applies ODMCP_PLUGINS__<NAME>__SETTINGS__... overrides to `settings`.
void ApplySettingsOverrides(const std::string& prefix, EnvOverrides& env,
                            toml::table& settings, Problems& problems) {
  for (const std::string& path : env.TakePrefix(prefix)) {
    std::optional<std::string> value = env.Take(path);
    std::string rest = path.substr(prefix.size());
    toml::table* table = &settings;
    size_t start = 0;
    bool ok = true;
    for (size_t dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.', start)) {
      std::string segment = rest.substr(start, dot - start);
      if (!table->contains(segment)) table->insert(segment, toml::table{});
      table = table->get_as<toml::table>(segment);
      if (table == nullptr) {
        problems.InEnv(path, "\"" + segment + "\" is not a table in the settings");
        ok = false;
        break;
      }
      start = dot + 1;
    }
    if (!ok) continue;
    std::string key = rest.substr(start);
    std::optional<toml::table> parsed = ParseTomlValue(*value);
    const toml::node* node = parsed ? parsed->get("v") : nullptr;
    if (node == nullptr) {
      table->insert_or_assign(key, *value);
    } else if (const auto* s = node->as_string()) {
      table->insert_or_assign(key, s->get());
    } else if (const auto* i = node->as_integer()) {
      table->insert_or_assign(key, i->get());
    } else if (const auto* f = node->as_floating_point()) {
      table->insert_or_assign(key, f->get());
    } else if (const auto* b = node->as_boolean()) {
      table->insert_or_assign(key, b->get());
    } else if (const auto* a = node->as_array()) {
      table->insert_or_assign(key, *a);
    } else if (const auto* t = node->as_table()) {
      table->insert_or_assign(key, *t);
    } else {
      table->insert_or_assign(key, *value);
    }
  }
}

void ReadPlugin(const std::string& name, const toml::node* node, const fs::path& dir,
                EnvOverrides& env, Problems& problems, std::vector<PluginConfig>& out) {
  const std::string prefix = "plugins." + name;
  if (!IsPluginName(name)) {
    problems.At(node, prefix,
                "plugin names are 1 to 48 characters of a-z, 0-9 and _ (rename the table)");
    return;
  }
  const toml::table* table = nullptr;
  if (node != nullptr) {
    table = node->as_table();
    if (table == nullptr) {
      problems.At(node, prefix, "expected a table describing the plugin");
      return;
    }
  }
  PluginConfig plugin;
  plugin.name = name;
  plugin.origin.file = problems.file();
  plugin.origin.line = node == nullptr ? 0 : static_cast<int>(node->source().begin.line);
  TableReader r(table, prefix, env, problems);
  if (auto v = r.Bool("enabled")) plugin.enabled = *v;
  if (auto v = r.Bool("required")) plugin.required = *v;
  if (auto v = r.Bool("read_secrets")) plugin.read_secrets = *v;
  plugin.path = Resolve(dir, r.String("path").value_or(name + ".so"));

  TableReader tools(r.Table("tools"), prefix + ".tools", env, problems);
  std::optional<std::vector<std::string>> enabled = tools.StringList("enabled");
  std::optional<std::vector<std::string>> disabled = tools.StringList("disabled");
  if (enabled && disabled) {
    tools.Invalid("enabled",
                  "set either tools.enabled (an allow-list) or tools.disabled (a deny-list), "
                  "not both");
  }
  for (const auto* list : {&enabled, &disabled}) {
    if (!*list) continue;
    for (const std::string& tool : **list) {
      if (!IsToolName(tool)) {
        tools.Invalid(list == &enabled ? "enabled" : "disabled",
                      "\"" + tool + "\" is not a tool name (1 to 128 of A-Z a-z 0-9 _ . -)");
      }
    }
  }
  if (enabled) {
    plugin.tools_enabled_set = true;
    plugin.tools_enabled = *enabled;
  }
  if (disabled) plugin.tools_disabled = *disabled;
  tools.Finish();

  toml::table settings;
  if (const toml::table* given = r.Table("settings")) settings = *given;
  ApplySettingsOverrides(prefix + ".settings.", env, settings, problems);
  std::ostringstream json;
  json << toml::json_formatter{settings};
  plugin.settings_json = json.str();
  r.Finish();
  out.push_back(std::move(plugin));
}

void ReadPlugins(TableReader r, const toml::table* table, const fs::path& base,
                 EnvOverrides& env, Problems& problems, PluginsConfig& out) {
  if (std::optional<std::string> dir = r.String("dir")) {
    out.dir = Resolve(r.FromEnv("dir") ? fs::current_path() : base, *dir);
  } else if (StatusOr<std::string> installed = InstalledPluginDir(); installed.ok()) {
    out.dir = installed.value();
  } else {
    r.Invalid("dir", "not set, and " + installed.error() + "; set it");
  }
  // Plugins in the order their tables appear in the file, then those that
  // exist only in the environment.
  std::vector<std::pair<const toml::node*, std::string>> found;
  if (table != nullptr) {
    for (const auto& [key, node] : *table) {
      if (key.str() == "dir") continue;
      found.emplace_back(&node, std::string(key.str()));
      r.Skip(std::string(key.str()));
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first->source().begin.line < b.first->source().begin.line;
  });
  for (const std::string& name : env.ChildNames("plugins.")) {
    bool known = std::any_of(found.begin(), found.end(),
                             [&](const auto& entry) { return entry.second == name; });
    if (!known && name != "dir") found.emplace_back(nullptr, name);
  }
  for (const auto& [node, name] : found) {
    ReadPlugin(name, node, out.dir, env, problems, out.plugins);
  }
  r.Finish();
}

// "file:line:column: what is wrong", on one line (toml++ quotes the
// offending character, a newline included).
std::string SyntaxError(const std::string& file, const toml::parse_error& e) {
  return config_internal::OnOneLine(file + ":" + std::to_string(e.source().begin.line) + ":" +
                                    std::to_string(e.source().begin.column) + ": " +
                                    std::string(e.description()));
}

// Validates a parsed file; `file` names it in messages and anchors its
// relative paths.
StatusOr<Config> ConfigFromTable(const toml::table& root, const std::string& file,
                                 const std::vector<std::string>& environment) {
  EnvOverrides env(environment);
  Problems problems(file);
  const fs::path base = fs::absolute(file).parent_path();
  Config config;
  config.file = file;

  TableReader top(&root, "", env, problems);
  ReadServer(TableReader(top.Table("server"), "server", env, problems), config.server);
  ReadHttp(TableReader(top.Table("http"), "http", env, problems), base, config.http);
  ReadProtocol(TableReader(top.Table("protocol"), "protocol", env, problems), config.protocol);
  ReadLog(TableReader(top.Table("log"), "log", env, problems), config.log);
  ReadTenants(TableReader(top.Table("tenants"), "tenants", env, problems), config.tenants);
  ReadAuth(TableReader(top.Table("auth"), "auth", env, problems), env, problems, config.tenants,
           config.auth);
  ReadStorage(TableReader(top.Table("storage"), "storage", env, problems), base, config.storage);
  ReadVault(TableReader(top.Table("vault"), "vault", env, problems), base, config.vault);
  ReadCache(TableReader(top.Table("cache"), "cache", env, problems), config.storage, config.cache);
  ReadRateLimit(TableReader(top.Table("rate_limit"), "rate_limit", env, problems),
                config.rate_limit);
  ReadHttpClient(TableReader(top.Table("http_client"), "http_client", env, problems), base,
                 config.http_client);
  ReadAudit(TableReader(top.Table("audit"), "audit", env, problems), config.audit);
  ReadMetrics(TableReader(top.Table("metrics"), "metrics", env, problems), config.metrics);
  const toml::table* plugins = top.Table("plugins");
  ReadPlugins(TableReader(plugins, "plugins", env, problems), plugins, base, env, problems,
              config.plugins);
  top.Finish();

  for (const std::string& variable : env.Unused()) {
    problems.General("environment variable " + variable + " does not name a configuration key");
  }
  if (!problems.empty()) return Status(ODMCP_INVALID_ARGUMENT, problems.Joined());
  return config;
}

}  // namespace

StatusOr<ListenAddress> ParseListenAddress(const std::string& text) {
  ListenAddress address;
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "expected HOST:PORT such as \"127.0.0.1:8080\", got \"" + text + "\"");
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "write IPv6 addresses in brackets, as \"[::1]:8080\"; got \"" + text + "\"");
  }
  std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoi(port) > 65535) {
    return Status(ODMCP_INVALID_ARGUMENT,
                  "expected a port from 0 to 65535 after the colon, got \"" + text + "\"");
  }
  address.host = host;
  address.port = std::stoi(port);
  return address;
}

StatusOr<std::string> InstalledPluginDir() {
  // Read once: the fuzzers parse configurations by the million.
  static const StatusOr<std::string> dir = []() -> StatusOr<std::string> {
    std::error_code ec;
    const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
      return Status(ODMCP_FAILED_PRECONDITION,
                    "the plugins installed with this executable cannot be found: its own path "
                    "cannot be read (/proc/self/exe: " +
                        ec.message() + ")");
    }
    // Defined by host/CMakeLists.txt from the install layout.
    return (executable.parent_path() / ODMCP_PLUGIN_DIR_FROM_BIN).lexically_normal().string();
  }();
  return dir;
}

std::vector<std::string> ProcessEnvironment() {
  std::vector<std::string> entries;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) entries.emplace_back(*e);
  return entries;
}

StatusOr<Config> LoadConfig(const std::string& file, const std::vector<std::string>& environment) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Status(ODMCP_INVALID_ARGUMENT, file + ": no such configuration file");
  }
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return Status(ODMCP_INVALID_ARGUMENT, SyntaxError(file, e));
  }
  return ConfigFromTable(root, file, environment);
}

StatusOr<Config> ParseConfig(std::string_view text, const std::string& file,
                             const std::vector<std::string>& environment) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Status(ODMCP_INVALID_ARGUMENT, SyntaxError(file, e));
  }
  return ConfigFromTable(root, file, environment);
}

}  // namespace odmcp
