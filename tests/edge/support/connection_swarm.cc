#include "tests/edge/support/connection_swarm.h"

#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <utility>

namespace odmcp::testing::edge {
namespace {

using boost::asio::ip::tcp;

// Appends as much of `bytes` as fits below `limit`; returns how much it took.
size_t AppendUpTo(std::string* kept, std::string_view bytes, size_t limit) {
  const size_t room = kept->size() < limit ? limit - kept->size() : 0;
  const size_t taken = std::min(room, bytes.size());
  kept->append(bytes.substr(0, taken));
  return taken;
}

std::chrono::milliseconds Millis(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration);
}

}  // namespace

struct ConnectionSwarm::Connection {
  Connection(tcp::socket connected, Clock::time_point at)
      : socket(std::move(connected)), connected_at(at) {}

  tcp::socket socket;  // used on the io thread only
  const Clock::time_point connected_at;

  // The rest is guarded by the swarm's mutex_.
  bool open = true;
  bool closed_by_peer = false;
  Clock::time_point closed_at;
  uint64_t bytes_received = 0;
  std::string kept;  // the first kKeptBytes received
  // Since the last ResetMarks(): whether WaitUntilEach watches this
  // connection, the first kKeptBytes received, and for each read that added
  // to them, since_mark's size after it and when it happened.
  bool watched = true;
  std::string since_mark;
  std::vector<std::pair<size_t, Clock::time_point>> reads_since_mark;
};

ConnectionSwarm::ConnectionSwarm(std::string host_ip, int port,
                                 std::vector<std::string> local_addresses)
    : server_(ServerEndpoint(host_ip, port)),
      sources_(SourceAddresses(local_addresses)),
      mark_time_(Clock::now()) {}

ConnectionSwarm::~ConnectionSwarm() {
  CloseAll();
  io_.Stop();
}

OpenResult ConnectionSwarm::Open(size_t count, std::string request_bytes,
                                 std::chrono::milliseconds timeout) {
  auto request = std::make_shared<const std::string>(std::move(request_bytes));
  BatchConnectPlan plan{server_, sources_, 0, count, timeout};
  {
    std::lock_guard lock(mutex_);
    plan.first_source = next_source_;
    next_source_ += count;
  }
  return ConnectBatch(io_, std::move(plan),
                      [this, request](tcp::socket socket, ConnectTimes times) {
                        Adopt(std::move(socket), times.connected, request);
                      });
}

OpenResult ConnectionSwarm::Open(std::vector<std::string> requests,
                                 std::chrono::milliseconds timeout) {
  const size_t count = requests.size();
  auto pending = std::make_shared<std::vector<std::string>>(std::move(requests));
  auto next = std::make_shared<std::atomic<size_t>>(0);
  BatchConnectPlan plan{server_, sources_, 0, count, timeout};
  {
    std::lock_guard lock(mutex_);
    plan.first_source = next_source_;
    next_source_ += count;
  }
  return ConnectBatch(io_, std::move(plan),
                      [this, pending, next](tcp::socket socket, ConnectTimes times) {
                        auto request = std::make_shared<const std::string>(
                            std::move((*pending)[next->fetch_add(1)]));
                        Adopt(std::move(socket), times.connected, request);
                      });
}

void ConnectionSwarm::Adopt(tcp::socket socket, Clock::time_point connected_at,
                            const std::shared_ptr<const std::string>& request) {
  Connection* connection = nullptr;
  {
    std::lock_guard lock(mutex_);
    connections_.push_back(std::make_unique<Connection>(std::move(socket), connected_at));
    connection = connections_.back().get();
  }
  if (!request->empty()) {
    boost::asio::async_write(connection->socket, boost::asio::buffer(*request),
                             [this, connection, request](boost::system::error_code error, size_t) {
                               if (error && error != boost::asio::error::operation_aborted) {
                                 CloseAfterPeer(connection);
                               }
                             });
  }
  ReadUntilClosed(
      connection->socket, read_scratch_,
      [this, connection](std::string_view bytes) { Receive(connection, bytes); },
      [this, connection](boost::system::error_code) { CloseAfterPeer(connection); });
}

void ConnectionSwarm::Receive(Connection* connection, std::string_view bytes) {
  std::lock_guard lock(mutex_);
  connection->bytes_received += bytes.size();
  AppendUpTo(&connection->kept, bytes, kKeptBytes);
  if (connection->watched && AppendUpTo(&connection->since_mark, bytes, kKeptBytes) > 0) {
    connection->reads_since_mark.emplace_back(connection->since_mark.size(), Clock::now());
  }
}

void ConnectionSwarm::CloseAfterPeer(Connection* connection) {
  {
    std::lock_guard lock(mutex_);
    if (!connection->open) return;
    connection->open = false;
    connection->closed_by_peer = true;
    connection->closed_at = Clock::now();
  }
  CloseWithReset(connection->socket);
}

size_t ConnectionSwarm::CountReceived(std::string_view marker) const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(
      std::count_if(connections_.begin(), connections_.end(), [marker](const auto& connection) {
        return connection->kept.find(marker) != std::string::npos;
      }));
}

std::optional<std::string> ConnectionSwarm::FirstReceivedWithout(std::string_view marker) const {
  std::lock_guard lock(mutex_);
  for (const auto& connection : connections_) {
    if (connection->kept.find(marker) == std::string::npos) return connection->kept;
  }
  return std::nullopt;
}

std::string ConnectionSwarm::ReceivedBy(size_t index) const {
  std::lock_guard lock(mutex_);
  return index < connections_.size() ? connections_[index]->kept : std::string();
}

uint64_t ConnectionSwarm::BytesReceived() const {
  std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const auto& connection : connections_) total += connection->bytes_received;
  return total;
}

size_t ConnectionSwarm::OpenCount() const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(
      std::count_if(connections_.begin(), connections_.end(),
                    [](const auto& connection) { return connection->open; }));
}

void ConnectionSwarm::ResetMarks() {
  std::lock_guard lock(mutex_);
  mark_time_ = Clock::now();
  for (const auto& connection : connections_) {
    connection->watched = connection->open;
    connection->since_mark.clear();
    connection->since_mark.shrink_to_fit();
    connection->reads_since_mark.clear();
    connection->reads_since_mark.shrink_to_fit();
  }
}

ArrivalSummary ConnectionSwarm::WaitUntilEach(std::string_view marker,
                                              std::chrono::milliseconds timeout) {
  if (marker.empty()) throw std::invalid_argument("WaitUntilEach: empty marker");
  const Clock::time_point deadline = Clock::now() + timeout;
  // The search resumes where the previous pass stopped, minus the marker's
  // length less one, so a marker split across reads is still found.
  struct Watch {
    const Connection* connection;
    size_t search_from = 0;
    std::optional<std::chrono::milliseconds> arrival;
  };
  std::vector<Watch> watches;
  std::unique_lock lock(mutex_);
  for (const auto& connection : connections_) {
    if (connection->watched) watches.push_back({connection.get(), 0, std::nullopt});
  }
  for (;;) {
    bool more_can_arrive = false;
    for (Watch& watch : watches) {
      if (watch.arrival) continue;
      const Connection& connection = *watch.connection;
      const size_t found = connection.since_mark.find(marker, watch.search_from);
      if (found == std::string::npos) {
        const size_t size = connection.since_mark.size();
        watch.search_from = size >= marker.size() ? size - marker.size() + 1 : 0;
        more_can_arrive = more_can_arrive || (connection.open && size < kKeptBytes);
        continue;
      }
      const size_t marker_end = found + marker.size();
      const auto read = std::lower_bound(
          connection.reads_since_mark.begin(), connection.reads_since_mark.end(), marker_end,
          [](const auto& read_record, size_t end) { return read_record.first < end; });
      watch.arrival = Millis(read->second - mark_time_);
    }
    if (!more_can_arrive || Clock::now() >= deadline) break;
    // Arrival times come from the reads, so polling does not blur them; it
    // only has to be cheap next to a server under test on the same cores.
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    lock.lock();
  }
  ArrivalSummary summary;
  for (const Watch& watch : watches) {
    if (!watch.arrival) {
      ++summary.missed;
      continue;
    }
    ++summary.reached;
    summary.arrivals.push_back(*watch.arrival);
    summary.slowest = std::max(summary.slowest, *watch.arrival);
  }
  return summary;
}

size_t ConnectionSwarm::ClosedByPeer() const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(
      std::count_if(connections_.begin(), connections_.end(),
                    [](const auto& connection) { return connection->closed_by_peer; }));
}

std::vector<std::chrono::milliseconds> ConnectionSwarm::CloseTimes() const {
  std::lock_guard lock(mutex_);
  std::vector<std::chrono::milliseconds> times;
  for (const auto& connection : connections_) {
    if (connection->closed_by_peer) {
      times.push_back(Millis(connection->closed_at - connection->connected_at));
    }
  }
  return times;
}

void ConnectionSwarm::CloseAll() {
  io_.RunAndWait([this] {
    std::lock_guard lock(mutex_);
    for (const auto& connection : connections_) {
      if (!connection->open) continue;
      connection->open = false;
      CloseWithReset(connection->socket);
    }
  });
}

}  // namespace odmcp::testing::edge
