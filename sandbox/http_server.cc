// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

namespace odmcp::sandbox {
namespace {

int ToMilliseconds(time_t seconds, time_t microseconds) {
  return static_cast<int>(seconds * 1000 + microseconds / 1000);
}

// Waits for `events` on `sock`; true when ready, false on timeout or error.
bool PollFor(socket_t sock, short events, int timeout_ms) {
  pollfd descriptor{sock, events, 0};
  while (true) {
    const int ready = poll(&descriptor, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0 && (descriptor.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

void AddressToText(const sockaddr_storage& address, std::string* ip, int* port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, &address, sizeof(v4));
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof(text));
    *port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, &address, sizeof(v6));
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof(text));
    *port = ntohs(v6.sin6_port);
  }
  *ip = text;
}

// One accepted connection, read through a buffer that lives as long as the
// connection.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      AddressToText(address, &remote_ip_, &remote_port_);
    }
    length = sizeof(address);
    if (getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      AddressToText(address, &local_ip_, &local_port_);
    }
  }

  bool is_readable() const override {
    return begin_ < end_ || PollFor(sock_, POLLIN, read_timeout_ms_);
  }

  bool is_writable() const override { return PollFor(sock_, POLLOUT, write_timeout_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == end_) {
      const ssize_t received = Fill(read_timeout_ms_);
      if (received <= 0) return received;
    }
    const size_t count = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, count);
    begin_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (drop_requested_) return -1;
    size_t written = 0;
    while (written < size) {
      const ssize_t sent = send(sock_, ptr + written, size - written, MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        if ((errno == EAGAIN || errno == EWOULDBLOCK) && PollFor(sock_, POLLOUT, write_timeout_ms_)) continue;
        return -1;
      }
      written += static_cast<size_t>(sent);
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_ip_;
    port = local_port_;
  }

  socket_t socket() const override { return sock_; }

  // Waits up to `timeout_ms` for the next request to start arriving,
  // giving up early once `stopped` returns true.
  template <typename Stopped>
  bool WaitForRequest(int timeout_ms, const Stopped& stopped) const {
    if (begin_ < end_) return true;
    constexpr int kSliceMs = 100;
    for (int waited = 0; waited < timeout_ms && !stopped(); waited += kSliceMs) {
      pollfd descriptor{sock_, POLLIN, 0};
      const int ready = poll(&descriptor, 1, std::min(kSliceMs, timeout_ms - waited));
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return false;
    }
    return false;
  }

  void RequestDrop() { drop_requested_ = true; }
  void RequestClose() { close_requested_ = true; }
  bool drop_requested() const { return drop_requested_; }
  bool close_requested() const { return close_requested_; }

 private:
  // Refills the empty buffer: takes what the socket already holds without
  // waiting (the common case, which saves a poll per request), else waits
  // up to `timeout_ms`. Returns the bytes received, 0 at end of stream, -1
  // on error or timeout.
  ssize_t Fill(int timeout_ms) {
    ssize_t received = recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    while (received < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (errno != EINTR && !PollFor(sock_, POLLIN, timeout_ms)) return -1;
      received = recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    }
    if (received <= 0) return received;
    begin_ = 0;
    end_ = static_cast<size_t>(received);
    return received;
  }

  socket_t sock_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  std::array<char, 16384> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  std::string remote_ip_;
  int remote_port_ = -1;
  std::string local_ip_;
  int local_port_ = -1;
  bool drop_requested_ = false;
  bool close_requested_ = false;
};

// The connection whose request this thread is handling.
thread_local ConnectionStream* current_connection = nullptr;

}  // namespace

void ConnectionControl::DropWithoutResponse() {
  if (current_connection != nullptr) current_connection->RequestDrop();
}

void ConnectionControl::CloseAfterResponse() {
  if (current_connection != nullptr) current_connection->RequestClose();
}

void SandboxHttpServer::SetListenBacklog(int backlog) {
  // Calling listen() again on a listening socket only changes its backlog.
  if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, backlog);
}

bool SandboxHttpServer::process_and_close_socket(socket_t sock) {
  const int enable = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &enable, sizeof(enable));
  ConnectionStream stream(sock, ToMilliseconds(read_timeout_sec_, read_timeout_usec_),
                          ToMilliseconds(write_timeout_sec_, write_timeout_usec_));
  const auto stopped = [this] { return svr_sock_ == INVALID_SOCKET; };
  const int keep_alive_ms = ToMilliseconds(keep_alive_timeout_sec_, 0);
  bool ok = true;
  for (size_t remaining = keep_alive_max_count_; remaining > 0; --remaining) {
    if (!stream.WaitForRequest(keep_alive_ms, stopped)) break;
    bool connection_closed = false;
    current_connection = &stream;
    ok = process_request(stream, /*close_connection=*/remaining == 1 || stopped(), connection_closed,
                         nullptr);
    current_connection = nullptr;
    if (!ok || connection_closed || stream.drop_requested() || stream.close_requested()) break;
  }
  if (stream.drop_requested()) {
    // A zero linger time makes close() reset the connection, as a crashed
    // server or a failing load balancer would.
    const linger abort_on_close{1, 0};
    setsockopt(sock, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
  } else {
    shutdown(sock, SHUT_RDWR);
  }
  close(sock);
  return ok;
}

}  // namespace odmcp::sandbox
