#include "host/transport/http_server.h"

#include <httplib.h>
#include <malloc.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "host/protocol/jsonrpc.h"
#include "host/services/log.h"
#include "host/transport/mcp_endpoint.h"
#include "host/transport/origin_policy.h"
#include "host/transport/pool_task_queue.h"
#include "host/transport/server_sockets.h"
#include "host/transport/session_table.h"

namespace odmcp {
namespace {

// Sessions that must have ended since the last trim before the sweeper
// returns freed heap to the system: trimming walks every arena, so it is
// kept for when there is much to give back.
constexpr uint64_t kSessionsEndedPerTrim = 256;

// Set on the thread that serves a request from routing until its response
// is written, so a request is counted out exactly when it was counted in.
thread_local bool counted_request = false;

void SendJsonError(httplib::Response& res, int status, int code, const std::string& message) {
  res.status = status;
  res.set_content(ErrorResponse("", RpcError{code, message, {}}), kJsonContentType);
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(Engine& engine, HttpOptions options, HttpAuthenticator* auth)
      : options_(std::move(options)),
        policy_(options_.allowed_hosts, options_.allowed_origins),
        sessions_(options_.session_idle_timeout, options_.max_sessions_per_tenant),
        endpoint_(engine, sessions_, options_.sse_keepalive, auth) {
    Configure();
  }

  Result<int> Bind() {
    if (options_.listen.port == 0) {
      port_ = server_.bind_to_any_port(options_.listen.host);
    } else if (server_.bind_to_port(options_.listen.host, options_.listen.port)) {
      port_ = options_.listen.port;
    }
    if (port_ <= 0) {
      return Error{"cannot listen on " + options_.listen.host + ":" +
                   std::to_string(options_.listen.port) +
                   " (address in use, or not an address of this machine?)"};
    }
    WidenListenBacklog(port_);
    return port_;
  }

  void Serve() {
    std::thread sweeper([this] { Sweep(); });
    bool stop_requested;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_requested = stopping_;
    }
    if (!stop_requested) server_.listen_after_bind();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      served_ = true;
    }
    stop_.notify_all();
    sweeper.join();
  }

  // Stops accepting, lets requests in progress finish (up to the grace
  // period), then closes the remaining connections so Serve() returns.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    stop_.notify_all();
    // A stop that comes before Serve() has started listening finds nothing
    // to stop yet: the loop below stops the listener once it runs.
    bool listener_stopped = false;
    auto stop_listener = [&] {
      if (!listener_stopped && server_.is_running()) {
        server_.stop();
        listener_stopped = true;
      }
    };
    stop_listener();
    // Event streams never end by themselves; requests get the grace period.
    sessions_.EndStreams();
    endpoint_.EndStreams();
    auto grace_end = std::chrono::steady_clock::now() + options_.shutdown_grace;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!served_) {
      stop_listener();
      if (active_requests_.load() == 0 || std::chrono::steady_clock::now() >= grace_end) {
        ShutDownAcceptedConnections(port_);
      }
      stop_.wait_for(lock, std::chrono::milliseconds(20));
    }
  }

  std::string url() const {
    std::string host = options_.listen.host.find(':') != std::string::npos
                           ? "[" + options_.listen.host + "]"
                           : options_.listen.host;
    return "http://" + host + ":" + std::to_string(port_) + options_.path;
  }

 private:
  void Configure() {
    // The library's defaults (Nagle on, 5 requests per connection) cap a
    // keep-alive client at a few hundred requests per second.
    server_.set_tcp_nodelay(true);
    server_.set_keep_alive_max_count(1000000);
    server_.set_keep_alive_timeout(options_.keep_alive_timeout.count());
    server_.set_payload_max_length(static_cast<size_t>(options_.max_message_bytes));
    size_t max_threads = options_.max_threads;
    server_.new_task_queue = [max_threads] { return new PoolTaskQueue(max_threads); };

    // Requests in progress, counted from routing until their response is
    // written (the logger runs then), for a graceful Stop().
    server_.set_logger([this](const httplib::Request&, const httplib::Response&) {
      if (counted_request) {
        counted_request = false;
        active_requests_.fetch_sub(1);
      }
    });
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      counted_request = true;
      active_requests_.fetch_add(1);
      std::optional<std::string> refused =
          policy_.Check(req.get_header_value("Host"), req.get_header_value("Origin"));
      if (!refused) return httplib::Server::HandlerResponse::Unhandled;
      HostLog().Warning("request refused", {{"reason", *refused}, {"path", req.path}});
      SendJsonError(res, 403, rpc::kInvalidRequest, "Forbidden: " + *refused);
      return httplib::Server::HandlerResponse::Handled;
    });
    // Statuses the library produces itself get a JSON-RPC error body too.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (res.status == 413) {
        SendJsonError(res, 413, rpc::kInvalidRequest,
                      "Payload Too Large: a message may have at most " +
                          std::to_string(options_.max_message_bytes) +
                          " bytes (server.max_message_bytes)");
      } else if (res.status == 404) {
        SendJsonError(res, 404, rpc::kInvalidRequest,
                      "Not Found: " + req.path + " is not served; the MCP endpoint is " +
                          options_.path);
      } else {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      return httplib::Server::HandlerResponse::Handled;
    }));

    const std::string& path = options_.path;
    server_.Post(path, [this](const httplib::Request& req, httplib::Response& res) {
      endpoint_.Post(req, res);
    });
    server_.Get(path, [this](const httplib::Request& req, httplib::Response& res) {
      endpoint_.Get(req, res);
    });
    server_.Delete(path, [this](const httplib::Request& req, httplib::Response& res) {
      endpoint_.Delete(req, res);
    });
    auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", "GET, POST, DELETE");
      SendJsonError(res, 405, rpc::kInvalidRequest,
                    "Method Not Allowed: the MCP endpoint takes POST, GET and DELETE");
    };
    server_.Put(path, not_allowed);
    server_.Patch(path, not_allowed);
    server_.Options(path, not_allowed);
    server_.Get("/health/live", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"live"})", kJsonContentType);
    });
    server_.Get("/health/ready", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"ready"})", kJsonContentType);
    });
    server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "# HELP odmcp_http_sessions Legacy-era HTTP sessions open.\n"
          "# TYPE odmcp_http_sessions gauge\n"
          "odmcp_http_sessions " + std::to_string(sessions_.size()) + "\n"
          "# HELP odmcp_http_sessions_ended_total Legacy-era HTTP sessions ended (idle "
          "expiry, the per-tenant cap, DELETE).\n"
          "# TYPE odmcp_http_sessions_ended_total counter\n"
          "odmcp_http_sessions_ended_total " + std::to_string(sessions_.ended()) + "\n",
          "text/plain; version=0.0.4; charset=utf-8");
    });
  }

  // Ends idle legacy sessions, a few times per idle period. After many
  // sessions have ended (expired, evicted or deleted), returns the freed
  // heap to the system: glibc keeps freed memory in its arenas, so a burst
  // of abandoned sessions would otherwise hold the process's RSS at its peak.
  void Sweep() {
    auto period = std::max<std::chrono::seconds>(
        std::chrono::seconds(1),
        std::min<std::chrono::seconds>(options_.session_idle_timeout / 4, std::chrono::seconds(30)));
    uint64_t ended_at_trim = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      size_t expired = sessions_.ExpireIdle();
      if (expired > 0) {
        HostLog().Debug("idle sessions ended", {{"count", std::to_string(expired)}});
      }
      if (uint64_t ended = sessions_.ended(); ended - ended_at_trim >= kSessionsEndedPerTrim) {
#ifdef __GLIBC__
        malloc_trim(0);
#endif
        ended_at_trim = ended;
      }
      lock.lock();
    }
  }

  HttpOptions options_;
  OriginPolicy policy_;
  SessionTable sessions_;
  McpEndpoint endpoint_;
  httplib::Server server_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  bool served_ = false;  // Serve() has returned from the library
  std::atomic<int> active_requests_{0};
};

HttpServer::HttpServer(Engine& engine, HttpOptions options, HttpAuthenticator* auth)
    : impl_(std::make_unique<Impl>(engine, std::move(options), auth)) {}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::Bind() { return impl_->Bind(); }
void HttpServer::Serve() { impl_->Serve(); }
void HttpServer::Stop() { impl_->Stop(); }
std::string HttpServer::url() const { return impl_->url(); }

}  // namespace odmcp
