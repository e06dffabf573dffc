#include "tests/integration/http_client/loopback_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <utility>

#include "gtest/gtest.h"

namespace odmcp::testing {

LoopbackServer::LoopbackServer() : LoopbackServer(std::make_unique<httplib::Server>(), false) {}

LoopbackServer::LoopbackServer(const std::string& cert_file, const std::string& key_file)
    : LoopbackServer(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str()), true) {}

LoopbackServer::LoopbackServer(std::unique_ptr<httplib::Server> server, bool https)
    : server_(std::move(server)), https_(https) {
  if (!server_->is_valid()) {
    ADD_FAILURE() << "the TLS server could not load its certificate";
    std::abort();
  }
  // Routes run on the pool's threads, and each open keep-alive connection
  // holds one: the default of 8 would queue the concurrent tests.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  server_->set_keep_alive_max_count(1000);
  // Otherwise each response waits ~40 ms for the delayed ACK of its headers.
  server_->set_tcp_nodelay(true);
  server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
    requests_.fetch_add(1);
    std::lock_guard<std::mutex> lock(mutex_);
    client_ports_.insert(request.remote_port);
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

LoopbackServer::~LoopbackServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void LoopbackServer::Start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    ADD_FAILURE() << "could not bind a loopback port";
    std::abort();
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string LoopbackServer::Url(const std::string& path) const {
  return std::string(https_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

size_t LoopbackServer::connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return client_ports_.size();
}

int UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "could not find a free port";
  }
  close(fd);
  return ntohs(address.sin_port);
}

HttpRequest Get(const std::string& url) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  return request;
}

HttpClientOptions FastRetries() {
  HttpClientOptions options;
  options.backoff_base_ms = 1;
  options.backoff_cap_ms = 5;
  return options;
}

}  // namespace odmcp::testing
