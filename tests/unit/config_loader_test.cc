// LoadConfig: defaults, every error naming file, line and key, environment
// overrides, path resolution, and plugin tables.
#include "host/config/config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

#include "tests/support/host_process.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using testing::WriteTempFile;

StatusOr<Config> Load(const std::string& toml, const std::vector<std::string>& env = {}) {
  return LoadConfig(WriteTempFile("config.toml", toml), env);
}

TEST(ConfigLoaderTest, EmptyFileGivesTheDocumentedDefaults) {
  StatusOr<Config> config = Load("");
  ASSERT_TRUE(config.ok()) << config.error();
  const Config& c = config.value();
  EXPECT_EQ(c.server.transport, TransportKind::kHttp);
  EXPECT_EQ(c.http.listen.host, "127.0.0.1");
  EXPECT_EQ(c.http.listen.port, 8080);
  EXPECT_EQ(c.http.path, "/mcp");
  EXPECT_EQ(c.server.max_message_bytes, 4 * 1024 * 1024);
  EXPECT_EQ(c.protocol.page_size, 100);
  EXPECT_TRUE(c.plugins.plugins.empty());
}

TEST(ConfigLoaderTest, ParseConfigReadsTextAsIfItWereTheFileItNames) {
  const std::string file = "/etc/odmcp/orderdesk-mcp.toml";  // need not exist
  StatusOr<Config> config = ParseConfig(
      "[server]\nworkers = 3\n[http]\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n", file, {});
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value().file, file);
  EXPECT_EQ(config.value().server.workers, 3);
  EXPECT_EQ(config.value().http.tls_cert, "/etc/odmcp/c.pem");
  StatusOr<Config> broken = ParseConfig("[server\n", file, {});
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.error(), HasSubstr(file + ":1:"));
}

TEST(ConfigLoaderTest, TheShippedExampleIsValidAndMatchesTheDefaults) {
  StatusOr<Config> example = LoadConfig(testing::SourceDir() + "/config/orderdesk-mcp.toml", {});
  ASSERT_TRUE(example.ok()) << example.error();
  StatusOr<Config> defaults = Load("");
  ASSERT_TRUE(defaults.ok());
  const Config& e = example.value();
  const Config& d = defaults.value();
  EXPECT_EQ(e.server.workers, d.server.workers);
  EXPECT_EQ(e.server.call_timeout_ms, d.server.call_timeout_ms);
  EXPECT_EQ(e.server.max_message_bytes, d.server.max_message_bytes);
  EXPECT_EQ(e.server.watch_config, d.server.watch_config);
  EXPECT_EQ(e.http.listen.port, d.http.listen.port);
  EXPECT_EQ(e.http.allowed_hosts, d.http.allowed_hosts);
  EXPECT_EQ(e.http.trusted_proxies, d.http.trusted_proxies);
  EXPECT_EQ(e.http.forwarded_header, d.http.forwarded_header);
  EXPECT_EQ(e.http.session_idle_timeout_s, d.http.session_idle_timeout_s);
  EXPECT_EQ(e.http.max_sessions_per_tenant, d.http.max_sessions_per_tenant);
  EXPECT_EQ(e.http.sse_keepalive_s, d.http.sse_keepalive_s);
  EXPECT_EQ(e.http.keep_alive_timeout_s, d.http.keep_alive_timeout_s);
  EXPECT_EQ(e.http.shutdown_grace_s, d.http.shutdown_grace_s);
  EXPECT_EQ(e.http.max_threads, d.http.max_threads);
  EXPECT_EQ(e.protocol.list_ttl_ms, d.protocol.list_ttl_ms);
  EXPECT_EQ(e.protocol.max_batch_length, d.protocol.max_batch_length);
  EXPECT_EQ(e.protocol.max_subscriptions_per_session, d.protocol.max_subscriptions_per_session);
  EXPECT_EQ(e.protocol.max_uri_bytes, d.protocol.max_uri_bytes);
  EXPECT_EQ(e.log.level, d.log.level);
  EXPECT_EQ(e.http.allow_token_query, d.http.allow_token_query);
  EXPECT_EQ(e.http.auth_failures_per_minute, d.http.auth_failures_per_minute);
  EXPECT_EQ(e.tenants.mode, d.tenants.mode);
  EXPECT_EQ(e.tenants.auto_provision, d.tenants.auto_provision);
  EXPECT_EQ(e.tenants.remember_verified_key_s, d.tenants.remember_verified_key_s);
  EXPECT_EQ(e.tenants.max_key_checks_at_once, d.tenants.max_key_checks_at_once);
  EXPECT_EQ(e.tenants.key_check_wait_ms, d.tenants.key_check_wait_ms);
  EXPECT_EQ(e.storage.busy_timeout_ms, d.storage.busy_timeout_ms);
  EXPECT_EQ(e.vault.kms_key_env, d.vault.kms_key_env);
  EXPECT_EQ(e.vault.kms_key_file, d.vault.kms_key_file);
  EXPECT_EQ(e.server.allow_core_dumps, d.server.allow_core_dumps);
  EXPECT_EQ(e.cache.backend, d.cache.backend);
  EXPECT_EQ(e.cache.max_bytes, d.cache.max_bytes);
  EXPECT_EQ(e.rate_limit.enabled, d.rate_limit.enabled);
  EXPECT_EQ(e.rate_limit.per_minute, d.rate_limit.per_minute);
  EXPECT_EQ(e.rate_limit.burst, d.rate_limit.burst);
  EXPECT_EQ(e.rate_limit.write_cost, d.rate_limit.write_cost);
  EXPECT_EQ(e.rate_limit.messages_per_minute, d.rate_limit.messages_per_minute);
  EXPECT_EQ(e.rate_limit.message_burst, d.rate_limit.message_burst);
  EXPECT_EQ(e.http_client.connect_timeout_ms, d.http_client.connect_timeout_ms);
  EXPECT_EQ(e.http_client.read_timeout_ms, d.http_client.read_timeout_ms);
  EXPECT_EQ(e.http_client.max_attempts, d.http_client.max_attempts);
  EXPECT_EQ(e.http_client.backoff_base_ms, d.http_client.backoff_base_ms);
  EXPECT_EQ(e.http_client.backoff_cap_ms, d.http_client.backoff_cap_ms);
  EXPECT_EQ(e.http_client.max_response_bytes, d.http_client.max_response_bytes);
  EXPECT_EQ(e.http_client.ca_file, d.http_client.ca_file);
  EXPECT_EQ(e.audit.enabled, d.audit.enabled);
  EXPECT_EQ(e.audit.retention_days, d.audit.retention_days);
  EXPECT_EQ(e.auth, d.auth);
  ASSERT_EQ(e.plugins.plugins.size(), 1u);
  EXPECT_EQ(e.plugins.plugins[0].read_secrets, false);
  EXPECT_EQ(e.plugins.plugins[0].settings_json.find("echo_max_length") != std::string::npos, true);
}

TEST(ConfigLoaderTest, UnknownKeyNamesFileLineAndKey) {
  StatusOr<Config> config = Load("[http]\npath = \"/mcp\"\nlistn = \"x\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("config.toml:3:"));
  EXPECT_THAT(config.error(), HasSubstr("http.listn: unknown key"));
}

TEST(ConfigLoaderTest, EachProblemStaysOnOneLineWhateverItQuotes) {
  // A value with a newline, quoted in its problem's message.
  StatusOr<Config> quoted = Load("[server]\ntransport = \"smoke\\nsignals\"\n");
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.error().find('\n'), std::string::npos) << quoted.error();
  EXPECT_THAT(quoted.error(), HasSubstr(R"(got "smoke\nsignals")"));
  // toml++ quotes the character it did not expect: here a newline.
  StatusOr<Config> syntax = Load("[server]\nwatch_config = t\n");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().find('\n'), std::string::npos) << syntax.error();
  EXPECT_THAT(syntax.error(), HasSubstr(":2:"));
}

TEST(ConfigLoaderTest, UnknownSectionIsAnError) {
  StatusOr<Config> config = Load("[htp]\nlisten = \"127.0.0.1:1\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("config.toml:1:"));
  EXPECT_THAT(config.error(), HasSubstr("htp: unknown key"));
}

TEST(ConfigLoaderTest, WrongTypeNamesFileLineKeyAndTypes) {
  StatusOr<Config> config = Load("[http]\n\npath = 42\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("config.toml:3:"));
  EXPECT_THAT(config.error(), HasSubstr("http.path: expected a string, got an integer"));
}

TEST(ConfigLoaderTest, BadValuesNameFileLineAndKey) {
  StatusOr<Config> config = Load(
      "[log]\nlevel = \"loud\"\n[http]\nlisten = \"nowhere\"\npath = \"mcp\"\n"
      "trusted_proxies = [\"10.0.0.0/8\", \"proxy.example.com\"]\n"
      "forwarded_header = \"X-Real-IP\"\n"
      "[protocol]\npage_size = 0\n[tenants]\nkey_check_wait_ms = 0\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("config.toml:2:"));
  EXPECT_THAT(config.error(), HasSubstr("log.level: expected one of debug, info"));
  EXPECT_THAT(config.error(), HasSubstr("config.toml:4:"));
  EXPECT_THAT(config.error(), HasSubstr("http.listen: expected HOST:PORT"));
  EXPECT_THAT(config.error(), HasSubstr("http.path: expected a URL path starting with \"/\""));
  EXPECT_THAT(config.error(),
              HasSubstr("protocol.page_size: expected an integer from 1 to 10000, got 0"));
  EXPECT_THAT(config.error(),
              HasSubstr("tenants.key_check_wait_ms: expected an integer from 1 to 600000, got 0"));
  EXPECT_THAT(config.error(), HasSubstr("http.trusted_proxies: expected addresses or networks; "
                                        "\"proxy.example.com\" is neither"));
  EXPECT_THAT(config.error(), HasSubstr("http.forwarded_header: expected \"X-Forwarded-For\" or "
                                        "\"Forwarded\" (the header the trusted proxies write), "
                                        "got \"X-Real-IP\""));
}

TEST(ConfigLoaderTest, TheForwardedHeaderIsNamedInAnyCaseAndStoredAsSpelledInHttp) {
  StatusOr<Config> fallback = Load("");
  ASSERT_TRUE(fallback.ok()) << fallback.error();
  EXPECT_EQ(fallback.value().http.forwarded_header, "X-Forwarded-For");
  StatusOr<Config> chosen = Load("[http]\nforwarded_header = \"forwarded\"\n");
  ASSERT_TRUE(chosen.ok()) << chosen.error();
  EXPECT_EQ(chosen.value().http.forwarded_header, "Forwarded");
}

TEST(ConfigLoaderTest, WatchConfigIsOffByDefaultAndMustBeABoolean) {
  StatusOr<Config> off = Load("");
  ASSERT_TRUE(off.ok()) << off.error();
  EXPECT_FALSE(off.value().server.watch_config);
  StatusOr<Config> on = Load("[server]\nwatch_config = true\n");
  ASSERT_TRUE(on.ok()) << on.error();
  EXPECT_TRUE(on.value().server.watch_config);
  StatusOr<Config> bad = Load("[server]\n\nwatch_config = \"yes\"\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("config.toml:3:"));
  EXPECT_THAT(bad.error(), HasSubstr("server.watch_config: expected true or false, got a string"));
}

TEST(ConfigLoaderTest, TomlSyntaxErrorNamesLine) {
  StatusOr<Config> config = Load("[http]\nlisten = \n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("config.toml:2:"));
}

TEST(ConfigLoaderTest, MissingFileIsNamed) {
  StatusOr<Config> config = LoadConfig("/no/such/dir/odmcp.toml", {});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("/no/such/dir/odmcp.toml: no such configuration file"));
}

TEST(ConfigLoaderTest, EnvironmentOverridesEveryKind) {
  StatusOr<Config> config =
      Load("[http]\nlisten = \"127.0.0.1:1\"\n",
           {"ODMCP_HTTP__LISTEN=[::1]:9090", "ODMCP_SERVER__WORKERS=3",
            "ODMCP_HTTP__ALLOWED_HOSTS=a.example, b.example", "ODMCP_SERVER__TRANSPORT=stdio",
            "ODMCP_LOG__LEVEL=debug", "ODMCP_MASTER_KEY=not-a-config-key", "PATH=/bin"});
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value().http.listen.host, "::1");
  EXPECT_EQ(config.value().http.listen.port, 9090);
  EXPECT_EQ(config.value().server.workers, 3);
  EXPECT_EQ(config.value().http.allowed_hosts,
            (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(config.value().server.transport, TransportKind::kStdio);
  EXPECT_EQ(config.value().log.level, 0);
}

TEST(ConfigLoaderTest, BadEnvironmentValueNamesTheVariable) {
  StatusOr<Config> config = Load("", {"ODMCP_SERVER__WORKERS=many"});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("environment variable ODMCP_SERVER__WORKERS"));
  EXPECT_THAT(config.error(), HasSubstr("server.workers: expected an integer"));
}

TEST(ConfigLoaderTest, EnvironmentVariableNamingNoKeyIsAnError) {
  StatusOr<Config> config = Load("", {"ODMCP_HTTP__LISTN=127.0.0.1:1"});
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(),
              HasSubstr("environment variable ODMCP_HTTP__LISTN does not name a configuration key"));
}

TEST(ConfigLoaderTest, RelativePathsResolveAgainstTheFileOrTheWorkingDirectory) {
  std::string file = WriteTempFile("paths.toml", "[plugins]\ndir = \"lib/plugins\"\n[plugins.x]\n");
  std::filesystem::path base = std::filesystem::path(file).parent_path();
  StatusOr<Config> config = LoadConfig(file, {});
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value().plugins.dir, (base / "lib/plugins").string());
  EXPECT_EQ(config.value().plugins.plugins[0].path, (base / "lib/plugins/x.so").string());

  StatusOr<Config> from_env = LoadConfig(file, {"ODMCP_PLUGINS__DIR=opt/plugins"});
  ASSERT_TRUE(from_env.ok()) << from_env.error();
  EXPECT_EQ(from_env.value().plugins.dir,
            (std::filesystem::current_path() / "opt/plugins").string());
}

TEST(ConfigLoaderTest, WithoutADirPluginsComeFromTheExecutablesInstallation) {
  StatusOr<std::string> installed = InstalledPluginDir();
  ASSERT_TRUE(installed.ok()) << installed.error();
  const std::filesystem::path dir(installed.value());
  EXPECT_TRUE(dir.is_absolute());
  // <prefix>/bin/<executable> loads <prefix>/<libdir>/orderdesk-mcp/plugins.
  const std::filesystem::path prefix =
      std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
  EXPECT_EQ(dir.string().rfind(prefix.string() + "/", 0), 0u) << dir << " is not under " << prefix;
  EXPECT_EQ(dir.filename(), "plugins");
  EXPECT_EQ(dir.parent_path().filename(), "orderdesk-mcp");
  // This test runs from the build's bin directory, as the built host does,
  // and the build tree links the installed path to its plugins.
  EXPECT_EQ(std::filesystem::canonical(dir), std::filesystem::canonical(testing::PluginDir()));

  // Neither the file nor the environment sets dir: the installed plugins,
  // with relative plugin paths resolved there.
  StatusOr<Config> config = Load("[plugins.x]\n[plugins.y]\npath = \"sub/y.so\"\n");
  ASSERT_TRUE(config.ok()) << config.error();
  EXPECT_EQ(config.value().plugins.dir, installed.value());
  EXPECT_EQ(config.value().plugins.plugins[0].path, (dir / "x.so").string());
  EXPECT_EQ(config.value().plugins.plugins[1].path, (dir / "sub/y.so").string());
  StatusOr<Config> example = LoadConfig(testing::SourceDir() + "/config/orderdesk-mcp.toml", {});
  ASSERT_TRUE(example.ok()) << example.error();
  EXPECT_EQ(example.value().plugins.dir, installed.value());
}

TEST(ConfigLoaderTest, PluginTablesKeepFileOrderAndBecomeJsonSettings) {
  StatusOr<Config> config = Load(
      "[plugins.zeta]\nrequired = true\n[plugins.alpha]\nenabled = false\npath = \"/abs/a.so\"\n"
      "[plugins.alpha.tools]\ndisabled = [\"alpha_delete\"]\n"
      "[plugins.alpha.settings]\nbase_url = \"https://x\"\nlimit = 5\n",
      {"ODMCP_PLUGINS__ALPHA__SETTINGS__LIMIT=7", "ODMCP_PLUGINS__ALPHA__SETTINGS__NEST__FLAG=true",
       "ODMCP_PLUGINS__ALPHA__SETTINGS__NAME=\"123\""});
  ASSERT_TRUE(config.ok()) << config.error();
  const auto& plugins = config.value().plugins.plugins;
  ASSERT_EQ(plugins.size(), 2u);
  EXPECT_EQ(plugins[0].name, "zeta");
  EXPECT_TRUE(plugins[0].required);
  EXPECT_EQ(plugins[1].name, "alpha");
  EXPECT_FALSE(plugins[1].enabled);
  EXPECT_EQ(plugins[1].path, "/abs/a.so");
  EXPECT_EQ(plugins[1].tools_disabled, std::vector<std::string>{"alpha_delete"});
  rapidjson::Document settings;
  settings.Parse(plugins[1].settings_json.c_str());
  ASSERT_TRUE(settings.IsObject()) << plugins[1].settings_json;
  EXPECT_STREQ(settings["base_url"].GetString(), "https://x");
  EXPECT_EQ(settings["limit"].GetInt(), 7);
  EXPECT_TRUE(settings["nest"]["flag"].GetBool());
  EXPECT_STREQ(settings["name"].GetString(), "123");
}

TEST(ConfigLoaderTest, PluginMistakesAreNamed) {
  StatusOr<Config> config = Load(
      "[plugins.Bad-Name]\n"
      "[plugins.both.tools]\nenabled = [\"a\"]\ndisabled = [\"b\"]\n"
      "[plugins.typo]\nenable = true\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error(), HasSubstr("plugins.Bad-Name: plugin names are 1 to 48 characters"));
  EXPECT_THAT(config.error(), HasSubstr("plugins.both.tools.enabled: set either tools.enabled"));
  EXPECT_THAT(config.error(), HasSubstr("plugins.typo.enable: unknown key"));
}

TEST(ConfigLoaderTest, EnvironmentCanAddAPlugin) {
  StatusOr<Config> config = Load("", {"ODMCP_PLUGINS__EXTRA__REQUIRED=true"});
  ASSERT_TRUE(config.ok()) << config.error();
  ASSERT_EQ(config.value().plugins.plugins.size(), 1u);
  EXPECT_EQ(config.value().plugins.plugins[0].name, "extra");
  EXPECT_TRUE(config.value().plugins.plugins[0].required);
}

TEST(ConfigLoaderTest, AnExternalIdentityProviderIsReadFromTheFileAndTheEnvironment) {
  StatusOr<Config> config = Load(
      "[auth]\nresource = \"https://mcp.example.com/mcp\"\nmaster_key_bearer = false\n"
      "[auth.external]\nissuer = \"https://idp.example.com/realms/shop\"\n"
      "scope_claim = \"scp\"\ncreate_tenants = true\n",
      {"ODMCP_AUTH__EXTERNAL__LEEWAY_S=5", "ODMCP_AUTH__EXTERNAL__TENANT_CLAIM=shop"});
  ASSERT_TRUE(config.ok()) << config.error();
  const AuthConfig& auth = config.value().auth;
  EXPECT_EQ(auth.resource, "https://mcp.example.com/mcp");
  EXPECT_FALSE(auth.master_key_bearer);
  EXPECT_EQ(auth.external.issuer, "https://idp.example.com/realms/shop");
  EXPECT_EQ(auth.external.scope_claim, "scp");
  EXPECT_EQ(auth.external.tenant_claim, "shop");
  EXPECT_TRUE(auth.external.create_tenants);
  EXPECT_EQ(auth.external.leeway_s, 5);
  EXPECT_EQ(auth.external.jwks_min_refetch_s, 30);
}

TEST(ConfigLoaderTest, TheBuiltInAuthorizationServerIsReadFromTheFileAndTheEnvironment) {
  StatusOr<Config> config = Load(
      "[auth]\nresource = \"https://mcp.example.com/mcp\"\nmaster_key_bearer = false\n"
      "[auth.server]\naccess_token_ttl_s = 900\nmax_clients = 50\n",
      {"ODMCP_AUTH__SERVER__CODE_TTL_S=30",
       "ODMCP_AUTH__SERVER__METADATA_DOCUMENT_PRIVATE_ADDRESSES=true"});
  ASSERT_TRUE(config.ok()) << config.error();
  const AuthServerConfig& server = config.value().auth.server;
  EXPECT_TRUE(server.enabled);
  EXPECT_EQ(server.access_token_ttl_s, 900);
  EXPECT_EQ(server.refresh_token_ttl_s, 30 * 86400);
  EXPECT_EQ(server.code_ttl_s, 30);
  EXPECT_EQ(server.max_clients, 50);
  EXPECT_TRUE(server.metadata_documents);
  EXPECT_TRUE(server.metadata_document_private_addresses);
  // Without the built-in server or a provider, master keys are the only way in.
  StatusOr<Config> locked_out = Load(
      "[auth]\nresource = \"https://mcp.example.com/mcp\"\nmaster_key_bearer = false\n"
      "[auth.server]\nenabled = false\n");
  ASSERT_FALSE(locked_out.ok());
  EXPECT_THAT(locked_out.error(), HasSubstr("auth.master_key_bearer"));
  for (const char* toml :
       {"[auth.server]\naccess_token_ttl_s = 0\n", "[auth.server]\ncode_ttl_s = 601\n",
        "[auth.server]\nmax_clients = 0\n", "[auth.server]\nenable = true\n"}) {
    StatusOr<Config> refused = Load(toml);
    ASSERT_FALSE(refused.ok()) << toml;
    EXPECT_THAT(refused.error(), HasSubstr("auth.server.")) << toml;
  }
}

TEST(ConfigLoaderTest, OAuthAddressesMustBeHttpsUrlsAndTheProviderNeedsItsAudience) {
  const struct {
    const char* toml;
    const char* expected;
  } cases[] = {
      {"[auth]\nresource = \"http://mcp.example.com/mcp\"\n", "auth.resource"},
      {"[auth]\nresource = \"https://mcp.example.com/mcp#x\"\n", "no query or fragment"},
      {"[auth.external]\nissuer = \"idp.example.com\"\n", "auth.external.issuer"},
      {"[auth.external]\nissuer = \"https://idp.example.com\"\n", "audience its tokens must name"},
      {"[tenants]\nmode = \"none\"\n[auth]\nresource = \"https://a.example.com/mcp\"\n"
       "[auth.external]\nissuer = \"https://idp.example.com\"\n",
       "mode = \"required\""},
      {"[auth.external]\nscope_claim = \"\"\n", "auth.external.scope_claim"},
      {"[auth.external]\nleeway_s = 3600\n", "auth.external.leeway_s"},
      {"[auth]\nmaster_key_bearer = false\n", "auth.master_key_bearer"},
  };
  for (const auto& c : cases) {
    StatusOr<Config> config = Load(c.toml);
    ASSERT_FALSE(config.ok()) << c.toml;
    EXPECT_THAT(config.error(), HasSubstr(c.expected)) << c.toml;
  }
  // Loopback may be plain http, for local tests.
  EXPECT_TRUE(Load("[auth]\nresource = \"http://127.0.0.1:8080/mcp\"\n[auth.external]\n"
                   "issuer = \"http://localhost:9000\"\n")
                  .ok());
}

TEST(ConfigLoaderTest, ListenAddressForms) {
  EXPECT_EQ(ParseListenAddress("0.0.0.0:0").value().port, 0);
  EXPECT_EQ(ParseListenAddress("[::1]:80").value().host, "::1");
  EXPECT_FALSE(ParseListenAddress("::1:80").ok());
  EXPECT_FALSE(ParseListenAddress("host:65536").ok());
  EXPECT_FALSE(ParseListenAddress("host:").ok());
  EXPECT_FALSE(ParseListenAddress(":80").ok());
}

}  // namespace
}  // namespace odmcp
