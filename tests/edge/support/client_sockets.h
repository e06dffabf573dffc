// Socket plumbing shared by ConnectionSwarm and Trickler: opening a batch of
// connections from many source addresses without overrunning the server's
// listen backlog, reading without a buffer per connection, and closing with
// an RST.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_CLIENT_SOCKETS_H_
#define ODMCP_TESTS_EDGE_SUPPORT_CLIENT_SOCKETS_H_

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/edge/support/io_thread.h"

namespace odmcp::testing::edge {

// "127.0.0.1" .. "127.0.0.<count>" (count <= 254). All of 127.0.0.0/8 is
// loopback on Linux, so these spread connections over `count` client
// addresses for a server that limits connections per address.
std::vector<std::string> LoopbackSources(size_t count);

// How a batch of connects went.
struct OpenResult {
  size_t opened = 0;        // connections established
  size_t failed = 0;        // connects that failed or had not finished by the deadline
  std::string first_error;  // the first failure's message; empty if none failed
  std::chrono::milliseconds elapsed{0};  // from the start of the batch to its end
};

// At most this many connects are pending at once, so a burst of thousands
// does not overflow the server's listen backlog (SYNs would then be dropped
// and retried a second later).
inline constexpr size_t kMaxConnectsInFlight = 256;

// What ConnectBatch opens: `count` connections to `server`, the i-th from
// sources[(first_source + i) % sources.size()] (bound with port 0 before the
// connect; no bind at all if `sources` is empty), all within `timeout`.
struct BatchConnectPlan {
  boost::asio::ip::tcp::endpoint server;
  std::vector<boost::asio::ip::address> sources;
  size_t first_source = 0;
  size_t count = 0;
  std::chrono::milliseconds timeout{0};
};

// When one connection's connect was issued and when it completed. The
// server accepted it somewhere after `dialed`, but not necessarily before
// `connected` (a completed connect may still wait in the listen backlog),
// and a busy client may see `connected` late.
struct ConnectTimes {
  std::chrono::steady_clock::time_point dialed;
  std::chrono::steady_clock::time_point connected;
};

// Called on the io thread with each established connection.
using OnConnected = std::function<void(boost::asio::ip::tcp::socket, ConnectTimes)>;

// Opens plan.count connections on `io`'s thread, at most kMaxConnectsInFlight
// connects pending at a time, and hands each established one to
// `on_connected`. Returns once every connect has succeeded or failed; at the
// deadline, pending connects are abandoned and count as failed, as do those
// never started. Call from any thread but `io`'s own.
OpenResult ConnectBatch(IoThread& io, BatchConnectPlan plan, OnConnected on_connected);

// `host_ip`:`port`; throws std::invalid_argument if either is invalid.
boost::asio::ip::tcp::endpoint ServerEndpoint(const std::string& host_ip, int port);
// The parsed source addresses; throws std::invalid_argument naming a bad one.
std::vector<boost::asio::ip::address> SourceAddresses(const std::vector<std::string>& texts);

// Closes `socket` with SO_LINGER {1, 0}: the kernel sends an RST and keeps no
// TIME_WAIT entry, so tests can open and close tens of thousands of
// connections. Pending operations complete with operation_aborted.
void CloseWithReset(boost::asio::ip::tcp::socket& socket);

namespace detail {

template <typename OnData, typename OnClosed>
void ReadWhenReadable(boost::asio::ip::tcp::socket& socket, std::span<char> scratch,
                      OnData on_data, OnClosed on_closed) {
  socket.async_wait(
      boost::asio::ip::tcp::socket::wait_read,
      [&socket, scratch, on_data, on_closed](boost::system::error_code error) {
        if (error == boost::asio::error::operation_aborted || !socket.is_open()) return;
        size_t size = 0;
        if (!error) size = socket.read_some(boost::asio::buffer(scratch.data(), scratch.size()),
                                            error);
        if (error == boost::asio::error::would_block) {
          ReadWhenReadable(socket, scratch, on_data, on_closed);
        } else if (error) {
          on_closed(error);
        } else {
          on_data(std::string_view(scratch.data(), size));
          ReadWhenReadable(socket, scratch, on_data, on_closed);
        }
      });
}

}  // namespace detail

// Keeps reading `socket` until the peer closes it: waits until it is readable,
// reads what has arrived into `scratch` (one buffer shared by every connection
// of the io thread, so an idle connection holds no read buffer), passes it to
// on_data(std::string_view) and waits again. On EOF or a read error calls
// on_closed(boost::system::error_code) once and stops. Stops silently once the
// socket is closed locally. `socket` and `scratch` must outlive the reading.
template <typename OnData, typename OnClosed>
void ReadUntilClosed(boost::asio::ip::tcp::socket& socket, std::span<char> scratch,
                     OnData on_data, OnClosed on_closed) {
  boost::system::error_code error;
  socket.non_blocking(true, error);  // read_some then returns would_block, never waits
  if (error) {
    on_closed(error);
    return;
  }
  detail::ReadWhenReadable(socket, scratch, std::move(on_data), std::move(on_closed));
}

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_CLIENT_SOCKETS_H_
