// The load client's self-test target: a tiny in-process server, on 127.0.0.1
// and its own thread, that behaves like an HTTP server with a header deadline.
// It answers a request header (anything up to "\r\n\r\n") with
// "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" and keeps the connection
// open, closes a connection whose header is not complete within the deadline
// counted from accept, and can push bytes to every answered connection (as a
// host pushes notifications down open streams).
#ifndef ODMCP_TESTS_EDGE_SUPPORT_SELFTEST_SERVER_H_
#define ODMCP_TESTS_EDGE_SUPPORT_SELFTEST_SERVER_H_

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "tests/edge/support/io_thread.h"

namespace odmcp::testing::edge {

class SelftestServer {
 public:
  static constexpr std::string_view kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  explicit SelftestServer(std::chrono::milliseconds header_deadline);
  SelftestServer(const SelftestServer&) = delete;
  SelftestServer& operator=(const SelftestServer&) = delete;
  ~SelftestServer();

  int port() const { return port_; }

  // Connections accepted and not yet closed.
  size_t LiveConnections() const;
  // Connections that ended with the client's RST (ECONNRESET on read).
  size_t ResetsSeen() const;
  // Connections accepted so far, by client address.
  std::map<std::string, size_t> AcceptedPerAddress() const;
  // Writes `bytes` to every connection that has been answered; returns once
  // the writes have been started.
  void Broadcast(std::string bytes);

 private:
  struct Session;

  void Accept();
  void ReadHeader(const std::shared_ptr<Session>& session);
  void End(const std::shared_ptr<Session>& session, boost::system::error_code error);

  // Declared first so it is destroyed last: the sockets below use its context.
  IoThread io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const std::chrono::milliseconds header_deadline_;
  int port_ = 0;

  std::list<std::shared_ptr<Session>> sessions_;  // io thread only
  mutable std::mutex mutex_;                      // guards the counters
  size_t live_ = 0;
  size_t resets_ = 0;
  std::map<std::string, size_t> accepted_per_address_;
};

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_SELFTEST_SERVER_H_
