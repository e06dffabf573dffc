#include "host/transport/server_sockets.h"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>
#include <functional>

namespace odmcp {
namespace {

// Calls `fn` with every socket of this process whose local port is `port`
// and that is listening (or not, as `listening` says).
void ForEachSocketOnPort(int port, bool listening, const std::function<void(int fd)>& fn) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* entry = readdir(dir)) {
    int fd = std::atoi(entry->d_name);
    struct stat st;
    if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    int accepting = 0;
    socklen_t len = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0) continue;
    if ((accepting != 0) != listening) continue;
    sockaddr_storage address{};
    socklen_t address_len = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_len) != 0) continue;
    int local_port = -1;
    if (address.ss_family == AF_INET) {
      local_port = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    } else if (address.ss_family == AF_INET6) {
      local_port = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    }
    if (local_port == port) fn(fd);
  }
  closedir(dir);
}

}  // namespace

void WidenListenBacklog(int port) {
  ForEachSocketOnPort(port, /*listening=*/true, [](int fd) { listen(fd, SOMAXCONN); });
}

void ShutDownAcceptedConnections(int port) {
  ForEachSocketOnPort(port, /*listening=*/false, [](int fd) { shutdown(fd, SHUT_RDWR); });
}

}  // namespace odmcp
