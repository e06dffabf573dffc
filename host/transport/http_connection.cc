#include "host/transport/http_connection.h"

#include <boost/asio/defer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <mutex>
#include <string_view>
#include <type_traits>

#include "host/transport/io_pool.h"

namespace odmcp {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

// Bytes read at a time while waiting for a request or watching a client.
constexpr size_t kReadChunk = 4096;
// After a final response: how long, and how much of what the client still
// sends, the connection drains before it closes.
constexpr std::chrono::seconds kLingerTime{1};
constexpr size_t kMaxLingerBytes = 64 * 1024;

std::string_view View(beast::string_view s) { return std::string_view(s.data(), s.size()); }

// A request's header fields, as the protocol layer reads them.
class BeastHeaders final : public HttpHeaders {
 public:
  explicit BeastHeaders(const http::fields& fields) : fields_(fields) {}
  std::optional<std::string_view> Find(std::string_view name) const override {
    auto it = fields_.find(beast::string_view(name.data(), name.size()));
    if (it == fields_.end()) return std::nullopt;
    return View(it->value());
  }
  std::vector<std::string_view> FindAll(std::string_view name) const override {
    std::vector<std::string_view> lines;
    const auto [first, last] = fields_.equal_range(beast::string_view(name.data(), name.size()));
    for (auto it = first; it != last; ++it) lines.push_back(View(it->value()));
    return lines;
  }

 private:
  const http::fields& fields_;
};

// A request's head as the protocol layer reads it.
HttpRequestHead HeadOf(const http::request<http::string_body>& request, const HttpHeaders& headers,
                       std::string_view peer, bool secure) {
  HttpRequestHead head;
  head.method = View(request.method_string());
  head.target = View(request.target());
  head.headers = &headers;
  head.peer_address = peer;
  head.secure = secure;
  return head;
}

// The client ended the connection, or it broke: nothing to answer.
bool ClientEnded(boost::system::error_code ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset;
}

// One request handed to the handler. It owns the request (the head's views
// point into it) and forwards answers to its connection, which ignores
// them once a later exchange has begun.
class ConnectionExchange final : public HttpExchange,
                                 public ResponseStream,
                                 public ExchangeWatcher,
                                 public std::enable_shared_from_this<ConnectionExchange> {
 public:
  ConnectionExchange(std::shared_ptr<HttpConnectionBase> connection, HttpHandler& handler,
                     uint64_t serial, http::request<http::string_body> request, bool secure)
      : connection_(std::move(connection)),
        handler_(handler),
        serial_(serial),
        request_(std::move(request)),
        headers_(request_),
        head_(HeadOf(request_, headers_, connection_->peer(), secure)) {}

  ~ConnectionExchange() override {
    if (!answered_.load()) {
      connection_->Respond(serial_, handler_.Refuse(TransportRefusal::kUnanswered), TakeNote());
    } else if (streaming_ && !ended_.load()) {
      connection_->EndStream(serial_);
    }
  }

  const HttpRequestHead& head() const override { return head_; }
  std::string_view body() const override { return request_.body(); }

  void Respond(HttpAnswer response) override {
    if (answered_.exchange(true)) return;
    connection_->Respond(serial_, std::move(response), TakeNote());
  }

  std::shared_ptr<ResponseStream> Stream(int status, StreamOptions options) override {
    if (answered_.exchange(true)) return nullptr;
    streaming_ = true;
    connection_->StartStream(serial_, status, std::move(options), TakeNote());
    return std::shared_ptr<ResponseStream>(shared_from_this(), static_cast<ResponseStream*>(this));
  }

  bool Write(std::string bytes) override {
    if (ended_.load()) return false;
    return connection_->QueueChunk(serial_, std::move(bytes));
  }

  void End() override {
    if (ended_.exchange(true)) return;
    connection_->EndStream(serial_);
  }

  void Note(AccessNote note) override {
    std::lock_guard lock(mutex_);
    note_ = std::move(note);
  }

  void OnClientGone(std::function<void()> gone) override {
    std::unique_lock lock(mutex_);
    if (!client_left_) return gone_.push_back(std::move(gone));
    lock.unlock();
    gone();
  }

  void ClientLeft() override {
    std::vector<std::function<void()>> gone;
    {
      std::lock_guard lock(mutex_);
      client_left_ = true;
      gone.swap(gone_);
    }
    for (auto& callback : gone) callback();
  }

 private:
  AccessNote TakeNote() {
    std::lock_guard lock(mutex_);
    return std::move(note_);
  }

  const std::shared_ptr<HttpConnectionBase> connection_;
  HttpHandler& handler_;
  const uint64_t serial_;
  http::request<http::string_body> request_;
  BeastHeaders headers_;
  HttpRequestHead head_;
  std::atomic<bool> answered_{false};
  std::atomic<bool> ended_{false};
  bool streaming_ = false;  // set once, before the stream is shared
  std::mutex mutex_;  // guards what follows
  AccessNote note_;
  bool client_left_ = false;
  std::vector<std::function<void()>> gone_;
};

template <class Message>
void SetHeaders(Message& message, const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    message.insert(beast::string_view(name.data(), name.size()),
                   beast::string_view(value.data(), value.size()));
  }
}

}  // namespace

void HttpConnectionBase::set_deadline(std::chrono::steady_clock::duration from_now) {
  times_.deadline_ms.store(
      SteadyMillis() + std::chrono::duration_cast<std::chrono::milliseconds>(from_now).count(),
      std::memory_order_relaxed);
}

template <class Stream>
template <class Fn>
void HttpConnection<Stream>::Finally(Fn fn) {
  // A handler's last act: deferred, so the thread that ran the handler, as
  // it returns to the io_context, takes the write up next rather than
  // waking another. (Anything sent while the handler still runs is posted:
  // a deferred write would wait for the handler to return.)
  if (executor().running_in_this_thread()) {
    fn();
  } else {
    asio::defer(executor(), std::move(fn));
  }
}

template <class Stream>
HttpConnection<Stream>::HttpConnection(std::shared_ptr<ConnectionRegistry> registry,
                                       ConnectionTimes& times, Stream stream, std::string peer,
                                       std::shared_ptr<void> keep)
    : HttpConnectionBase(std::move(registry), times, std::move(peer), std::move(keep)),
      stream_(std::move(stream)) {}

template <class Stream>
HttpConnection<Stream>::~HttpConnection() = default;

template <class Stream>
TcpSocket& HttpConnection<Stream>::socket() {
  if constexpr (std::is_same_v<Stream, TlsSocket>) {
    return stream_.next_layer();
  } else {
    return stream_;
  }
}

template <class Stream>
void HttpConnection<Stream>::Start() {
  // The first request's head must arrive within the header deadline of the
  // connection opening (the TLS handshake included).
  set_deadline(registry_.limits().header_timeout);
  head_deadline_set_ = true;
  // ReadSoon() reads what readiness announced without waiting again.
  boost::system::error_code ignored;
  socket().non_blocking(true, ignored);
  asio::dispatch(executor(), [self = self()] {
    if constexpr (std::is_same_v<Stream, TlsSocket>) {
      self->Handshake();
    } else {
      self->Await();
    }
  });
}

template <class Stream>
void HttpConnection<Stream>::Handshake() {
  if constexpr (std::is_same_v<Stream, TlsSocket>) {
    phase_ = Phase::kHandshake;
    reading_ = true;
    stream_.async_handshake(asio::ssl::stream_base::server,
                            [self = self()](boost::system::error_code ec) {
                              self->reading_ = false;
                              if (self->phase_ == Phase::kClosed) return;
                              if (ec) return self->Shut();
                              self->Await();
                            });
  }
}

template <class Stream>
void HttpConnection<Stream>::Await() {
  phase_ = Phase::kAwait;
  if (!head_deadline_set_) set_deadline(registry_.limits().keep_alive_timeout);
  if (buffer_.size() > 0) return ReadHead();  // pipelined: the next request is here
  // An idle connection keeps no buffer (the watch read of a TLS connection
  // may still be filling it).
  if (!reading_) buffer_.shrink_to_fit();
  ReadSoon();
}

template <class Stream>
void HttpConnection<Stream>::ReadSoon() {
  if (reading_ || phase_ == Phase::kClosed) return;
  reading_ = true;
  if constexpr (std::is_same_v<Stream, TlsSocket>) {
    // Readiness of the socket says nothing of what TLS has already read
    // from it, so a TLS connection reads at once.
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = self()](boost::system::error_code ec, size_t bytes) {
                              self->reading_ = false;
                              self->OnRead(ec, bytes);
                            });
  } else {
    // Waiting for readiness needs no buffer: ten thousand idle connections
    // hold none.
    socket().async_wait(asio::socket_base::wait_read, [self = self()](boost::system::error_code ec) {
      self->reading_ = false;
      if (ec) return self->OnRead(ec, 0);
      if (self->phase_ == Phase::kExchange) return self->Peek();
      boost::system::error_code read_error;
      size_t bytes = self->socket().read_some(self->buffer_.prepare(kReadChunk), read_error);
      if (read_error == asio::error::would_block) return self->ReadSoon();
      self->OnRead(read_error, bytes);
    });
  }
}

template <class Stream>
void HttpConnection<Stream>::Peek() {
  char byte;
  const ssize_t n = ::recv(socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0) return;  // the next request: it waits in the socket for this one to end
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return ReadSoon();
  OnRead(n == 0 ? boost::system::error_code(asio::error::eof)
                : boost::system::error_code(errno, boost::system::system_category()),
         0);
}

template <class Stream>
void HttpConnection<Stream>::ReadHead() {
  phase_ = Phase::kHead;
  if (!head_deadline_set_) {
    set_deadline(registry_.limits().header_timeout);
    head_deadline_set_ = true;
  }
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(registry_.limits().max_header_bytes));
  parser_->body_limit(static_cast<std::uint64_t>(registry_.limits().max_body_bytes));
  reading_ = true;
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = self()](boost::system::error_code ec, size_t) {
                            self->reading_ = false;
                            self->OnHead(ec);
                          });
}

template <class Stream>
bool HttpConnection<Stream>::ReadFailed(boost::system::error_code ec) {
  if (!ec) return false;
  if (ec == http::error::header_limit) {
    Refuse(TransportRefusal::kHeadersTooLarge, true);
  } else if (ec == http::error::body_limit) {
    Refuse(TransportRefusal::kBodyTooLarge, true);
  } else if (ClientEnded(ec)) {
    Shut();
  } else {
    Refuse(TransportRefusal::kMalformed, true);
  }
  return true;
}

template <class Stream>
void HttpConnection<Stream>::OnHead(boost::system::error_code ec) {
  if (phase_ == Phase::kClosed || ReadFailed(ec)) return;
  const http::request<http::string_body>& request = parser_->get();
  BeginRecord(View(request.method_string()), View(request.target()));
  keep_alive_ = parser_->keep_alive();
  const bool body_unread = !parser_->is_done();
  BeastHeaders headers(request);
  if (std::optional<HttpAnswer> refusal = registry_.handler().Screen(
          HeadOf(request, headers, peer_, std::is_same_v<Stream, TlsSocket>),
          record_note_.emplace())) {
    return SendFinal(std::move(*refusal), body_unread || !keep_alive_);
  }
  if (auto length = parser_->content_length();
      length && *length > static_cast<std::uint64_t>(registry_.limits().max_body_bytes)) {
    return Refuse(TransportRefusal::kBodyTooLarge, true);
  }
  if (body_unread && beast::iequals(request[http::field::expect], "100-continue")) {
    Output output{Output::Kind::kContinue, nullptr, nullptr, {}};
    Queue(std::move(output));
  }
  ReadBody();
}

template <class Stream>
void HttpConnection<Stream>::ReadBody() {
  phase_ = Phase::kBody;
  set_deadline(registry_.limits().body_timeout);
  reading_ = true;
  http::async_read(stream_, buffer_, *parser_,
                   [self = self()](boost::system::error_code ec, size_t) {
                     self->reading_ = false;
                     self->OnBody(ec);
                   });
}

template <class Stream>
void HttpConnection<Stream>::OnBody(boost::system::error_code ec) {
  if (phase_ == Phase::kClosed || ReadFailed(ec)) return;
  StartExchange();
}

template <class Stream>
void HttpConnection<Stream>::StartExchange() {
  phase_ = Phase::kExchange;
  clear_deadline();
  head_deadline_set_ = false;
  ++serial_;
  exchange_open_ = true;
  answered_ = false;
  streaming_ = false;
  client_gone_ = false;
  http::request<http::string_body> request = parser_->release();
  parser_.reset();
  record_bytes_in_ = request.body().size();
  // A stream may stay open for hours: it keeps no read buffer meanwhile.
  if (buffer_.size() == 0) buffer_.shrink_to_fit();
  chunked_ = request.version() >= 11;
  auto exchange = std::make_shared<ConnectionExchange>(
      shared_from_this(), registry_.handler(), serial_, std::move(request),
      std::is_same_v<Stream, TlsSocket>);
  watcher_ = exchange;
  registry_.ExchangeStarted();
  Watch();
  HttpHandler& handler = registry_.handler();
  registry_.pool().Run([exchange = std::move(exchange), &handler]() mutable {
    handler.Handle(std::move(exchange));
  });
}

template <class Stream>
void HttpConnection<Stream>::Watch() {
  // Bytes already read are the next request: the client is there, and one
  // read at a time keeps them in order.
  if (buffer_.size() > 0) return;
  ReadSoon();
}

template <class Stream>
void HttpConnection<Stream>::OnRead(boost::system::error_code ec, size_t bytes) {
  if (phase_ == Phase::kClosed) return;
  if (ec) {
    // The client closed its side or the connection broke: nothing more
    // will arrive, and nothing sent can be read.
    if (phase_ == Phase::kExchange) ClientGone();
    return Shut();
  }
  buffer_.commit(bytes);
  switch (phase_) {
    case Phase::kAwait:
      return ReadHead();
    case Phase::kExchange:
      return;  // (TLS) the next request's first bytes: kept for when this one ends
    case Phase::kLinger:
      lingered_bytes_ += buffer_.size();
      buffer_.consume(buffer_.size());
      if (lingered_bytes_ > kMaxLingerBytes) return Shut();
      return ReadSoon();
    default:
      return;
  }
}

template <class Stream>
void HttpConnection<Stream>::Refuse(TransportRefusal why, bool body_unread) {
  SendFinal(registry_.handler().Refuse(why), body_unread);
}

template <class Stream>
void HttpConnection<Stream>::SendFinal(HttpAnswer response, bool close) {
  parser_.reset();
  // A refusal before a whole head (a timeout, a malformed or oversized head).
  if (!recording_) BeginRecord({}, {});
  record_status_ = response.status;
  close_after_write_ = close || registry_.stopping();
  Output output{Output::Kind::kResponse, nullptr, nullptr, {}};
  output.response = std::make_unique<http::response<http::string_body>>(
      static_cast<http::status>(response.status), 11);
  SetHeaders(*output.response, response.headers);
  if (!response.content_type.empty()) {
    output.response->set(http::field::content_type, response.content_type);
  }
  output.response->body() = std::move(response.body);
  output.response->keep_alive(!close_after_write_);
  output.response->prepare_payload();
  Queue(std::move(output));
}

template <class Stream>
void HttpConnection<Stream>::Respond(uint64_t serial, HttpAnswer response, AccessNote note) {
  Finally(
      [self = self(), serial, response = std::move(response), note = std::move(note)]() mutable {
        if (serial != self->serial_ || self->answered_ || self->phase_ != Phase::kExchange) return;
        self->answered_ = true;
        self->record_note_ = std::move(note);
        self->SendFinal(std::move(response), !self->keep_alive_);
      });
}

template <class Stream>
void HttpConnection<Stream>::StartStream(uint64_t serial, int status, StreamOptions options,
                                         AccessNote note) {
  asio::dispatch(executor(), [self = self(), serial, status, options = std::move(options),
                              note = std::move(note)]() mutable {
    if (serial != self->serial_ || self->answered_ || self->phase_ != Phase::kExchange) return;
    self->answered_ = true;
    self->record_note_ = std::move(note);
    self->record_status_ = status;
    self->streaming_ = true;
    self->idle_bytes_ = std::move(options.idle_bytes);
    self->idle_interval_ = options.idle_interval;
    Output output{Output::Kind::kStreamHead, nullptr, nullptr, {}};
    output.head = std::make_unique<http::response<http::empty_body>>(
        static_cast<http::status>(status), 11);
    SetHeaders(*output.head, options.headers);
    output.head->set(http::field::content_type, options.content_type);
    if (self->chunked_) {
      output.head->chunked(true);
      output.head->keep_alive(self->keep_alive_ && !self->registry_.stopping());
    } else {
      // An HTTP/1.0 client: the end of the stream is the end of the connection.
      output.head->keep_alive(false);
      self->close_after_write_ = true;
    }
    self->Queue(std::move(output));
  });
}

template <class Stream>
bool HttpConnection<Stream>::QueueChunk(uint64_t serial, std::string bytes) {
  if (dead_.load()) return false;
  const size_t size = bytes.size();
  if (queued_bytes_.fetch_add(size) + size > registry_.limits().stream_queue_bytes) {
    // The client reads too slowly: it is disconnected rather than buffered.
    dead_.store(true);
    Close();
    return false;
  }
  asio::dispatch(executor(), [self = self(), serial, bytes = std::move(bytes)]() mutable {
    if (serial != self->serial_ || !self->streaming_ || self->phase_ != Phase::kExchange) {
      self->queued_bytes_.fetch_sub(bytes.size());
      return;
    }
    Output output{Output::Kind::kChunk, nullptr, nullptr, std::move(bytes)};
    self->Queue(std::move(output));
  });
  return true;
}

template <class Stream>
void HttpConnection<Stream>::EndStream(uint64_t serial) {
  Finally([self = self(), serial] {
    if (serial != self->serial_ || !self->streaming_ || self->phase_ != Phase::kExchange) return;
    Output output{Output::Kind::kStreamEnd, nullptr, nullptr, {}};
    self->Queue(std::move(output));
  });
}

template <class Stream>
void HttpConnection<Stream>::Queue(Output output) {
  outputs_.push_back(std::move(output));
  if (!writing_) WriteNext();
}

template <class Stream>
void HttpConnection<Stream>::WriteNext() {
  if (outputs_.empty() || phase_ == Phase::kClosed) return;
  writing_ = true;
  if (phase_ == Phase::kExchange) set_deadline(registry_.limits().send_timeout);
  writing_output_ = std::move(outputs_.front());
  outputs_.pop_front();
  auto done = [self = self()](boost::system::error_code ec, size_t bytes) {
    self->record_bytes_out_ += bytes;
    self->OnWritten(ec);
  };
  switch (writing_output_.kind) {
    case Output::Kind::kContinue:
      writing_output_.head = std::make_unique<http::response<http::empty_body>>(
          http::status::continue_, 11);
      return http::async_write(stream_, *writing_output_.head, std::move(done));
    case Output::Kind::kResponse:
      return http::async_write(stream_, *writing_output_.response, std::move(done));
    case Output::Kind::kStreamHead:
      head_writer_.emplace(*writing_output_.head);
      return http::async_write_header(stream_, *head_writer_, std::move(done));
    case Output::Kind::kChunk:
      // Whatever else queued meanwhile goes out in the same chunk.
      chunk_ = std::move(writing_output_.bytes);
      while (!outputs_.empty() && outputs_.front().kind == Output::Kind::kChunk) {
        chunk_ += outputs_.front().bytes;
        outputs_.pop_front();
      }
      if (chunked_) {
        return asio::async_write(stream_, http::make_chunk(asio::buffer(chunk_)), std::move(done));
      }
      return asio::async_write(stream_, asio::buffer(chunk_), std::move(done));
    case Output::Kind::kStreamEnd:
      if (chunked_) return asio::async_write(stream_, http::make_chunk_last(), std::move(done));
      return asio::dispatch(executor(), [self = self()] { self->OnWritten({}); });
  }
}

template <class Stream>
void HttpConnection<Stream>::OnWritten(boost::system::error_code ec) {
  writing_ = false;
  if (phase_ == Phase::kClosed) {
    // Shut while this write was in flight: the record waited for it.
    const auto kind = writing_output_.kind;
    FinishRecord(!ec && (kind == Output::Kind::kResponse || kind == Output::Kind::kStreamEnd));
    return;
  }
  if (ec) {
    if (phase_ == Phase::kExchange) ClientGone();
    return Shut();
  }
  const auto kind = writing_output_.kind;
  if (kind == Output::Kind::kChunk) {
    queued_bytes_.fetch_sub(chunk_.size());
    chunk_ = std::string();
  }
  writing_output_ = Output{};
  head_writer_.reset();
  if (streaming_ && !idle_bytes_.empty()) {
    set_idle_write(SteadyMillis() +
                   std::chrono::duration_cast<std::chrono::milliseconds>(idle_interval_).count());
  }
  if (kind == Output::Kind::kResponse || kind == Output::Kind::kStreamEnd) {
    FinishRecord(/*completed=*/true);
    if (phase_ == Phase::kExchange) return EndExchange();
    // Answered from its head alone (a refusal, a health check): the next
    // request gets a header deadline of its own.
    if (close_after_write_) return Linger();
    head_deadline_set_ = false;
    return Await();
  }
  if (outputs_.empty() && phase_ == Phase::kExchange) clear_deadline();
  WriteNext();
}

template <class Stream>
void HttpConnection<Stream>::EndExchange() {
  exchange_open_ = false;
  streaming_ = false;
  watcher_.reset();
  set_idle_write(0);
  registry_.ExchangeEnded();
  if (close_after_write_ || !keep_alive_ || registry_.stopping()) return Linger();
  Await();
}

template <class Stream>
void HttpConnection<Stream>::Linger() {
  phase_ = Phase::kLinger;
  set_deadline(kLingerTime);
  boost::system::error_code ignored;
  socket().shutdown(asio::socket_base::shutdown_send, ignored);
  ReadSoon();
}

template <class Stream>
void HttpConnection<Stream>::Shut() {
  if (phase_ == Phase::kClosed) return;
  // A write in flight finishes the record when it completes (OnWritten).
  if (!writing_) FinishRecord(/*completed=*/false);
  if (exchange_open_) {
    ClientGone();
    exchange_open_ = false;
    registry_.ExchangeEnded();
  }
  phase_ = Phase::kClosed;
  dead_.store(true);
  clear_deadline();
  set_idle_write(0);
  outputs_.clear();
  watcher_.reset();
  boost::system::error_code ignored;
  socket().shutdown(asio::socket_base::shutdown_both, ignored);
  socket().close(ignored);
}

template <class Stream>
void HttpConnection<Stream>::ClientGone() {
  if (client_gone_) return;
  client_gone_ = true;
  dead_.store(true);
  if (std::shared_ptr<ExchangeWatcher> exchange = watcher_.lock()) exchange->ClientLeft();
}

template <class Stream>
void HttpConnection<Stream>::OnDeadline() {
  if (phase_ == Phase::kClosed) return;
  const int64_t deadline = deadline_ms();
  if (deadline == 0 || SteadyMillis() < deadline) return;  // it moved since the sweep looked
  if (phase_ == Phase::kExchange) ClientGone();
  Shut();
}

template <class Stream>
void HttpConnection<Stream>::OnStreamIdle() {
  if (phase_ != Phase::kExchange || !streaming_ || idle_bytes_.empty()) return;
  const int64_t due = idle_write_ms();
  if (due == 0 || SteadyMillis() < due || writing_ || !outputs_.empty()) return;
  set_idle_write(0);
  queued_bytes_.fetch_add(idle_bytes_.size());
  Output output{Output::Kind::kChunk, nullptr, nullptr, idle_bytes_};
  Queue(std::move(output));
}

template <class Stream>
void HttpConnection<Stream>::ExpireIfDue() {
  asio::dispatch(executor(), [self = self()] { self->OnDeadline(); });
}

template <class Stream>
void HttpConnection<Stream>::SendIdleBytesIfDue() {
  asio::dispatch(executor(), [self = self()] { self->OnStreamIdle(); });
}

template <class Stream>
void HttpConnection<Stream>::Close() {
  asio::dispatch(executor(), [self = self()] { self->CloseNow(); });
}

template <class Stream>
void HttpConnection<Stream>::CloseNow() {
  if (phase_ == Phase::kClosed) return;
  if (phase_ == Phase::kExchange) ClientGone();
  Shut();
}

template <class Stream>
void HttpConnection<Stream>::BeginRecord(std::string_view method, std::string_view target) {
  recording_ = true;
  record_start_ = std::chrono::steady_clock::now();
  record_method_.assign(method);
  record_path_.assign(target.substr(0, target.find('?')));
  record_status_ = 0;
  record_bytes_in_ = 0;
  record_bytes_out_ = 0;
  record_note_.reset();
}

template <class Stream>
void HttpConnection<Stream>::FinishRecord(bool completed) {
  if (!recording_) return;
  recording_ = false;
  HttpRequestRecord record;
  record.method = record_method_;
  record.path = record_path_;
  record.peer = peer();
  record.status = record_status_;
  record.duration = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - record_start_);
  record.bytes_in = record_bytes_in_;
  record.bytes_out = record_bytes_out_;
  record.completed = completed;
  record.note = record_note_ ? &*record_note_ : nullptr;
  registry_.handler().Completed(record);
}

template <class Stream>
void HttpConnection<Stream>::CloseIfIdle() {
  asio::dispatch(executor(), [self = self()] {
    if (self->phase_ != Phase::kExchange && self->phase_ != Phase::kLinger && !self->writing_) {
      self->Shut();
    }
  });
}

template class HttpConnection<TcpSocket>;
template class HttpConnection<TlsSocket>;

}  // namespace odmcp
