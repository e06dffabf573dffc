// orderdesk-mcp serve
#include <malloc.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <thread>

#include "host/cli/commands.h"
#include "host/cli/config_reloader.h"
#include "host/cli/http_auth.h"
#include "host/cli/http_options.h"
#include "host/cli/private_memory.h"
#include "host/cli/readiness_checks.h"
#include "host/cli/serve_metrics.h"
#include "host/common/clock.h"
#include "host/common/secret_environment.h"
#include "host/config/config_loader.h"
#include "host/config/file_stamp.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/dispatcher.h"
#include "host/protocol/engine.h"
#include "host/protocol/stdio_connection.h"
#include "host/protocol/streamable_http.h"
#include "host/services/health/readiness.h"
#include "host/services/log.h"
#include "host/services/metrics/host_metrics.h"
#include "host/services/metrics/registry.h"
#include "host/services/notification_hub.h"
#include "host/services/service_set.h"
#include "host/transport/http_server.h"
#include "host/transport/io_pool.h"
#include "host/transport/stdio_transport.h"

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

const char* SignalName(int signal) { return signal == SIGINT ? "SIGINT" : "SIGTERM"; }

// How the host stops at SIGINT or SIGTERM: `drain` (may be empty) runs at
// once, then `stop` after `drain_time`, or at a second such signal.
struct StopSequence {
  std::function<void()> drain;
  std::chrono::seconds drain_time{0};
  std::function<void()> stop;
};

// Waits for signals on a thread of its own: runs `reload` at each SIGHUP
// (until a stop begins), and the stop sequence at SIGINT or SIGTERM.
class SignalWatcher {
 public:
  SignalWatcher(StopSequence stopping, std::function<void()> reload) : signals_(ServeSignals()) {
    thread_ = std::thread([this, stopping = std::move(stopping), reload = std::move(reload)] {
      int signal = 0;
      while (sigwait(&signals_, &signal) == 0 && signal == SIGHUP) {
        HostLog().Info("reload requested", {{"signal", "SIGHUP"}});
        reload();
      }
      if (signal != SIGINT && signal != SIGTERM) return;  // the destructor's SIGUSR1
      if (stopping.drain) stopping.drain();
      if (stopping.drain_time.count() > 0) {
        HostLog().Info("draining",
                       {{"signal", SignalName(signal)},
                        {"drain_s", static_cast<int64_t>(stopping.drain_time.count())}});
        signal = AwaitStopSignal(stopping.drain_time);
        if (signal == SIGUSR1) return;
      }
      HostLog().Info("stopping", {{"signal", SignalName(signal)}});
      stopping.stop();
    });
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;
  ~SignalWatcher() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }

 private:
  // The next SIGINT, SIGTERM or SIGUSR1 within `wait`, or SIGTERM once it
  // has passed (the drain ended as planned). SIGHUPs meanwhile are ignored.
  int AwaitStopSignal(std::chrono::seconds wait) {
    const auto until = std::chrono::steady_clock::now() + wait;
    while (true) {
      const auto left = until - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) return SIGTERM;
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      timespec timeout{static_cast<time_t>(ns / 1'000'000'000),
                       static_cast<long>(ns % 1'000'000'000)};
      const int signal = sigtimedwait(&signals_, nullptr, &timeout);
      if (signal == SIGINT || signal == SIGTERM || signal == SIGUSR1) return signal;
    }
  }

  sigset_t signals_;
  std::thread thread_;
};

// The threads that start before any request: one per CPU.
size_t MinThreads() { return std::max(2u, std::thread::hardware_concurrency()); }

// Raises this process's open-file limit to the system's hard limit: each
// connection holds a descriptor, and the soft limit is often 1024.
void RaiseOpenFileLimit(const Config& config) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  // Beyond the connections: the database, plugins, upstream connections.
  constexpr rlim_t kReserve = 256;
  const rlim_t wanted = static_cast<rlim_t>(config.http.max_connections) + kReserve;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    HostLog().Warning("the open-file limit is below http.max_connections and a reserve: "
                      "connections past it are refused until others close",
                      {{"limit", std::to_string(limit.rlim_cur)},
                       {"max_connections", std::to_string(config.http.max_connections)}});
  }
}

// What `serve` gives the HTTP transport beyond the engine and config.
struct HttpServing {
  ServiceSet* services = nullptr;  // its tenants() null: no tenants, nothing to authenticate
  Readiness* readiness = nullptr;
  metrics::MetricsRegistry* registry = nullptr;  // null: metrics off
  HostMetrics* metrics = nullptr;
  std::string metrics_token;  // empty: none asked
  std::atomic<bool>* stopping = nullptr;
};

// The token [metrics] token_env names, taken out of the environment, or ""
// (none asked); an error if the variable is named but not set.
StatusOr<std::string> TakeMetricsToken(const Config& config) {
  if (config.metrics.token_env.empty()) return std::string();
  std::optional<std::string> token = TakeSecretFromEnvironment(config.metrics.token_env);
  if (!token) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  "[metrics] token_env names " + config.metrics.token_env +
                      ", which is not set; set it to the token scrapers must send, or set "
                      "token_env = \"\"");
  }
  return std::move(*token);
}

int ServeHttp(Engine& engine, const Config& config, const HttpServing& serving,
              const std::function<void()>& reload) {
  HttpOperations operations;
  operations.readiness = serving.readiness;
  operations.registry = serving.registry;
  operations.metrics = serving.metrics;
  operations.metrics_token = serving.metrics_token;
  std::unique_ptr<HttpAuthentication> auth;
  if (serving.services->tenants() != nullptr) {
    auth = std::make_unique<HttpAuthentication>(config, *serving.services);
    if (Status started = auth->Start(); !started.ok()) {
      std::fprintf(stderr, "orderdesk-mcp: %s\n", started.message().c_str());
      return 1;
    }
  }
  RaiseOpenFileLimit(config);
  Dispatcher dispatcher(engine);
  StreamableHttp protocol(dispatcher, StreamableHttpOptionsFrom(config),
                          auth ? &auth->authenticator() : nullptr, std::move(operations),
                          auth ? auth->authorization_server() : nullptr);
  // One thread beyond max_threads is always left for the sockets.
  IoPool pool(MinThreads(), static_cast<size_t>(config.http.max_threads) + 1);
  HttpServer server(pool, protocol, HttpServerOptionsFrom(config));
  if (serving.registry != nullptr) {
    serving.registry->AddCallbackGauge(
        "odmcp_http_connections", "HTTP connections open.",
        [&server] { return static_cast<double>(server.open_connections()); });
  }
  StatusOr<int> port = server.Bind();
  if (!port.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: %s\n", port.error().c_str());
    return 1;
  }
  pool.Start();
  const std::string url = server.origin() + config.http.path;
  // The first line on stdout is the endpoint, for people and for scripts
  // that start the host on port 0.
  std::printf("%s\n", url.c_str());
  std::fflush(stdout);
  HostLog().Info("listening", {{"url", url}});
  // SIGHUP also takes a renewed TLS certificate.
  auto reload_all = [&server, &reload] {
    if (StatusOr<bool> reloaded = server.ReloadCertificate(); !reloaded.ok()) {
      HostLog().Error("the TLS certificate was not reloaded; the old one stays",
                      {{"error", reloaded.error()}});
    }
    reload();
  };
  {
    StopSequence stop;
    stop.drain = [stopping = serving.stopping, readiness = serving.readiness] {
      *stopping = true;
      if (readiness != nullptr) readiness->Refresh();
    };
    stop.drain_time = std::chrono::seconds(config.http.drain_s);
    stop.stop = [&server] { server.Stop(); };
    SignalWatcher signals(std::move(stop), reload_all);
    server.Serve();
  }
  pool.Stop();
  return 0;
}

// The stdio connection's tenant, from ODMCP_MASTER_KEY when it is set.
StatusOr<std::shared_ptr<ConnectionIdentity>> StdioIdentity(TenantStore* tenants) {
  if (tenants == nullptr) return std::shared_ptr<ConnectionIdentity>();
  auto identity = std::make_shared<ConnectionIdentity>();
  const char* key = std::getenv(kMasterKeyVariable);
  if (key == nullptr || *key == '\0') {
    HostLog().Info("no ODMCP_MASTER_KEY: the client must call tenant_use_master_key");
    return identity;
  }
  AuthOutcome auth = tenants->Authenticate(key);
  if (auth.status == AuthStatus::kError || auth.status == AuthStatus::kBusy) {
    return Status(ODMCP_UNAVAILABLE, auth.error);
  }
  if (auth.status != AuthStatus::kOk) {
    return Status(ODMCP_UNAUTHENTICATED,
                  std::string(kMasterKeyVariable) + " is not the master key of any tenant");
  }
  identity->Authenticated(auth.tenant, key, *tenants);
  HostLog().Info("stdio connection authenticated", {{"tenant", auth.tenant->name}});
  return identity;
}

int ServeStdio(Engine& engine, const Config& config, TenantStore* tenants,
               const std::function<void()>& reload) {
  StatusOr<std::shared_ptr<ConnectionIdentity>> identity = StdioIdentity(tenants);
  if (!identity.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: %s\n", identity.error().c_str());
    return 1;
  }
  // One thread beyond the workers is always left for reading and writing.
  IoPool pool(MinThreads(), static_cast<size_t>(config.server.workers) + 1);
  pool.Start();
  {
    StdioTransport transport(pool, STDIN_FILENO, STDOUT_FILENO, config.server.max_message_bytes);
    Dispatcher dispatcher(engine);
    StdioConnection connection(dispatcher, transport, std::move(identity).value());
    HostLog().Info("serving on stdio");
    StopSequence stop;
    stop.stop = [&transport] { transport.Stop(); };
    SignalWatcher signals(std::move(stop), reload);
    transport.Run(connection);
    // Before the transport goes: no handler of its may still be queued.
    pool.Stop();
  }
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
  StatusOr<Config> loaded = LoadConfig(file, ProcessEnvironment());
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().c_str());
    return 1;
  }
  Config config = loaded.value();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--stdio") {
      config.server.transport = TransportKind::kStdio;
    } else if (args[i] == "--http" && i + 1 < args.size()) {
      StatusOr<ListenAddress> address = ParseListenAddress(args[++i]);
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
  // Info lines (one per request and per tool call) leave the request path.
  BackgroundLogWriter log_writer(HostLog());
  const bool serve_metrics =
      config.metrics.enabled && config.server.transport == TransportKind::kHttp;
  std::string metrics_token;
  if (serve_metrics) {
    StatusOr<std::string> token = TakeMetricsToken(config);
    if (!token.ok()) {
      std::fprintf(stderr, "orderdesk-mcp: %s\n", token.error().c_str());
      return 1;
    }
    metrics_token = std::move(token).value();
  }
  if (!KeepMemoryPrivate(config.server.allow_core_dumps)) {
    HostLog().Warning("the process could not be made undumpable; its keys may reach core files");
  }

  StatusOr<std::unique_ptr<ServiceSet>> opened = ServiceSet::Open(config, /*with_audit=*/true);
  if (!opened.ok()) {
    std::fprintf(stderr, "orderdesk-mcp: %s\n", opened.error().c_str());
    return 1;
  }
  std::unique_ptr<ServiceSet> service_set = std::move(opened).value();

  ToolRegistry tools;
  FeatureRegistry features;
  NotificationHub notifications;
  HostServices services;
  AttachServices(*service_set, services);
  services.log = &HostLog();
  services.tools = &tools;
  services.features = &features;
  services.notifications = &notifications;
  services.server_version = ODMCP_VERSION;
  services.started_unix_ms = UnixMillis();
  std::unique_ptr<metrics::MetricsRegistry> registry;
  std::unique_ptr<HostMetrics> metrics;
  if (serve_metrics) {
    registry = std::make_unique<metrics::MetricsRegistry>();
    metrics =
        std::make_unique<HostMetrics>(RegisterHostMetrics(*registry, config.metrics.per_tenant));
    RegisterServiceMetrics(*registry, *service_set);
    services.metrics = metrics.get();
  }
  PluginManager plugins(services);
  StatusOr<bool> loaded_plugins = plugins.LoadAll(config.plugins);
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
  engine_options.max_batch_length = static_cast<size_t>(config.protocol.max_batch_length);
  engine_options.max_subscriptions_per_session =
      static_cast<size_t>(config.protocol.max_subscriptions_per_session);
  engine_options.max_uri_bytes = static_cast<size_t>(config.protocol.max_uri_bytes);
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

  std::atomic<bool> stopping{false};
  Readiness readiness({}, HostLog());
  AddReadinessChecks(readiness, config, *service_set, plugins, stopping);

  // Reloads compare the file with what it said at start-up, not with the
  // command-line overrides.
  auto reloader =
      std::make_unique<ConfigReloader>(std::move(loaded).value(), stamp, plugins, HostLog());
  auto reload = [&reloader] { reloader->Request(); };
  int status = config.server.transport == TransportKind::kStdio
                   ? ServeStdio(engine, config, service_set->tenants(), reload)
                   : ServeHttp(engine, config,
                               {service_set.get(), &readiness, registry.get(), metrics.get(),
                                std::move(metrics_token), &stopping},
                               reload);
  reloader.reset();  // after any reload in progress, before the plugins stop
  plugins.ShutdownAll();
  HostLog().Info("stopped");
  return status;
}

}  // namespace odmcp
