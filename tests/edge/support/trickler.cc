#include "tests/edge/support/trickler.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <thread>
#include <utility>

namespace odmcp::testing::edge {

using boost::asio::ip::tcp;

struct Trickler::Connection {
  Connection(tcp::socket connected, ConnectTimes at,
             std::shared_ptr<const std::string> request_bytes, std::chrono::milliseconds every)
      : socket(std::move(connected)),
        send_timer(socket.get_executor()),
        times(at),
        request(std::move(request_bytes)),
        interval(every) {}

  // Used on the io thread only.
  tcp::socket socket;
  boost::asio::steady_timer send_timer;
  const ConnectTimes times;
  const std::shared_ptr<const std::string> request;
  const std::chrono::milliseconds interval;

  // Guarded by the trickler's mutex_.
  bool open = true;
  TrickleOutcome outcome;
};

Trickler::Trickler(std::string host_ip, int port, std::vector<std::string> local_addresses)
    : server_(ServerEndpoint(host_ip, port)), sources_(SourceAddresses(local_addresses)) {}

Trickler::~Trickler() {
  CloseAll();
  io_.Stop();
}

OpenResult Trickler::Start(size_t count, std::string request_bytes,
                           std::chrono::milliseconds interval,
                           std::chrono::milliseconds connect_timeout) {
  auto request = std::make_shared<const std::string>(std::move(request_bytes));
  BatchConnectPlan plan{server_, sources_, 0, count, connect_timeout};
  {
    std::lock_guard lock(mutex_);
    plan.first_source = next_source_;
    next_source_ += count;
  }
  return ConnectBatch(
      io_, std::move(plan),
      [this, request, interval](tcp::socket socket, ConnectTimes times) {
        Adopt(std::move(socket), times, request, interval);
      });
}

void Trickler::Adopt(tcp::socket socket, ConnectTimes times,
                     const std::shared_ptr<const std::string>& request,
                     std::chrono::milliseconds interval) {
  Connection* connection = nullptr;
  {
    std::lock_guard lock(mutex_);
    connections_.push_back(
        std::make_unique<Connection>(std::move(socket), times, request, interval));
    connection = connections_.back().get();
  }
  ReadUntilClosed(
      connection->socket, read_scratch_,
      [this, connection](std::string_view bytes) {
        std::lock_guard lock(mutex_);
        std::string& received = connection->outcome.received;
        received.append(bytes.substr(0, kKeptBytes - std::min(kKeptBytes, received.size())));
      },
      [this, connection](boost::system::error_code) { CloseAfterPeer(connection); });
  SendNextByte(connection);
}

// Writes the next request byte, then sets the timer for the one after it.
void Trickler::SendNextByte(Connection* connection) {
  size_t next_byte = 0;
  {
    std::lock_guard lock(mutex_);
    if (!connection->open) return;
    next_byte = connection->outcome.bytes_sent;
  }
  if (next_byte >= connection->request->size()) return;
  boost::asio::async_write(
      connection->socket, boost::asio::buffer(connection->request->data() + next_byte, 1),
      [this, connection, next_byte](boost::system::error_code error, size_t) {
        if (error) {
          if (error != boost::asio::error::operation_aborted) CloseAfterPeer(connection);
          return;
        }
        {
          std::lock_guard lock(mutex_);
          connection->outcome.bytes_sent = next_byte + 1;
        }
        const auto bytes_out = static_cast<std::chrono::milliseconds::rep>(next_byte + 1);
        connection->send_timer.expires_at(connection->times.connected +
                                          connection->interval * bytes_out);
        connection->send_timer.async_wait(
            [this, connection](boost::system::error_code timer_error) {
              if (!timer_error) SendNextByte(connection);
            });
      });
}

void Trickler::CloseAfterPeer(Connection* connection) {
  {
    std::lock_guard lock(mutex_);
    if (!connection->open) return;
    connection->open = false;
    connection->outcome.closed_by_peer = true;
    const Clock::time_point now = Clock::now();
    connection->outcome.closed_after =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - connection->times.connected);
    connection->outcome.closed_after_dialing =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - connection->times.dialed);
  }
  connection->send_timer.cancel();
  CloseWithReset(connection->socket);
}

bool Trickler::WaitAllClosedByPeer(std::chrono::milliseconds timeout) const {
  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (std::all_of(connections_.begin(), connections_.end(), [](const auto& connection) {
            return connection->outcome.closed_by_peer;
          })) {
        return true;
      }
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::vector<TrickleOutcome> Trickler::Outcomes() const {
  std::lock_guard lock(mutex_);
  std::vector<TrickleOutcome> outcomes;
  for (const auto& connection : connections_) outcomes.push_back(connection->outcome);
  return outcomes;
}

void Trickler::CloseAll() {
  io_.RunAndWait([this] {
    std::lock_guard lock(mutex_);
    for (const auto& connection : connections_) {
      if (!connection->open) continue;
      connection->open = false;
      connection->send_timer.cancel();
      CloseWithReset(connection->socket);
    }
  });
}

}  // namespace odmcp::testing::edge
