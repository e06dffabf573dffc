#include "host/services/http_client/connection_pool.h"

#include <openssl/x509.h>

#include <cstddef>
#include <utility>

#include "host/services/http_client/tcp_connect.h"

namespace odmcp {

// A cpp-httplib client (plain or TLS) whose TCP connect is ours, so that a
// failed connect says why and every connection opened is counted when it
// is opened. cpp-httplib still does everything after the connect,
// including the TLS handshake and its verification.
template <typename Base>
class ConnectingClient final : public Base {
 public:
  ConnectingClient(Connection* owner, const std::string& host, int port) : Base(host, port), owner_(owner) {}

 private:
  bool create_and_connect_socket(httplib::ClientImpl::Socket& socket, httplib::Error& error) override {
    if (!this->is_valid()) {
      owner_->last_connect_failure_ = "the TLS context could not be created";
      error = httplib::Error::Connection;
      return false;
    }
    const int fd = owner_->Connect(this->host_, this->port_);
    if (fd < 0) {
      error = httplib::Error::Connection;
      return false;
    }
    socket.sock = fd;
    return true;
  }

  Connection* const owner_;
};

Connection::Connection(const HttpUrl& origin, const std::string& ca_file,
                       std::atomic<uint64_t>* connections_opened, bool public_addresses_only)
    : origin_(origin.Origin()),
      https_(origin.https()),
      connections_opened_(connections_opened),
      public_addresses_only_(public_addresses_only) {
  if (https_) {
    auto client = std::make_unique<ConnectingClient<httplib::SSLClient>>(this, origin.host, origin.port);
    // On by default in cpp-httplib 0.11; stated so that no default can
    // ever turn it off.
    client->enable_server_certificate_verification(true);
    if (!ca_file.empty()) client->set_ca_cert_path(ca_file);
    client_ = std::move(client);
  } else {
    client_ = std::make_unique<ConnectingClient<httplib::ClientImpl>>(this, origin.host, origin.port);
  }
  client_->set_keep_alive(true);
  // The caller's target is sent as given (url.cc has encoded what must
  // be); cpp-httplib's own encoding would turn a query's '+' into %2B.
  client_->set_url_encode(false);
  client_->set_follow_location(false);
  // TCP_NODELAY is set by ConnectTcp: this client never creates sockets
  // itself, so its set_tcp_nodelay() would have no effect.
}

Connection::~Connection() = default;

void Connection::set_connect_timeout_ms(int64_t timeout_ms) { connect_timeout_ms_ = timeout_ms; }

int Connection::Connect(const std::string& host, int port) {
  const int fd =
      ConnectTcp(host, port, connect_timeout_ms_, &last_connect_failure_, public_addresses_only_);
  if (fd >= 0) {
    ++connects_;
    connections_opened_->fetch_add(1, std::memory_order_relaxed);
  }
  return fd;
}

std::string Connection::VerifyResultText() const {
  if (!https_) return "";
  const long result = static_cast<const httplib::SSLClient&>(*client_).get_openssl_verify_result();
  if (result != X509_V_OK) return X509_verify_cert_error_string(result);
  // The chain was trusted, so cpp-httplib refused the certificate's names.
  return "certificate is not valid for this host name";
}

ConnectionPool::ConnectionPool(std::string ca_file, size_t max_idle_per_origin, int64_t max_idle_ms,
                               std::atomic<uint64_t>* connections_opened,
                               bool public_addresses_only)
    : ca_file_(std::move(ca_file)),
      public_addresses_only_(public_addresses_only),
      max_idle_per_origin_(max_idle_per_origin),
      max_idle_(max_idle_ms),
      connections_opened_(connections_opened) {}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<Connection> ConnectionPool::Acquire(const HttpUrl& url, bool allow_reuse) {
  const std::string origin = url.Origin();
  std::vector<std::unique_ptr<Connection>> expired;  // closed outside the lock
  std::unique_ptr<Connection> reused;
  if (allow_reuse) {
    MutexLock lock(&mutex_);
    const auto it = idle_.find(origin);
    if (it != idle_.end()) {
      std::vector<std::unique_ptr<Connection>>& list = it->second;
      const auto now = std::chrono::steady_clock::now();
      size_t fresh_from = 0;
      while (fresh_from < list.size() && now - list[fresh_from]->idle_since() > max_idle_) ++fresh_from;
      for (size_t i = 0; i < fresh_from; ++i) expired.push_back(std::move(list[i]));
      list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(fresh_from));
      if (!list.empty()) {
        reused = std::move(list.back());
        list.pop_back();
      }
      if (list.empty()) idle_.erase(it);
    }
  }
  if (reused) return reused;
  return std::make_unique<Connection>(url, ca_file_, connections_opened_, public_addresses_only_);
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  if (max_idle_per_origin_ == 0 || !connection->is_open()) return;
  connection->mark_idle();
  std::unique_ptr<Connection> evicted;  // closed outside the lock
  MutexLock lock(&mutex_);
  std::vector<std::unique_ptr<Connection>>& list = idle_[connection->origin()];
  if (list.size() >= max_idle_per_origin_) {
    evicted = std::move(list.front());
    list.erase(list.begin());
  }
  list.push_back(std::move(connection));
}

}  // namespace odmcp
