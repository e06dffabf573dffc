// odmcp-floor-beast: the floor under the host's HTTP figures.
//
// A bare Boost.Asio + Boost.Beast HTTP/1.1 server, the host's HTTP stack,
// that answers every POST /mcp with one fixed tools/call result: one
// io_context run by --threads threads, a strand per connection, and on each
// connection read a request, write the fixed reply, read the next (keep-
// alive, TCP_NODELAY, a 4 MiB body limit, listen backlog SOMAXCONN). What a
// load generator gets from it is the limit of this stack on this machine
// with no MCP work at all; the host's own figures are read against it.
//
//   odmcp-floor-beast --listen 127.0.0.1:0 [--threads N]
//
// Prints its URL (http://HOST:PORT/mcp) as the first stdout line, then
// serves until SIGINT or SIGTERM.
#include <pthread.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "exit_on_signal.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint64_t kMaxMessageBytes = 4 * 1024 * 1024;

constexpr const char* kReply =
    R"({"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}],)"
    R"("resultType":"complete"}})";
constexpr const char* kJsonContentType = "application/json; charset=utf-8";

using Response = http::response<http::string_body>;

Response MakeResponse(http::status status, std::string_view body) {
  Response response(status, 11);
  if (!body.empty()) response.set(http::field::content_type, kJsonContentType);
  response.body() = body;
  response.prepare_payload();
  return response;
}

// One connection: its handlers run on the connection's strand, one at a
// time. Each pending operation holds the session alive; an error (the
// client closed, a bad or oversized request) drops it, closing the socket.
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(kMaxMessageBytes);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code error, std::size_t) {
    if (error) return;
    const auto& request = parser_->get();
    const bool mcp = request.method() == http::verb::post && request.target() == "/mcp";
    Response& response = mcp ? reply_ : not_found_;
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    http::async_write(stream_, response,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code error, std::size_t) {
    if (error) return;
    if (!parser_->get().keep_alive()) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, error);
      return;
    }
    Read();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response reply_ = MakeResponse(http::status::ok, kReply);
  Response not_found_ = MakeResponse(http::status::not_found, "");
};

// Accepts connections for ever, each on a strand of its own.
void Accept(tcp::acceptor& acceptor, asio::io_context& io) {
  acceptor.async_accept(asio::make_strand(io), [&acceptor, &io](beast::error_code error,
                                                                tcp::socket socket) {
    if (!error) {
      socket.set_option(tcp::no_delay(true), error);
      std::make_shared<Session>(std::move(socket))->Start();
    }
    Accept(acceptor, io);
  });
}

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "odmcp-floor-beast: %s\n"
               "usage: odmcp-floor-beast --listen HOST:PORT [--threads N]\n",
               problem.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) Usage("missing value after " + std::string(arg));
    if (arg == "--listen") {
      listen = argv[++i];
    } else if (arg == "--threads") {
      threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
      if (threads < 1) Usage("--threads must be at least 1");
    } else {
      Usage("unknown argument " + std::string(arg));
    }
  }
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) Usage("--listen HOST:PORT is required");
  const std::string host = listen.substr(0, colon);
  const std::string port = listen.substr(colon + 1);

  asio::io_context io(static_cast<int>(threads));
  tcp::acceptor acceptor(io);
  try {
    const tcp::endpoint endpoint =
        *tcp::resolver(io).resolve(host, port, tcp::resolver::passive).begin();
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "odmcp-floor-beast: cannot listen on %s: %s\n", listen.c_str(), e.what());
    return 1;
  }
  std::printf("http://%s:%d/mcp\n", host.c_str(), acceptor.local_endpoint().port());
  std::fflush(stdout);

  ExitOnStopSignal();

  Accept(acceptor, io);
  std::vector<std::thread> runners;
  for (unsigned i = 1; i < threads; ++i) runners.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& runner : runners) runner.join();
  std::fprintf(stderr, "odmcp-floor-beast: the server stopped unexpectedly\n");
  return 1;
}
