// orderdesk-mcp serve
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>

#include "host/cli/commands.h"
#include "host/cli/config_reloader.h"
#include "host/common/clock.h"
#include "host/config/config_loader.h"
#include "host/config/file_stamp.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/engine.h"
#include "host/protocol/notification_hub.h"
#include "host/services/log.h"
#include "host/services/service_set.h"
#include "host/transport/http_auth.h"
#include "host/transport/http_server.h"
#include "host/transport/stdio_server.h"

namespace odmcp {
namespace {

constexpr const char* kMasterKeyVariable = "ODMCP_MASTER_KEY";

constexpr const char* kServeUsage =
    "usage: orderdesk-mcp serve --config FILE [--stdio | --http HOST:PORT]\n";

// SIGINT and SIGTERM stop the server; SIGHUP reloads the configuration;
// SIGUSR1 wakes the watcher at exit.
sigset_t ServeSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGUSR1);
  return signals;
}

// Blocks the serve signals in the calling thread and so in every thread it
// starts afterwards (plugins' included), so that they reach only the
// SignalWatcher; a SIGHUP that arrives before it runs waits for it. Called
// first thing.
void BlockServeSignals() {
  sigset_t signals = ServeSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

// Waits for signals on a thread of its own: runs `reload` at each SIGHUP,
// and `stop` once at SIGINT or SIGTERM.
class SignalWatcher {
 public:
  SignalWatcher(std::function<void()> stop, std::function<void()> reload)
      : signals_(ServeSignals()) {
    thread_ = std::thread([this, stop = std::move(stop), reload = std::move(reload)] {
      int signal = 0;
      while (sigwait(&signals_, &signal) == 0 && signal == SIGHUP) {
        HostLog().Info("reload requested", {{"signal", "SIGHUP"}});
        reload();
      }
      if (signal == SIGINT || signal == SIGTERM) {
        HostLog().Info("stopping", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
        stop();
      }
    });
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;
  ~SignalWatcher() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }

 private:
  sigset_t signals_;
  std::thread thread_;
};

HttpOptions HttpOptionsFrom(const Config& config) {
  HttpOptions options;
  options.listen = config.http.listen;
  options.path = config.http.path;
  options.allowed_hosts = config.http.allowed_hosts;
  options.allowed_origins = config.http.allowed_origins;
  options.max_message_bytes = config.server.max_message_bytes;
  options.session_idle_timeout = std::chrono::seconds(config.http.session_idle_timeout_s);
  options.max_sessions_per_tenant = static_cast<size_t>(config.http.max_sessions_per_tenant);
  options.sse_keepalive = std::chrono::seconds(config.http.sse_keepalive_s);
  options.keep_alive_timeout = std::chrono::seconds(config.http.keep_alive_timeout_s);
  options.shutdown_grace = std::chrono::seconds(config.http.shutdown_grace_s);
  options.max_threads = static_cast<size_t>(config.http.max_threads);
  return options;
}

int ServeHttp(Engine& engine, const Config& config, TenantStore* tenants,
              const std::function<void()>& reload) {
  std::unique_ptr<HttpAuthenticator> auth;
  if (tenants != nullptr) {
    HttpAuthOptions auth_options;
    auth_options.allow_token_query = config.http.allow_token_query;
    auth_options.failures_per_minute = config.http.auth_failures_per_minute;
    auth = std::make_unique<HttpAuthenticator>(*tenants, auth_options);
  }
  HttpServer server(engine, HttpOptionsFrom(config), auth.get());
  Result<int> port = server.Bind();
  if (!port.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: %s\n", port.error().c_str());
    return 1;
  }
  // The first line on stdout is the endpoint, for people and for scripts
  // that start the host on port 0.
  std::printf("%s\n", server.url().c_str());
  std::fflush(stdout);
  HostLog().Info("listening", {{"url", server.url()}});
  SignalWatcher signals([&server] { server.Stop(); }, reload);
  server.Serve();
  return 0;
}

// The stdio connection's tenant, from ODMCP_MASTER_KEY when it is set.
Result<std::shared_ptr<ConnectionIdentity>> StdioIdentity(TenantStore* tenants) {
  if (tenants == nullptr) return std::shared_ptr<ConnectionIdentity>();
  auto identity = std::make_shared<ConnectionIdentity>();
  const char* key = std::getenv(kMasterKeyVariable);
  if (key == nullptr || *key == '\0') {
    HostLog().Info("no ODMCP_MASTER_KEY: the client must call tenant_use_master_key");
    return identity;
  }
  AuthOutcome auth = tenants->Authenticate(key);
  if (auth.status == AuthStatus::kError) return Error{auth.error};
  if (auth.status != AuthStatus::kOk) {
    return Error{std::string(kMasterKeyVariable) + " is not the master key of any tenant"};
  }
  identity->set_tenant(auth.tenant);
  HostLog().Info("stdio connection authenticated", {{"tenant", auth.tenant->name}});
  return identity;
}

int ServeStdio(Engine& engine, const Config& config, TenantStore* tenants,
               const std::function<void()>& reload) {
  StdioOptions options;
  options.workers = config.server.workers;
  options.max_message_bytes = config.server.max_message_bytes;
  Result<std::shared_ptr<ConnectionIdentity>> identity = StdioIdentity(tenants);
  if (!identity.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: %s\n", identity.error().c_str());
    return 1;
  }
  options.identity = std::move(identity).value();
  StdioServer server(engine, STDIN_FILENO, STDOUT_FILENO, options);
  HostLog().Info("serving on stdio");
  SignalWatcher signals([&server] { server.Stop(); }, reload);
  server.Run();
  return 0;
}

// glibc hands the free memory at the top of a thread's heap back to the
// kernel (madvise) once it passes a threshold of 128 KiB by default; under
// load that is a system call and fresh page faults for most requests (12%
// of the host's time in a profile of cached tool calls). A fixed 4 MiB
// threshold keeps what requests reuse without holding much more; the
// session sweeper still returns memory with malloc_trim after many
// sessions end.
void KeepFreedHeap() {
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
}

}  // namespace

int RunServe(const std::vector<std::string>& arguments) {
  BlockServeSignals();
  KeepFreedHeap();
  std::vector<std::string> args = arguments;
  std::string file = TakeConfigOption(args);
  if (file.empty()) {
    std::fputs(kServeUsage, stderr);
    return 2;
  }
  const FileStamp stamp = StampOf(file);
  Result<Config> loaded = LoadConfig(file, ProcessEnvironment());
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().c_str());
    return 1;
  }
  Config config = loaded.value();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--stdio") {
      config.server.transport = TransportKind::kStdio;
    } else if (args[i] == "--http" && i + 1 < args.size()) {
      Result<ListenAddress> address = ParseListenAddress(args[++i]);
      if (!address.ok()) {
        std::fprintf(stderr, "orderdesk-mcp: --http: %s\n", address.error().c_str());
        return 2;
      }
      config.server.transport = TransportKind::kHttp;
      config.http.listen = address.value();
    } else {
      std::fprintf(stderr, "orderdesk-mcp: unexpected argument \"%s\"\n%s", args[i].c_str(),
                   kServeUsage);
      return 2;
    }
  }
  HostLog().set_min_level(config.log.level);

  Result<std::unique_ptr<ServiceSet>> opened = ServiceSet::Open(config, /*with_audit=*/true);
  if (!opened.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: %s\n", opened.error().c_str());
    return 1;
  }
  std::unique_ptr<ServiceSet> service_set = std::move(opened).value();

  ToolRegistry tools;
  FeatureRegistry features;
  NotificationHub notifications;
  HostServices services;
  service_set->Attach(services);
  services.log = &HostLog();
  services.tools = &tools;
  services.features = &features;
  services.notifications = &notifications;
  services.server_version = ODMCP_VERSION;
  services.started_unix_ms = UnixMillis();
  PluginManager plugins(services);
  Result<bool> loaded_plugins = plugins.LoadAll(config.plugins);
  if (!loaded_plugins.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: a required plugin failed to load: %s\n",
                 loaded_plugins.error().c_str());
    return 1;
  }

  ServerIdentity identity;
  identity.version = ODMCP_VERSION;
  identity.instructions = config.server.instructions;
  EngineOptions engine_options;
  engine_options.page_size = config.protocol.page_size;
  engine_options.list_ttl_ms = config.protocol.list_ttl_ms;
  engine_options.call_timeout_ms = config.server.call_timeout_ms;
  engine_options.request_state_ttl_ms = config.protocol.request_state_ttl_s * 1000;
  if (const char* key = std::getenv(config.protocol.request_state_key_env.c_str());
      key != nullptr && *key != '\0') {
    if (std::strlen(key) < RequestStateCodec::kMinKeyBytes) {
      std::fprintf(stderr, "orderdesk-mcp: %s must hold at least %zu bytes\n",
                   config.protocol.request_state_key_env.c_str(), RequestStateCodec::kMinKeyBytes);
      return 1;
    }
    engine_options.request_state_key = key;
  }
  Engine engine(tools, identity, engine_options, &services);

  // Reloads compare the file with what it said at start-up, not with the
  // command-line overrides.
  auto reloader =
      std::make_unique<ConfigReloader>(std::move(loaded).value(), stamp, plugins, HostLog());
  auto reload = [&reloader] { reloader->Request(); };
  int status = config.server.transport == TransportKind::kStdio
                   ? ServeStdio(engine, config, service_set->tenants(), reload)
                   : ServeHttp(engine, config, service_set->tenants(), reload);
  reloader.reset();  // after any reload in progress, before the plugins stop
  plugins.ShutdownAll();
  HostLog().Info("stopped");
  return status;
}

}  // namespace odmcp
