// HttpServer: the Streamable HTTP transport (cpp-httplib) -- the MCP
// endpoint, health endpoints, DNS-rebinding protection, the body limit, and
// expiry of idle legacy sessions.
//
//   POST|GET|DELETE <path>   the MCP endpoint (mcp_endpoint.h)
//   GET /health/live         200 while the process serves
//   GET /health/ready        200 once plugins are loaded (they are before Bind)
//   GET /metrics             Prometheus text: the legacy sessions open and ended
//
// Bind() and Serve() run on the control thread; Stop() may be called from
// any thread: it stops accepting, lets requests in progress finish within
// the shutdown grace period, and then closes every connection.
#ifndef ODMCP_HOST_TRANSPORT_HTTP_SERVER_H_
#define ODMCP_HOST_TRANSPORT_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/common/result.h"
#include "host/config/config.h"
#include "host/protocol/engine.h"

namespace odmcp {

class HttpAuthenticator;

struct HttpOptions {
  ListenAddress listen;
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;
  int64_t max_message_bytes = 4 * 1024 * 1024;
  std::chrono::seconds session_idle_timeout{1800};
  size_t max_sessions_per_tenant = 256;
  std::chrono::seconds sse_keepalive{15};
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::seconds shutdown_grace{10};
  size_t max_threads = 512;
};

class HttpServer {
 public:
  // `auth` (may be null: no tenants) authenticates every MCP request.
  HttpServer(Engine& engine, HttpOptions options, HttpAuthenticator* auth = nullptr);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();

  // Binds the listen address; the result is the bound port (useful with
  // port 0).
  Result<int> Bind();
  // Serves until Stop().
  void Serve();
  void Stop();
  // "http://HOST:PORT<path>" once bound.
  std::string url() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_HTTP_SERVER_H_
