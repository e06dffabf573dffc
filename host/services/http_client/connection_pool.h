// Keep-alive connections to upstream origins, and the pool that holds the
// idle ones for reuse.
//
// A Connection wraps one cpp-httplib client, which owns at most one socket
// and carries one request at a time. A Connection is used by one thread at
// a time: it is taken from the pool (or created) for one attempt and given
// back afterwards. ConnectionPool is thread-safe.
#ifndef ODMCP_HOST_SERVICES_HTTP_CLIENT_CONNECTION_POOL_H_
#define ODMCP_HOST_SERVICES_HTTP_CLIENT_CONNECTION_POOL_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/common/mutex.h"
#include "host/services/http_client/url.h"

namespace odmcp {

class Connection {
 public:
  // A connection to `origin`'s scheme, host and port, not yet connected.
  // For https the server's certificate chain and host name are always
  // verified: against the PEM bundle `ca_file` when it is not empty, else
  // against the system trust store (cpp-httplib calls
  // SSL_CTX_set_default_verify_paths: OpenSSL's default certificate file
  // and directory, /usr/lib/ssl/cert.pem and /usr/lib/ssl/certs on Debian,
  // which point at /etc/ssl/certs; SSL_CERT_FILE and SSL_CERT_DIR override
  // them). Every TCP connection it opens increments *connections_opened,
  // which must outlive the Connection. `public_addresses_only`: see
  // ConnectTcp.
  Connection(const HttpUrl& origin, const std::string& ca_file,
             std::atomic<uint64_t>* connections_opened, bool public_addresses_only = false);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& origin() const { return origin_; }
  httplib::ClientImpl& client() { return *client_; }

  // The timeout of the next TCP connect, if the next request needs one.
  void set_connect_timeout_ms(int64_t timeout_ms);
  // TCP connections this object has opened so far: an attempt that raises
  // it ran on a new connection rather than a kept-alive one.
  uint64_t connects() const { return connects_; }
  // Why the last TCP connect failed ("connection refused", ...).
  const std::string& last_connect_failure() const { return last_connect_failure_; }
  // The certificate verification result of the last TLS handshake, as
  // text, or "" for plain http.
  std::string VerifyResultText() const;
  // Whether the socket is still open, i.e. worth keeping for reuse.
  bool is_open() const { return client_->is_socket_open() != 0; }

  std::chrono::steady_clock::time_point idle_since() const { return idle_since_; }
  void mark_idle() { idle_since_ = std::chrono::steady_clock::now(); }

 private:
  // Called by the httplib client whenever it needs a new socket.
  int Connect(const std::string& host, int port);

  template <typename Base>
  friend class ConnectingClient;

  const std::string origin_;
  const bool https_;
  std::unique_ptr<httplib::ClientImpl> client_;
  std::atomic<uint64_t>* const connections_opened_;
  int64_t connect_timeout_ms_ = 5000;
  const bool public_addresses_only_;
  uint64_t connects_ = 0;
  std::string last_connect_failure_;
  std::chrono::steady_clock::time_point idle_since_;
};

class ConnectionPool {
 public:
  // Keeps at most `max_idle_per_origin` idle connections per origin, each
  // for at most `max_idle_ms` (servers close idle connections after a
  // while; one kept longer would usually be found dead).
  ConnectionPool(std::string ca_file, size_t max_idle_per_origin, int64_t max_idle_ms,
                 std::atomic<uint64_t>* connections_opened, bool public_addresses_only = false);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // The most recently used idle connection to `url`'s origin when
  // `allow_reuse`, else a new Connection. A reused connection may still
  // turn out to be closed by the server: cpp-httplib then reconnects
  // before sending if it can tell (the socket reads as closed), and
  // otherwise the attempt fails (see Connection::connects()).
  std::unique_ptr<Connection> Acquire(const HttpUrl& url, bool allow_reuse);

  // Gives back a connection after a request. Kept for reuse only if its
  // socket is open (a failed exchange or "Connection: close" closes it);
  // when the origin already has max_idle_per_origin idle connections, the
  // oldest is closed to make room.
  void Release(std::unique_ptr<Connection> connection);

 private:
  const std::string ca_file_;
  const bool public_addresses_only_;
  const size_t max_idle_per_origin_;
  const std::chrono::milliseconds max_idle_;
  std::atomic<uint64_t>* const connections_opened_;
  Mutex mutex_;
  // Per origin, oldest first.
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_ GUARDED_BY(mutex_);
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_HTTP_CLIENT_CONNECTION_POOL_H_
