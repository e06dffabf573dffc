#include "host/transport/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <sys/socket.h>

#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

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
        strand_(asio::make_strand(pool.context())),
        acceptor_(strand_),
        sweep_timer_(strand_),
        backoff_timer_(strand_),
        times_(options_.limits.max_connections),
        owners_(options_.limits.max_connections, nullptr) {}

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

  StatusOr<int> Bind() {
    if (!options_.tls_cert.empty() || !options_.tls_key.empty()) {
      if (options_.tls_cert.empty() || options_.tls_key.empty()) {
        return Status(ODMCP_INVALID_ARGUMENT,
                      "http.tls_cert and http.tls_key must be set together");
      }
      StatusOr<std::unique_ptr<TlsContext>> tls =
          TlsContext::Load(options_.tls_cert, options_.tls_key);
      if (!tls.ok()) return tls.status();
      tls_ = std::move(tls).value();
    }
    boost::system::error_code ec;
    tcp::resolver resolver(pool_.context());
    auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      return Status(ODMCP_UNAVAILABLE, "cannot listen on " + options_.host + ":" +
                                           std::to_string(options_.port) + ": " +
                                           (ec ? ec.message() : "no such address"));
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status(ODMCP_UNAVAILABLE, "cannot listen on " + options_.host + ":" +
                                           std::to_string(options_.port) + " (" + ec.message() +
                                           "; address in use, or not an address of this machine?)");
    }
    port_ = acceptor_.local_endpoint().port();
    return port_;
  }

  void Serve() {
    asio::post(strand_, [self = shared_from_this()] {
      if (self->stopping_.load()) return;
      self->Accept();
      self->Sweep();
    });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stopped_ && open_ == 0; });
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    asio::post(strand_, [self = shared_from_this()] {
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
    asio::post(strand_, [self = shared_from_this()] { self->sweep_timer_.cancel(); });
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
  }

  StatusOr<bool> ReloadCertificate() {
    if (tls_ == nullptr) return true;
    return tls_->Reload();
  }

  size_t open_connections() {
    std::lock_guard lock(mutex_);
    return open_;
  }

  std::string origin() const {
    std::string host = options_.host.find(':') != std::string::npos ? "[" + options_.host + "]"
                                                                      : options_.host;
    return std::string(tls_ ? "https" : "http") + "://" + host + ":" + std::to_string(port_);
  }

  void Remove(HttpConnectionBase* connection) override {
    std::lock_guard lock(mutex_);
    const size_t slot = slot_of_.at(connection);
    slot_of_.erase(connection);
    owners_[slot] = nullptr;
    times_[slot].deadline_ms.store(0);
    times_[slot].idle_write_ms.store(0);
    free_slots_.push_back(slot);
    --open_;
    auto it = per_address_.find(connection->peer());
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
    if (open_ == 0) changed_.notify_all();
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
    size_t slot = 0;
    {
      std::lock_guard lock(mutex_);
      size_t& from_peer = per_address_[peer];
      if (open_ >= options_.limits.max_connections) {
        refusal = TransportRefusal::kTooManyConnections;
      } else if (from_peer >= options_.limits.max_connections_per_address) {
        refusal = TransportRefusal::kTooManyFromAddress;
      } else {
        ++from_peer;
        ++open_;
        slot = TakeSlotLocked();
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
          shared_from_this(), times_[slot], TlsSocket(std::move(socket), *context), peer, context);
    } else {
      connection = std::make_shared<HttpConnection<TcpSocket>>(
          shared_from_this(), times_[slot], std::move(socket), peer, nullptr);
    }
    {
      std::lock_guard lock(mutex_);
      owners_[slot] = connection.get();
      slot_of_[connection.get()] = slot;
    }
    connection->Start();
  }

  // A free place in times_ (mutex_ held; there is one for each of
  // max_connections).
  size_t TakeSlotLocked() {
    if (!free_slots_.empty()) {
      const size_t slot = free_slots_.back();
      free_slots_.pop_back();
      return slot;
    }
    return slots_used_++;
  }

  // Closes connections past their deadline, and sends quiet streams their
  // idle bytes: one pass over the packed times, then a look at the few
  // connections that are due.
  void Sweep() {
    const int64_t now = SteadyMillis();
    std::vector<std::shared_ptr<HttpConnectionBase>> expired;
    std::vector<std::shared_ptr<HttpConnectionBase>> idle;
    {
      std::lock_guard lock(mutex_);
      for (size_t slot = 0; slot < slots_used_; ++slot) {
        const int64_t deadline = times_[slot].deadline_ms.load(std::memory_order_relaxed);
        const int64_t idle_write = times_[slot].idle_write_ms.load(std::memory_order_relaxed);
        const bool due = deadline != 0 && now >= deadline;
        if (!due && (idle_write == 0 || now < idle_write)) continue;
        if (owners_[slot] == nullptr) continue;
        if (std::shared_ptr<HttpConnectionBase> c = owners_[slot]->weak_from_this().lock()) {
          (due ? expired : idle).push_back(std::move(c));
        }
      }
      if (stopped_) return;
    }
    for (const auto& c : expired) c->ExpireIfDue();
    for (const auto& c : idle) c->SendIdleBytesIfDue();
    sweep_timer_.expires_after(kSweepPeriod);
    sweep_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->Sweep();
    });
  }

  template <class Fn>
  void ForEachConnection(Fn fn) {
    std::vector<std::shared_ptr<HttpConnectionBase>> live;
    {
      std::lock_guard lock(mutex_);
      for (HttpConnectionBase* c : owners_) {
        if (c == nullptr) continue;
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
  // The acceptor and the timers are used only on this strand: a stop must
  // not close the acceptor while another thread accepts on it.
  asio::strand<asio::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  asio::steady_timer sweep_timer_;
  asio::steady_timer backoff_timer_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> exchanges_{0};

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;
  size_t open_ = 0;
  // Each connection's place: its times (packed, for the sweep; 16 bytes for
  // each of max_connections, allocated once so they never move) and itself.
  std::vector<ConnectionTimes> times_;
  std::vector<HttpConnectionBase*> owners_;
  size_t slots_used_ = 0;  // slots ever taken: the sweep looks at these
  std::vector<size_t> free_slots_;
  std::unordered_map<HttpConnectionBase*, size_t> slot_of_;
  std::unordered_map<std::string, size_t> per_address_;
};

HttpServer::HttpServer(IoPool& pool, HttpHandler& handler, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(pool, handler, std::move(options))) {}

HttpServer::~HttpServer() = default;

StatusOr<int> HttpServer::Bind() { return impl_->Bind(); }
void HttpServer::Serve() { impl_->Serve(); }
void HttpServer::Stop() { impl_->Stop(); }
StatusOr<bool> HttpServer::ReloadCertificate() { return impl_->ReloadCertificate(); }
std::string HttpServer::origin() const { return impl_->origin(); }

size_t HttpServer::open_connections() const { return impl_->open_connections(); }

}  // namespace odmcp
