// One HTTP connection of HttpServer (http_server.h), plain or TLS: the
// state machine that reads requests with Boost.Beast, hands them to the
// HttpHandler, and writes what it answers. Internal to the HTTP transport.
//
//   handshake (TLS) -> await -> head -> [screen] -> body -> exchange -> await ...
//
// Every step runs on the connection's strand. Deadlines are not timers of
// the connection's own: it publishes the time by which its current step must
// finish (deadline_ms), and the server's sweep closes it when that passes.
#ifndef ODMCP_HOST_TRANSPORT_HTTP_CONNECTION_H_
#define ODMCP_HOST_TRANSPORT_HTTP_CONNECTION_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/common/clock.h"
#include "host/protocol/http_exchange.h"
#include "host/transport/http_server.h"

namespace odmcp {

class HttpConnectionBase;
class IoPool;

using TcpSocket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp,
                                     boost::asio::strand<boost::asio::io_context::executor_type>>;
using TlsSocket = boost::asio::ssl::stream<TcpSocket>;

// Where a connection publishes the times the server's sweep acts on. The
// server keeps them packed together, so that a sweep over ten thousand
// connections reads a few hundred kilobytes rather than ten thousand
// scattered objects.
struct ConnectionTimes {
  std::atomic<int64_t> deadline_ms{0};    // close the connection if this passes; 0: none
  std::atomic<int64_t> idle_write_ms{0};  // a quiet stream's filler is due; 0: none
};

// What the connections of one server share, and how they report back to it.
class ConnectionRegistry {
 public:
  virtual ~ConnectionRegistry() = default;
  virtual const HttpLimits& limits() const = 0;
  virtual HttpHandler& handler() = 0;
  virtual IoPool& pool() = 0;
  virtual bool stopping() const = 0;
  // A request was handed to the handler / its response has ended.
  virtual void ExchangeStarted() = 0;
  virtual void ExchangeEnded() = 0;
  // The connection is being destroyed.
  virtual void Remove(HttpConnectionBase* connection) = 0;
};

// What a connection tells the exchange in progress.
class ExchangeWatcher {
 public:
  virtual ~ExchangeWatcher() = default;
  // The client left before the response ended. On the connection's strand.
  virtual void ClientLeft() = 0;
};

// The part of a connection the server and its exchanges see.
class HttpConnectionBase : public std::enable_shared_from_this<HttpConnectionBase> {
 public:
  // The registry stays while any of its connections does; `times` is the
  // connection's place in it. `keep` is held until the connection is gone
  // (its TLS context, which must outlive the stream).
  HttpConnectionBase(std::shared_ptr<ConnectionRegistry> registry, ConnectionTimes& times,
                     std::string peer, std::shared_ptr<void> keep)
      : keep_(std::move(keep)),
        registry_owner_(std::move(registry)),
        registry_(*registry_owner_),
        times_(times),
        peer_(std::move(peer)) {}
  virtual ~HttpConnectionBase() { registry_.Remove(this); }
  HttpConnectionBase(const HttpConnectionBase&) = delete;
  HttpConnectionBase& operator=(const HttpConnectionBase&) = delete;

  virtual void Start() = 0;
  const std::string& peer() const { return peer_; }

  int64_t deadline_ms() const { return times_.deadline_ms.load(std::memory_order_relaxed); }
  int64_t idle_write_ms() const { return times_.idle_write_ms.load(std::memory_order_relaxed); }
  // From the sweep and from Stop(), on any thread; each runs on the strand
  // and looks at the state again there.
  virtual void ExpireIfDue() = 0;        // closes it if its deadline passed
  virtual void SendIdleBytesIfDue() = 0;  // a quiet stream's filler
  virtual void Close() = 0;
  virtual void CloseIfIdle() = 0;         // unless a request is being answered

  // From the current exchange (any thread; `serial` names the exchange, so
  // that a late call from an earlier one is ignored).
  virtual void Respond(uint64_t serial, HttpAnswer response, AccessNote note) = 0;
  virtual void StartStream(uint64_t serial, int status, StreamOptions options, AccessNote note) = 0;
  virtual bool QueueChunk(uint64_t serial, std::string bytes) = 0;
  virtual void EndStream(uint64_t serial) = 0;

 protected:
  void set_deadline(std::chrono::steady_clock::duration from_now);
  void clear_deadline() { times_.deadline_ms.store(0, std::memory_order_relaxed); }
  void set_idle_write(int64_t at_ms) { times_.idle_write_ms.store(at_ms, std::memory_order_relaxed); }

  const std::shared_ptr<void> keep_;
  const std::shared_ptr<ConnectionRegistry> registry_owner_;
  ConnectionRegistry& registry_;
  ConnectionTimes& times_;
  const std::string peer_;
};

template <class Stream>
class HttpConnection final : public HttpConnectionBase {
 public:
  HttpConnection(std::shared_ptr<ConnectionRegistry> registry, ConnectionTimes& times,
                 Stream stream, std::string peer, std::shared_ptr<void> keep);
  ~HttpConnection() override;

  void Start() override;
  void ExpireIfDue() override;
  void SendIdleBytesIfDue() override;
  void Close() override;
  void CloseIfIdle() override;
  void Respond(uint64_t serial, HttpAnswer response, AccessNote note) override;
  void StartStream(uint64_t serial, int status, StreamOptions options, AccessNote note) override;
  bool QueueChunk(uint64_t serial, std::string bytes) override;
  void EndStream(uint64_t serial) override;

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  enum class Phase { kHandshake, kAwait, kHead, kBody, kExchange, kLinger, kClosed };

  // One write, in the order queued.
  struct Output {
    enum class Kind { kContinue, kResponse, kStreamHead, kChunk, kStreamEnd } kind;
    std::unique_ptr<boost::beast::http::response<boost::beast::http::string_body>> response;
    std::unique_ptr<boost::beast::http::response<boost::beast::http::empty_body>> head;
    std::string bytes;
  };

  std::shared_ptr<HttpConnection> self() {
    return std::static_pointer_cast<HttpConnection>(shared_from_this());
  }
  TcpSocket& socket();
  auto executor() { return socket().get_executor(); }
  // Runs `fn` on the connection's strand: at once if this thread is in it,
  // else after the caller's current handler returns (see the definition).
  template <class Fn>
  void Finally(Fn fn);

  void Handshake();
  void Await();
  void ReadHead();
  void OnHead(boost::system::error_code ec);
  void ReadBody();
  void OnBody(boost::system::error_code ec);
  void StartExchange();
  // Reads while an exchange runs: to notice a client that leaves, and to
  // keep the next request's first bytes.
  void Watch();
  // Reads what the client sends next into buffer_, for OnRead; while an
  // exchange runs, only looks (Peek) whether the client is still there.
  void ReadSoon();
  void Peek();
  void OnRead(boost::system::error_code ec, size_t bytes);
  void EndExchange();
  // Answers a failed read of a request (closes quietly if the client ended
  // the connection, refuses what it cannot read); false if `ec` is no
  // failure.
  bool ReadFailed(boost::system::error_code ec);
  void Refuse(TransportRefusal why, bool body_unread);
  // Queues a whole response; `close`: close the connection after it.
  void SendFinal(HttpAnswer response, bool close);
  void Queue(Output output);
  void WriteNext();
  void OnWritten(boost::system::error_code ec);
  // After a final response: stop sending, drain a little of what the client
  // still sends (so the close is not a reset that could destroy the
  // response in flight), then close.
  void Linger();
  void Shut();
  void ClientGone();
  void OnDeadline();
  void OnStreamIdle();
  void CloseNow();
  // The record of the request in progress: begun when its head is read (or
  // a refusal is sent without one), handed to HttpHandler::Completed once.
  void BeginRecord(std::string_view method, std::string_view target);
  void FinishRecord(bool completed);

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  Phase phase_ = Phase::kHandshake;
  bool reading_ = false;
  bool writing_ = false;
  bool close_after_write_ = false;
  bool keep_alive_ = true;
  bool head_deadline_set_ = false;  // the current request's header deadline runs
  size_t lingered_bytes_ = 0;
  std::atomic<bool> dead_{false};   // closed, or its client left: writes fail

  // The exchange in progress.
  uint64_t serial_ = 0;
  bool exchange_open_ = false;  // handed to the handler, response not yet ended
  bool answered_ = false;
  bool streaming_ = false;
  bool chunked_ = true;
  bool client_gone_ = false;
  std::string idle_bytes_;
  std::chrono::seconds idle_interval_{0};
  std::weak_ptr<ExchangeWatcher> watcher_;  // the exchange in progress
  std::atomic<size_t> queued_bytes_{0};

  // The request being recorded (BeginRecord .. FinishRecord).
  bool recording_ = false;
  std::chrono::steady_clock::time_point record_start_;
  std::string record_method_;
  std::string record_path_;
  int record_status_ = 0;
  uint64_t record_bytes_in_ = 0;
  uint64_t record_bytes_out_ = 0;
  std::optional<AccessNote> record_note_;

  std::deque<Output> outputs_;
  Output writing_output_;
  std::string chunk_;  // the chunk being written
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>> head_writer_;
};

extern template class HttpConnection<TcpSocket>;
extern template class HttpConnection<TlsSocket>;

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_HTTP_CONNECTION_H_
