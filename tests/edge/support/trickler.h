// Slow clients: connections that send their request one byte at a time, to
// show that the server closes each at its header deadline however steadily
// bytes keep coming (a slowloris defence), and to measure when it does.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_TRICKLER_H_
#define ODMCP_TESTS_EDGE_SUPPORT_TRICKLER_H_

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tests/edge/support/client_sockets.h"
#include "tests/edge/support/io_thread.h"

namespace odmcp::testing::edge {

// What happened to one trickling connection.
struct TrickleOutcome {
  bool closed_by_peer = false;  // the server closed it (EOF, reset or a failed write)
  // From the connect's completion (as the client saw it) to that close, and
  // from when the connect was issued; 0 while open.
  std::chrono::milliseconds closed_after{0};
  std::chrono::milliseconds closed_after_dialing{0};
  size_t bytes_sent = 0;  // request bytes written before the close (all, if it never came)
  std::string received;   // the first kKeptBytes the server sent, e.g. a 408 response
};

// All connections are driven by one timer each on one io_context run by a
// background thread (no thread per connection). Thread-safe; call from
// threads other than the trickler's own.
class Trickler {
 public:
  static constexpr size_t kKeptBytes = 4096;

  // Connections go to `host_ip`:`port`, the i-th bound (port 0) to
  // local_addresses[i % size] before its connect, or not bound if the list is
  // empty. Throws std::invalid_argument if an address does not parse.
  Trickler(std::string host_ip, int port, std::vector<std::string> local_addresses);
  Trickler(const Trickler&) = delete;
  Trickler& operator=(const Trickler&) = delete;
  ~Trickler();  // CloseAll(), then joins the background thread

  // Opens `count` connections (at most kMaxConnectsInFlight connects pending;
  // `connect_timeout` bounds the batch) and returns once every connect has
  // finished. Each opened connection sends request_bytes[k] at `interval` * k
  // after its connect (the first byte at once) until all are sent or the
  // server closes it, and is read until it closes.
  OpenResult Start(size_t count, std::string request_bytes, std::chrono::milliseconds interval,
                   std::chrono::milliseconds connect_timeout);

  // Waits until the server has closed every opened connection; true if it
  // did within `timeout`.
  bool WaitAllClosedByPeer(std::chrono::milliseconds timeout) const;

  // One outcome per opened connection, in connect order.
  std::vector<TrickleOutcome> Outcomes() const;

  // Stops sending and closes every open connection with an RST; returns once
  // all are closed. Outcomes stay readable.
  void CloseAll();

 private:
  struct Connection;
  using Clock = std::chrono::steady_clock;

  void Adopt(boost::asio::ip::tcp::socket socket, ConnectTimes times,
             const std::shared_ptr<const std::string>& request,
             std::chrono::milliseconds interval);
  void SendNextByte(Connection* connection);
  void CloseAfterPeer(Connection* connection);

  // Declared first so it is destroyed last: the sockets below use its context.
  IoThread io_;
  const boost::asio::ip::tcp::endpoint server_;
  const std::vector<boost::asio::ip::address> sources_;
  std::vector<char> read_scratch_ = std::vector<char>(kKeptBytes);  // io thread only

  mutable std::mutex mutex_;  // guards what follows and each Connection's outcome
  size_t next_source_ = 0;
  std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_TRICKLER_H_
