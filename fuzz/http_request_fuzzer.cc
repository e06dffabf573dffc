// Fuzzes the HTTP path of the host: the input is the bytes a client sends
// on one connection (one request or several, pipelined), read by the real
// connection state machine (host/transport/http_connection.h: Boost.Beast's
// request parser with the host's header and body limits, the head screen,
// the body read, keep-alive) and answered by the real protocol handler
// (host/protocol/streamable_http.h: Host and Origin checks, CORS preflight,
// health and metrics, media types, the Dispatcher and Engine of both eras,
// legacy sessions, event streams), with no plugins and no tenants.
//
// The limits and options are the host's own, mapped from a configuration
// as `serve` maps them (host/cli/http_options.h); the configuration
// (ParseConfig) sets the limits to the smallest it accepts, 1024 bytes for
// a head and for a body, so that inputs of a few kilobytes reach the 431
// and 413 refusals; everything else is the default.
//
// The connection runs on this thread: over one end of a socketpair, the
// input written to the other end, which is then closed for writing, and
// the io_context run until the connection has nothing left to do. The
// handler is new for each input, so no session outlives it.
//
// Asserts, beyond no crash, no sanitizer report and no hang (libFuzzer's
// -timeout): the host closes the connection, and what it sent is a series
// of well-formed HTTP/1.1 responses (status 100 to 599), of which only a
// streamed one, cut off when the client left, may be incomplete.
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/check.h"
#include "host/cli/http_options.h"
#include "host/config/config_loader.h"
#include "host/plugins/tool_registry.h"
#include "host/protocol/dispatcher.h"
#include "host/protocol/engine.h"
#include "host/protocol/streamable_http.h"
#include "host/services/log.h"
#include "host/transport/http_connection.h"
#include "host/transport/io_pool.h"

namespace odmcp {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

constexpr char kConfig[] = R"(
[server]
max_message_bytes = 1024
[http]
max_header_bytes = 1024
)";

Config FuzzConfig() {
  StatusOr<Config> config = ParseConfig(kConfig, "/fuzz/orderdesk-mcp.toml", {});
  FUZZ_CHECK(config.ok());
  return config.value();
}

// What the server would be to its connections, for one connection at a
// time on this thread.
class OneConnectionRegistry final : public ConnectionRegistry {
 public:
  OneConnectionRegistry(HttpLimits limits, IoPool& pool) : limits_(limits), pool_(pool) {}
  void set_handler(HttpHandler* handler) { handler_ = handler; }

  const HttpLimits& limits() const override { return limits_; }
  HttpHandler& handler() override { return *handler_; }
  IoPool& pool() override { return pool_; }
  bool stopping() const override { return false; }
  void ExchangeStarted() override {}
  void ExchangeEnded() override {}
  void Remove(HttpConnectionBase*) override {}

 private:
  const HttpLimits limits_;
  IoPool& pool_;
  HttpHandler* handler_ = nullptr;
};

// Built once: the engine (no plugins, no services), the pool whose
// io_context this thread runs (never started: no threads of its own), and
// the registry.
struct Host {
  Host()
      : config(FuzzConfig()),
        engine(registry, ServerIdentity{"orderdesk-mcp", "0.0.0-fuzz", ""}, EngineOptions{}),
        dispatcher(engine),
        pool(2, 3),
        connections(
            std::make_shared<OneConnectionRegistry>(HttpServerOptionsFrom(config).limits, pool)) {
    HostLog().set_min_level(ODMCP_LOG_ERROR);
    registry.Publish([](const ToolRecord&) { return true; });
  }

  Config config;
  ToolRegistry registry;
  Engine engine;
  Dispatcher dispatcher;
  IoPool pool;
  std::shared_ptr<OneConnectionRegistry> connections;
  ConnectionTimes times;  // deadlines: nothing sweeps them here
};

Host& TheHost() {
  static Host* host = new Host();
  return *host;
}

void WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    FUZZ_CHECK(n > 0);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

// Everything until the host closes its end.
std::string ReadToEnd(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  FUZZ_CHECK(n == 0);
  return out;
}

// The client's side: `sent` must be complete responses, the last possibly
// a streamed one cut off.
void CheckResponses(std::string_view sent) {
  while (!sent.empty()) {
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(boost::none);
    boost::system::error_code ec;
    while (!parser.is_done() && !sent.empty()) {
      sent.remove_prefix(parser.put(asio::buffer(sent.data(), sent.size()), ec));
      if (ec == http::error::need_more) break;
      FUZZ_CHECK(!ec);
    }
    if (!parser.is_done()) {
      // The bytes ended inside this response: a chunked stream is cut off
      // when the client leaves; a body that lasts until the connection
      // closes (a stream to an HTTP/1.0 client) is complete now.
      FUZZ_CHECK(parser.is_header_done());
      if (parser.chunked()) return;
      parser.put_eof(ec);
      FUZZ_CHECK(!ec && parser.is_done());
    }
    const unsigned status = parser.get().result_int();
    FUZZ_CHECK(status >= 100 && status <= 599);
  }
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  Host& host = TheHost();
  StreamableHttp protocol(host.dispatcher, StreamableHttpOptionsFrom(host.config), nullptr);
  host.connections->set_handler(&protocol);

  int fds[2];
  FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  const int client = fds[1];
  WriteAll(client, std::string_view(reinterpret_cast<const char*>(data), size));
  ::shutdown(client, SHUT_WR);

  asio::io_context& io = host.pool.context();
  {
    TcpSocket socket(asio::make_strand(io));
    boost::system::error_code ec;
    socket.assign(asio::ip::tcp::v4(), fds[0], ec);
    FUZZ_CHECK(!ec);
    auto connection = std::make_shared<HttpConnection<TcpSocket>>(
        host.connections, host.times, std::move(socket), "127.0.0.1", nullptr);
    connection->Start();
  }
  io.restart();
  io.run();
  // End what streams remain, as a stopping server does, before the handler
  // goes.
  protocol.EndStreams();
  io.restart();
  io.run();

  const std::string sent = ReadToEnd(client);
  ::close(client);
  CheckResponses(sent);
  return 0;
}
