#include "host/services/http_client/tcp_connect.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace odmcp {
namespace {

using Clock = std::chrono::steady_clock;

std::string Reason(int error) {
  switch (error) {
    case ECONNREFUSED:
      return "connection refused";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    case ECONNRESET:
      return "connection reset";
    default:
      return std::strerror(error);
  }
}

bool SetBlocking(int fd, bool blocking) {
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0) return false;
  return fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) == 0;
}

// Connects `fd` to `address` by `deadline`. Returns 0 or an errno value
// (ETIMEDOUT when the deadline passes first).
int ConnectOne(int fd, const addrinfo& address, Clock::time_point deadline) {
  if (!SetBlocking(fd, false)) return errno;
  if (connect(fd, address.ai_addr, address.ai_addrlen) == 0) return SetBlocking(fd, true) ? 0 : errno;
  if (errno != EINPROGRESS) return errno;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return ETIMEDOUT;
    pollfd descriptor{fd, POLLOUT, 0};
    const int ready = poll(&descriptor, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return errno;
    if (ready == 0) return ETIMEDOUT;
    break;
  }
  int error = 0;
  socklen_t length = sizeof(error);
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  if (error != 0) return error;
  return SetBlocking(fd, true) ? 0 : errno;
}

}  // namespace

int ConnectTcp(const std::string& host, int port, int64_t timeout_ms, std::string* failure) {
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* resolved = nullptr;
  const int lookup = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &resolved);
  if (lookup != 0 || resolved == nullptr) {
    *failure = std::string("could not resolve host (") + gai_strerror(lookup) + ")";
    return -1;
  }
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(resolved, &freeaddrinfo);

  int last_error = ETIMEDOUT;
  for (const addrinfo* address = resolved; address != nullptr; address = address->ai_next) {
    if (Clock::now() >= deadline) break;
    const int fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    last_error = ConnectOne(fd, *address, deadline);
    if (last_error == 0) {
      const int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
      return fd;
    }
    close(fd);
  }
  *failure = last_error == ETIMEDOUT ? "timed out after " + std::to_string(timeout_ms) + " ms" : Reason(last_error);
  return -1;
}

}  // namespace odmcp
