// What the HTTP transport (host/transport) and the protocol layer say to
// each other about one request. The transport owns sockets, framing, TLS,
// deadlines and every bound; it hands each request's head, then its body,
// to an HttpHandler, which decides everything else and answers through the
// request's HttpExchange. Defined here, beside the protocol, so that the
// arrows run one way: transport -> protocol.
#ifndef ODMCP_HOST_PROTOCOL_HTTP_EXCHANGE_H_
#define ODMCP_HOST_PROTOCOL_HTTP_EXCHANGE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace odmcp {

// A request's header fields. Names compare case-insensitively.
class HttpHeaders {
 public:
  virtual ~HttpHeaders() = default;
  // The first field named `name`, or nullopt.
  virtual std::optional<std::string_view> Find(std::string_view name) const = 0;
  // Every field line named `name`, in the order received.
  virtual std::vector<std::string_view> FindAll(std::string_view name) const {
    std::optional<std::string_view> first = Find(name);
    return first ? std::vector<std::string_view>{*first} : std::vector<std::string_view>{};
  }
};

// A request as far as it has been read. Views stay valid for the life of
// the exchange (or, for Screen(), the call).
struct HttpRequestHead {
  std::string_view method;  // "POST", as sent
  std::string_view target;  // path and query, as sent: "/mcp?token=..."
  const HttpHeaders* headers = nullptr;
  std::string_view peer_address;  // the client's IP address, as text
  bool secure = false;            // it arrived over TLS

  std::string_view path() const { return target.substr(0, target.find('?')); }
  std::string_view query() const {
    size_t mark = target.find('?');
    return mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
  }
  std::optional<std::string_view> header(std::string_view name) const {
    return headers->Find(name);
  }
  std::vector<std::string_view> header_lines(std::string_view name) const {
    return headers->FindAll(name);
  }
};

struct HttpAnswer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // empty: no Content-Type (and no body)
  std::string body;
};

// How a streamed response behaves while the protocol has nothing to send.
struct StreamOptions {
  std::string content_type = "text/event-stream";
  std::vector<std::pair<std::string, std::string>> headers;
  // Written whenever nothing else was for `idle_interval`: keeps proxies
  // from closing a quiet stream, and shows whether the client is still
  // there. Empty: nothing.
  std::string idle_bytes;
  std::chrono::seconds idle_interval{15};
};

// A response sent in pieces (chunked), for as long as the protocol wants.
//
// Thread safety: every method may be called from any thread.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Queues `bytes` for the client. False once the stream is closed: the
  // client left, the stream ended, or the client read too slowly and its
  // queue passed the transport's bound (the connection is then closed).
  virtual bool Write(std::string bytes) = 0;
  // Ends the response; the connection may carry further requests.
  virtual void End() = 0;
};

// What the protocol knows of a request that its access-log line and its
// metrics carry beyond the transport's own facts.
struct AccessNote {
  std::string client;      // the client's address, through trusted proxies
  int64_t tenant_id = 0;   // 0: none
  std::string rpc_method;  // "tools/call"; empty for other endpoints
  std::string tool;        // tools/call only
  std::string correlation_id;
  std::string trace_id;
  // How the request authenticated: "master_key" or "access_token"; empty
  // for none.
  std::string_view auth;
  std::string scopes;  // an access token's tool scopes
};

// One HTTP request once its answer has been written, or the connection
// ended first. Views are valid during HttpHandler::Completed only.
struct HttpRequestRecord {
  std::string_view method;  // empty if the request's head never arrived whole
  std::string_view path;    // without the query: it may hold a token
  std::string_view peer;
  int status = 0;
  std::chrono::microseconds duration{0};  // from its head read to its answer written
  uint64_t bytes_in = 0;                  // the body
  uint64_t bytes_out = 0;                 // the answer, head included
  bool completed = true;                  // false: the connection ended before the answer did
  const AccessNote* note = nullptr;       // null if the handler never noted it
};

// One request with its body, and the way to answer it: exactly one of
// Respond() or Stream(). An exchange released without either is answered
// with 500.
//
// Thread safety: every method may be called from any thread.
class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  virtual const HttpRequestHead& head() const = 0;
  virtual std::string_view body() const = 0;
  virtual void Respond(HttpAnswer response) = 0;
  virtual std::shared_ptr<ResponseStream> Stream(int status, StreamOptions options) = 0;
  // What the request's record (HttpHandler::Completed) will say; takes
  // effect if called before Respond() or Stream().
  virtual void Note(AccessNote note) = 0;
  // Runs `gone` once if the client disconnects before the response has
  // ended (at once if it already has). Runs on a transport thread; it must
  // not block.
  virtual void OnClientGone(std::function<void()> gone) = 0;
};

// Why the transport refuses a request by itself, before the protocol
// layer has seen it whole.
enum class TransportRefusal {
  kMalformed,           // 400: not an HTTP/1.1 request it can read
  kHeadersTooLarge,     // 431: the head passed HttpLimits::max_header_bytes
  kBodyTooLarge,        // 413: the body passed HttpLimits::max_body_bytes
  kTooManyConnections,  // 503: HttpLimits::max_connections are open
  kTooManyFromAddress,  // 429: HttpLimits::max_connections_per_address are open
  kUnanswered,          // 500: the handler released an exchange unanswered
};

// The protocol side of HTTP.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // The response for a refusal of the transport's own (the protocol layer
  // words every error its clients see). Must not block.
  virtual HttpAnswer Refuse(TransportRefusal why) = 0;
  // Decides on a request from its head alone, before any of its body is
  // read: nullopt to read the body and Handle() the request, or the
  // response that refuses it (after which the transport closes the
  // connection if a body was announced). `note` starts empty; what the
  // handler notes in it is the request's record until the exchange notes
  // its own (HttpExchange::Note), so that a request refused here or by the
  // transport after its head (413) is recorded with, say, its client. Runs
  // on a transport thread; must not block.
  virtual std::optional<HttpAnswer> Screen(const HttpRequestHead& head, AccessNote& note) = 0;
  // Answers a request whose body has been read in full. Runs on a worker
  // thread and may block (a tool call does).
  virtual void Handle(std::shared_ptr<HttpExchange> exchange) = 0;
  // The server is stopping: end every long-lived stream (requests in
  // progress get the grace period).
  virtual void EndStreams() = 0;
  // Every request, once answered (or abandoned), exactly once: for the
  // access log and metrics. Runs on a transport thread; must not block.
  virtual void Completed(const HttpRequestRecord& record) = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_HTTP_EXCHANGE_H_
