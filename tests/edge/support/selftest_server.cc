#include "tests/edge/support/selftest_server.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <utility>

namespace odmcp::testing::edge {

using boost::asio::ip::tcp;

struct SelftestServer::Session {
  explicit Session(tcp::socket accepted)
      : socket(std::move(accepted)), header_timer(socket.get_executor()) {}

  tcp::socket socket;
  boost::asio::steady_timer header_timer;
  std::string header;
  bool answered = false;
  bool ended = false;
  std::list<std::shared_ptr<Session>>::iterator position;  // in sessions_
  std::array<char, 1024> buffer;
};

SelftestServer::SelftestServer(std::chrono::milliseconds header_deadline)
    : acceptor_(io_.context(), tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
      header_deadline_(header_deadline),
      port_(acceptor_.local_endpoint().port()) {
  io_.RunAndWait([this] { Accept(); });
}

SelftestServer::~SelftestServer() {
  io_.RunAndWait([this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (const auto& session : sessions_) {
      session->ended = true;
      session->header_timer.cancel();
      session->socket.close(ignored);
    }
    sessions_.clear();
  });
  io_.Stop();
}

size_t SelftestServer::LiveConnections() const {
  std::lock_guard lock(mutex_);
  return live_;
}

size_t SelftestServer::ResetsSeen() const {
  std::lock_guard lock(mutex_);
  return resets_;
}

std::map<std::string, size_t> SelftestServer::AcceptedPerAddress() const {
  std::lock_guard lock(mutex_);
  return accepted_per_address_;
}

void SelftestServer::Broadcast(std::string bytes) {
  auto shared = std::make_shared<const std::string>(std::move(bytes));
  io_.RunAndWait([this, shared] {
    for (const auto& session : sessions_) {
      if (!session->answered) continue;
      boost::asio::async_write(session->socket, boost::asio::buffer(*shared),
                               [shared](boost::system::error_code, size_t) {});
    }
  });
}

void SelftestServer::Accept() {
  acceptor_.async_accept([this](boost::system::error_code error, tcp::socket socket) {
    if (error == boost::asio::error::operation_aborted) return;
    if (!error) {
      boost::system::error_code endpoint_error;
      const tcp::endpoint peer = socket.remote_endpoint(endpoint_error);
      {
        std::lock_guard lock(mutex_);
        ++live_;
        ++accepted_per_address_[peer.address().to_string()];
      }
      auto session = std::make_shared<Session>(std::move(socket));
      session->position = sessions_.insert(sessions_.end(), session);
      session->header_timer.expires_after(header_deadline_);
      session->header_timer.async_wait([this, session](boost::system::error_code timer_error) {
        if (!timer_error && !session->answered) End(session, {});
      });
      ReadHeader(session);
    }
    Accept();
  });
}

// Reads until the header is complete, answers it, then keeps reading (and
// discarding) so the client's close or reset is seen.
void SelftestServer::ReadHeader(const std::shared_ptr<Session>& session) {
  session->socket.async_read_some(
      boost::asio::buffer(session->buffer),
      [this, session](boost::system::error_code error, size_t size) {
        if (error) {
          End(session, error);
          return;
        }
        if (!session->answered) {
          session->header.append(session->buffer.data(), size);
          if (session->header.find("\r\n\r\n") != std::string::npos) {
            session->answered = true;
            session->header_timer.cancel();
            boost::asio::async_write(session->socket, boost::asio::buffer(kResponse),
                                     [](boost::system::error_code, size_t) {});
          }
        }
        ReadHeader(session);
      });
}

// Closes the session once, whether the client ended it (`error` from a read)
// or the header deadline did (no error).
void SelftestServer::End(const std::shared_ptr<Session>& session, boost::system::error_code error) {
  if (session->ended) return;
  session->ended = true;
  boost::system::error_code ignored;
  session->header_timer.cancel();
  session->socket.close(ignored);
  sessions_.erase(session->position);
  std::lock_guard lock(mutex_);
  --live_;
  if (error == boost::asio::error::connection_reset) ++resets_;
}

}  // namespace odmcp::testing::edge
