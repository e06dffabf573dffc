// Thousands of TCP connections from one test process to one server, spread
// over many loopback source addresses (the server limits connections per
// client address). The edge tests use it to fill the host with idle or
// streaming connections and to watch what each connection receives.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_CONNECTION_SWARM_H_
#define ODMCP_TESTS_EDGE_SUPPORT_CONNECTION_SWARM_H_

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/edge/support/client_sockets.h"
#include "tests/edge/support/io_thread.h"

namespace odmcp::testing::edge {

// When a marker reached the connections WaitUntilEach watched.
struct ArrivalSummary {
  size_t reached = 0;  // connections whose bytes since ResetMarks() hold the marker
  size_t missed = 0;   // watched connections that did not receive it before the timeout
  std::chrono::milliseconds slowest{0};  // the latest arrival; 0 if none arrived
  // Per reached connection (in connect order): from ResetMarks() to the read
  // that completed the marker.
  std::vector<std::chrono::milliseconds> arrivals;
};

// All connections live on one io_context run by a background thread, so the
// test's thread stays free. Per connection it keeps the socket, the first
// kKeptBytes received and a few counters, and no read buffer while idle, so
// 10,000+ connections fit in one process (raise the fd limit first; see
// RaiseFdLimit). The public functions are thread-safe; call them from threads
// other than the swarm's own.
class ConnectionSwarm {
 public:
  static constexpr size_t kKeptBytes = 64 * 1024;

  // Connections go to `host_ip`:`port`; the i-th connection ever opened is
  // bound (port 0) to local_addresses[i % size] before its connect, or not
  // bound if `local_addresses` is empty. Throws std::invalid_argument if an
  // address does not parse.
  ConnectionSwarm(std::string host_ip, int port, std::vector<std::string> local_addresses);
  ConnectionSwarm(const ConnectionSwarm&) = delete;
  ConnectionSwarm& operator=(const ConnectionSwarm&) = delete;
  ~ConnectionSwarm();  // CloseAll(), then joins the background thread

  // Opens `count` more connections, at most kMaxConnectsInFlight connects
  // pending at a time, and returns when every connect has succeeded or failed
  // (`timeout` bounds the whole batch). On each opened connection it starts
  // writing `request_bytes` (nothing if empty); a small request is in the
  // kernel by the time Open returns. Every opened connection is then read for
  // as long as it lives.
  OpenResult Open(size_t count, std::string request_bytes, std::chrono::milliseconds timeout);
  // The same, one connection per request, each connection writing its own
  // (which connection gets which is unspecified).
  OpenResult Open(std::vector<std::string> requests, std::chrono::milliseconds timeout);

  // Connections whose first kKeptBytes contain `marker`, e.g. "HTTP/1.1 200".
  size_t CountReceived(std::string_view marker) const;
  // The bytes kept for the first connection (in connect order) whose bytes do
  // not contain `marker`, or nullopt if all do: for a test's failure message.
  std::optional<std::string> FirstReceivedWithout(std::string_view marker) const;
  // The bytes kept for the `index`-th connection opened (in connect order),
  // or empty if there is none.
  std::string ReceivedBy(size_t index) const;
  // Bytes received over all connections, including those beyond kKeptBytes.
  uint64_t BytesReceived() const;
  // Connections established and not closed by either side.
  size_t OpenCount() const;

  // Starts a new observation at time T = now: WaitUntilEach then considers
  // only bytes received after this call, and watches every connection open
  // now or opened later. The swarm starts as if called at construction.
  void ResetMarks();
  // Waits until every connection watched when it is called has received
  // `marker` (not empty) in its bytes since ResetMarks(), searched as one
  // stream so a marker split across reads is found; at most the first
  // kKeptBytes after ResetMarks() are searched. Returns once every watched
  // connection has the marker or cannot get it any more (closed), or else
  // `timeout` after this call. Arrival times count from ResetMarks() to the
  // read that completed the marker. A connection closed before it received
  // the marker counts as missed.
  ArrivalSummary WaitUntilEach(std::string_view marker, std::chrono::milliseconds timeout);

  // Connections the server closed (EOF, reset or a failed write). The swarm
  // then closes its socket too, freeing the descriptor.
  size_t ClosedByPeer() const;
  // For each connection the server closed (in connect order): from its
  // connect to when the close was seen.
  std::vector<std::chrono::milliseconds> CloseTimes() const;

  // Closes every open connection with an RST (SO_LINGER {1, 0}, so no
  // TIME_WAIT piles up) and returns once all are closed. The counters and
  // received bytes stay readable, and Open can be called again.
  void CloseAll();

 private:
  struct Connection;
  using Clock = std::chrono::steady_clock;

  void Adopt(boost::asio::ip::tcp::socket socket, Clock::time_point connected_at,
             const std::shared_ptr<const std::string>& request);
  void Receive(Connection* connection, std::string_view bytes);
  void CloseAfterPeer(Connection* connection);

  // Declared first so it is destroyed last: the sockets below use its context.
  IoThread io_;
  const boost::asio::ip::tcp::endpoint server_;
  const std::vector<boost::asio::ip::address> sources_;
  std::vector<char> read_scratch_ = std::vector<char>(kKeptBytes);  // io thread only

  mutable std::mutex mutex_;  // guards what follows and each Connection's state
  size_t next_source_ = 0;
  Clock::time_point mark_time_;
  std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_CONNECTION_SWARM_H_
