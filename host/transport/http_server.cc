#include "host/transport/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <sys/socket.h>

#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "host/protocol/http_exchange.h"
#include "host/services/log.h"
#include "host/transport/http_connection.h"
#include "host/transport/io_pool.h"
#include "host/transport/tls_context.h"

namespace odmcp {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// How long accepting pauses when the process is out of file descriptors.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

// Sends a refusal on a connection that will not be served, without waiting:
// the socket is new, so its send buffer has room for a short response. What
// the client already sent is read and dropped first, so that closing does
// not reset the connection before the refusal is read.
void RefuseAtOnce(tcp::socket::native_handle_type fd, const HttpAnswer& response) {
  std::string reply = "HTTP/1.1 " + std::to_string(response.status) + " Refused\r\n";
  for (const auto& [name, value] : response.headers) reply += name + ": " + value + "\r\n";
  if (!response.content_type.empty()) reply += "Content-Type: " + response.content_type + "\r\n";
  reply += "Content-Length: " + std::to_string(response.body.size()) +
           "\r\nConnection: close\r\n\r\n" + response.body;
  char drain[4096];
  while (::recv(fd, drain, sizeof drain, MSG_DONTWAIT) > 0) {
  }
  [[maybe_unused]] ssize_t sent = ::send(fd, reply.data(), reply.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
}

}  // namespace

class HttpServer::Impl final : public ConnectionRegistry,
                               public std::enable_shared_from_this<HttpServer::Impl> {
 public:
  Impl(IoPool& pool, HttpHandler& handler, HttpServerOptions options)
      : pool_(pool),
        handler_(handler),
        options_(std::move(options)),
        acceptor_(pool.context()),
        sweep_timer_(pool.context()),
        backoff_timer_(pool.context()) {}

  // --- ConnectionRegistry ------------------------------------------------------
  const HttpLimits& limits() const override { return options_.limits; }
  HttpHandler& handler() override { return handler_; }
  IoPool& pool() override { return pool_; }
  bool stopping() const override { return stopping_.load(); }
  void ExchangeStarted() override { exchanges_.fetch_add(1); }
  void ExchangeEnded() override {
    if (exchanges_.fetch_sub(1) == 1) {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    }
  }

  Result<int> Bind() {
    if (!options_.tls_cert.empty() || !options_.tls_key.empty()) {
      if (options_.tls_cert.empty() || options_.tls_key.empty()) {
        return Error{"http.tls_cert and http.tls_key must be set together"};
      }
      Result<std::unique_ptr<TlsContext>> tls = TlsContext::Load(options_.tls_cert, options_.tls_key);
      if (!tls.ok()) return Error{tls.error()};
      tls_ = std::move(tls).value();
    }
    boost::system::error_code ec;
    tcp::resolver resolver(pool_.context());
    auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      return Error{"cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                   ": " + (ec ? ec.message() : "no such address")};
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error{"cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                   " (" + ec.message() + "; address in use, or not an address of this machine?)"};
    }
    port_ = acceptor_.local_endpoint().port();
    return port_;
  }

  void Serve() {
    asio::post(pool_.context(), [self = shared_from_this()] {
      if (self->stopping_.load()) return;
      self->Accept();
      self->Sweep();
    });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stopped_ && connections_.empty(); });
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    asio::post(pool_.context(), [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor_.close(ignored);
      self->backoff_timer_.cancel();
    });
    handler_.EndStreams();
    ForEachConnection([](const std::shared_ptr<HttpConnectionBase>& c) { c->CloseIfIdle(); });
    {
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, options_.limits.shutdown_grace,
                        [this] { return exchanges_.load() == 0; });
    }
    ForEachConnection([](const std::shared_ptr<HttpConnectionBase>& c) { c->Close(); });
    asio::post(pool_.context(), [self = shared_from_this()] { self->sweep_timer_.cancel(); });
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
  }

  Result<bool> ReloadCertificate() {
    if (tls_ == nullptr) return true;
    return tls_->Reload();
  }

  std::string origin() const {
    std::string host = options_.host.find(':') != std::string::npos ? "[" + options_.host + "]"
                                                                      : options_.host;
    return std::string(tls_ ? "https" : "http") + "://" + host + ":" + std::to_string(port_);
  }

  size_t connections() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
  }

  void Remove(HttpConnectionBase* connection) override {
    std::lock_guard lock(mutex_);
    connections_.erase(connection);
    auto it = per_address_.find(connection->peer());
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    if (connections_.empty()) changed_.notify_all();
  }

 private:
  void Accept() {
    acceptor_.async_accept(
        asio::make_strand(pool_.context()),
        [self = shared_from_this()](boost::system::error_code ec, TcpSocket socket) {
          self->OnAccept(ec, std::move(socket));
        });
  }

  void OnAccept(boost::system::error_code ec, TcpSocket socket) {
    if (stopping_.load() || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors (or another transient failure): pause, so
      // that the failure does not spin, and try again.
      HostLog().Warning("accepting a connection failed", {{"error", ec.message()}});
      backoff_timer_.expires_after(kAcceptBackoff);
      backoff_timer_.async_wait([self = shared_from_this()](boost::system::error_code e) {
        if (!e) self->Accept();
      });
      return;
    }
    Admit(std::move(socket));
    Accept();
  }

  void Admit(TcpSocket socket) {
    boost::system::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;  // already gone
    socket.set_option(tcp::no_delay(true), ec);
    std::string peer = remote.address().to_string();
    std::optional<TransportRefusal> refusal;
    {
      std::lock_guard lock(mutex_);
      size_t& from_peer = per_address_[peer];
      if (connections_.size() >= options_.limits.max_connections) {
        refusal = TransportRefusal::kTooManyConnections;
      } else if (from_peer >= options_.limits.max_connections_per_address) {
        refusal = TransportRefusal::kTooManyFromAddress;
      } else {
        ++from_peer;
      }
      if (refusal && from_peer == 0) per_address_.erase(peer);
    }
    if (refusal) {
      RefuseAtOnce(socket.native_handle(), handler_.Refuse(*refusal));
      return;
    }
    std::shared_ptr<HttpConnectionBase> connection;
    if (tls_ != nullptr) {
      std::shared_ptr<asio::ssl::context> context = tls_->current();
      connection = std::make_shared<HttpConnection<TlsSocket>>(
          shared_from_this(), TlsSocket(std::move(socket), *context), peer, context);
    } else {
      connection = std::make_shared<HttpConnection<TcpSocket>>(shared_from_this(),
                                                               std::move(socket), peer, nullptr);
    }
    {
      std::lock_guard lock(mutex_);
      connections_.insert(connection.get());
    }
    connection->Start();
  }

  // Closes connections past their deadline, and sends quiet streams their
  // idle bytes.
  void Sweep() {
    const int64_t now = SteadyMillis();
    ForEachConnection([now](const std::shared_ptr<HttpConnectionBase>& c) {
      const int64_t deadline = c->deadline_ms();
      const int64_t idle = c->idle_write_ms();
      if (deadline != 0 && now >= deadline) {
        c->ExpireIfDue();
      } else if (idle != 0 && now >= idle) {
        c->SendIdleBytesIfDue();
      }
    });
    if (stopped_flag()) return;
    sweep_timer_.expires_after(kSweepPeriod);
    sweep_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->Sweep();
    });
  }

  bool stopped_flag() {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

  template <class Fn>
  void ForEachConnection(Fn fn) {
    std::vector<std::shared_ptr<HttpConnectionBase>> live;
    {
      std::lock_guard lock(mutex_);
      live.reserve(connections_.size());
      for (HttpConnectionBase* c : connections_) {
        if (std::shared_ptr<HttpConnectionBase> alive = c->weak_from_this().lock()) {
          live.push_back(std::move(alive));
        }
      }
    }
    for (const auto& c : live) fn(c);
  }

  IoPool& pool_;
  HttpHandler& handler_;
  const HttpServerOptions options_;
  std::unique_ptr<TlsContext> tls_;
  tcp::acceptor acceptor_;
  asio::steady_timer sweep_timer_;
  asio::steady_timer backoff_timer_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> exchanges_{0};

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;
  std::unordered_set<HttpConnectionBase*> connections_;
  std::unordered_map<std::string, size_t> per_address_;
};

HttpServer::HttpServer(IoPool& pool, HttpHandler& handler, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(pool, handler, std::move(options))) {}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::Bind() { return impl_->Bind(); }
void HttpServer::Serve() { impl_->Serve(); }
void HttpServer::Stop() { impl_->Stop(); }
Result<bool> HttpServer::ReloadCertificate() { return impl_->ReloadCertificate(); }
std::string HttpServer::origin() const { return impl_->origin(); }
size_t HttpServer::connections() const { return impl_->connections(); }

}  // namespace odmcp
