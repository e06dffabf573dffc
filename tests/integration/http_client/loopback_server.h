// Helpers for the HTTP client tests: a cpp-httplib server (plain or TLS)
// on 127.0.0.1:<ephemeral> that counts the requests and connections it
// serves, a port nothing listens on, and request and option shorthands.
#ifndef ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_LOOPBACK_SERVER_H_
#define ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_LOOPBACK_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "host/services/http_client/http_client.h"

namespace odmcp::testing {

class LoopbackServer {
 public:
  // Plain HTTP.
  LoopbackServer();
  // HTTPS with a PEM certificate chain and key.
  LoopbackServer(const std::string& cert_file, const std::string& key_file);
  // Stops serving and joins the server thread. Destroy HTTP clients (and
  // their pooled connections) first: the server waits for open
  // connections to go idle.
  ~LoopbackServer();

  // Routes are added here before Start().
  httplib::Server& server() { return *server_; }
  // Binds and starts serving; returns once requests are accepted.
  void Start();

  int port() const { return port_; }
  // "http(s)://127.0.0.1:<port><path>".
  std::string Url(const std::string& path) const;

  int requests() const { return requests_.load(); }
  // Distinct TCP connections that carried at least one request.
  size_t connections() const;

 private:
  LoopbackServer(std::unique_ptr<httplib::Server> server, bool https);

  std::unique_ptr<httplib::Server> server_;
  const bool https_;
  int port_ = -1;
  std::thread thread_;
  std::atomic<int> requests_{0};
  mutable std::mutex mutex_;
  std::set<int> client_ports_;  // guarded by mutex_
};

// A port on 127.0.0.1 with nothing listening (bound once, then released).
int UnusedPort();

// A GET request for `url` with no headers.
HttpRequest Get(const std::string& url);

// Default options, except that retries wait 0-5 ms rather than 0-100+ ms.
HttpClientOptions FastRetries();

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_LOOPBACK_SERVER_H_
