// odmcp-floor-httplib: the floor of the host's former HTTP stack.
//
// A bare cpp-httplib server set up as the host's cpp-httplib transport was
// (an on-demand thread pool of up to 512 threads, TCP_NODELAY, keep-alive
// count and timeout, body limit, listen backlog) that answers every POST
// /mcp with one fixed tools/call result. Whatever a load generator gets
// from it is what that library and the machine give with no MCP work at
// all; bench/run shows it beside the Boost.Beast floor (floor_beast.cc),
// the floor of the host's current stack, so the two stacks can be compared.
//
//   odmcp-floor-httplib --listen 127.0.0.1:0 [--threads N]
//
// Prints its URL (http://HOST:PORT/mcp) as the first stdout line, then
// serves until SIGINT or SIGTERM.
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include "exit_on_signal.h"
#include "pool_task_queue.h"

namespace {

// The defaults of the host's cpp-httplib transport.
constexpr size_t kDefaultMaxThreads = 512;
constexpr time_t kKeepAliveTimeoutSeconds = 5;
constexpr size_t kMaxMessageBytes = 4 * 1024 * 1024;

constexpr const char* kReply =
    R"({"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}],)"
    R"("resultType":"complete"}})";
constexpr const char* kJsonContentType = "application/json; charset=utf-8";

// Raises the accept queue of the socket listening on `port` to the system's
// maximum. cpp-httplib 0.11 listens with a backlog of 5 and does not expose
// its socket: a burst of new connections overflows that queue, and the
// kernel then drops or resets some of them. The socket is found through
// /proc/self/fd by its local port; listening again on a listening socket
// only changes its backlog.
void WidenListenBacklog(int port) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* entry = readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    struct stat st;
    if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    int accepting = 0;
    socklen_t len = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || accepting == 0) {
      continue;
    }
    sockaddr_storage address{};
    socklen_t address_len = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_len) != 0) continue;
    int local_port = -1;
    if (address.ss_family == AF_INET) {
      local_port = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    } else if (address.ss_family == AF_INET6) {
      local_port = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    }
    if (local_port == port) listen(fd, SOMAXCONN);
  }
  closedir(dir);
}

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "odmcp-floor-httplib: %s\n"
               "usage: odmcp-floor-httplib --listen HOST:PORT [--threads N]\n",
               problem.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen;
  size_t max_threads = kDefaultMaxThreads;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) Usage("missing value after " + std::string(arg));
    if (arg == "--listen") {
      listen = argv[++i];
    } else if (arg == "--threads") {
      max_threads = std::strtoul(argv[++i], nullptr, 10);
      if (max_threads < 2) Usage("--threads must be at least 2");
    } else {
      Usage("unknown argument " + std::string(arg));
    }
  }
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) Usage("--listen HOST:PORT is required");
  const std::string host = listen.substr(0, colon);
  const int port = std::atoi(listen.c_str() + colon + 1);

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
  server.set_payload_max_length(kMaxMessageBytes);
  server.new_task_queue = [max_threads] { return new odmcp::PoolTaskQueue(max_threads); };
  server.Post("/mcp", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kReply, kJsonContentType);
  });

  const int bound = port == 0 ? server.bind_to_any_port(host)
                              : (server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    std::fprintf(stderr, "odmcp-floor-httplib: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  WidenListenBacklog(bound);
  std::printf("http://%s:%d/mcp\n", host.c_str(), bound);
  std::fflush(stdout);

  ExitOnStopSignal();

  server.listen_after_bind();
  std::fprintf(stderr, "odmcp-floor-httplib: the server stopped unexpectedly\n");
  return 1;
}
