// HttpServer: HTTP/1.1 (and HTTPS) on Boost.Asio, framed by Boost.Beast.
//
// It owns sockets and nothing else: it accepts connections, reads each
// request's head and then its body, hands them to an HttpHandler (the
// protocol layer, http_exchange.h), and writes what the handler answers,
// whole or streamed. A connection, a keep-alive wait or an event stream
// costs memory, never a thread; handlers run on the IoPool.
//
// Every resource a client can make it hold is bounded (HttpLimits):
//   connections       max_connections in all (503), and
//                     max_connections_per_address from one address (429),
//                     refused as soon as they are accepted;
//   a request's head  must arrive whole within header_timeout of the
//                     connection opening or of its first byte (a client
//                     that trickles it is closed at the deadline), and may
//                     have at most max_header_bytes (431);
//   a request's body  max_body_bytes whatever its framing, chunked included,
//                     enforced as it is read (413), within body_timeout;
//   keep-alive        an idle connection is closed after keep_alive_timeout;
//   streams           each has a write queue of at most stream_queue_bytes:
//                     a client that does not read is disconnected, never
//                     buffered without end; a write that makes no progress
//                     for send_timeout closes the connection.
// A refused request whose body may be unread closes its connection after
// the refusal, so the body is never taken for a request of its own.
// Deadlines are checked by one sweep every kSweepPeriod, not a timer per
// connection, so they hold to within that period.
//
// A client that closes its connection while its request is being answered
// is noticed at once (the connection keeps reading), and the exchange's
// OnClientGone callbacks run: that is how a call is cancelled on disconnect.
//
// With tls_cert and tls_key it serves HTTPS only (TLS 1.2 and 1.3,
// tls_context.h); ReloadCertificate() takes new files for new connections.
//
// Thread safety: Bind() and Serve() on the control thread; Stop() and
// ReloadCertificate() from any thread.
#ifndef ODMCP_HOST_TRANSPORT_HTTP_SERVER_H_
#define ODMCP_HOST_TRANSPORT_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "host/common/status.h"

namespace odmcp {

class HttpHandler;
class IoPool;

struct HttpLimits {
  int64_t max_body_bytes = 4 * 1024 * 1024;
  size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::seconds send_timeout{30};
  size_t max_connections = 10000;
  size_t max_connections_per_address = 512;
  size_t stream_queue_bytes = 1024 * 1024;
  std::chrono::seconds shutdown_grace{10};
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::string tls_cert;  // PEM files; both empty: plain HTTP
  std::string tls_key;
  HttpLimits limits;
};

class HttpServer {
 public:
  static constexpr std::chrono::milliseconds kSweepPeriod{250};

  HttpServer(IoPool& pool, HttpHandler& handler, HttpServerOptions options);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();

  // Loads the TLS certificate (if any) and listens; the result is the
  // bound port.
  StatusOr<int> Bind();
  // Accepts connections until Stop(), then returns once every connection
  // has closed.
  void Serve();
  // Stops accepting, ends long-lived streams (HttpHandler::EndStreams),
  // closes idle connections, gives requests in progress the grace period,
  // then closes what is left.
  void Stop();
  // Loads the certificate files again for connections accepted from now
  // on; open connections keep theirs. An error leaves the old certificate.
  StatusOr<bool> ReloadCertificate();

  // "http[s]://HOST:PORT" once bound.
  std::string origin() const;

  // Connections open now.
  size_t open_connections() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_HTTP_SERVER_H_
