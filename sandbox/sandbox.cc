// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/sandbox.h"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <utility>

#include "sandbox/envelope.h"

namespace odmcp::sandbox {
namespace {

constexpr char kJsonContentType[] = "application/json";

// The stock limit (5 requests per connection) and Nagle's algorithm hold
// cpp-httplib to a few hundred requests per second; a benchmark client must
// be able to reuse one connection indefinitely.
constexpr size_t kKeepAliveMaxCount = 1000000;
constexpr time_t kKeepAliveTimeoutSeconds = 5;
constexpr size_t kMaxBodyBytes = 16 * 1024 * 1024;
constexpr int kListenBacklog = 1024;

bool StartsWithSegment(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 500: return "Internal Server Error";
    default: return "Error";
  }
}

void SetJsonError(httplib::Response& response, int status, const std::string& message) {
  response.status = status;
  response.set_content(ErrorReply(ApiStatus::Error(status, message), RequestClock::now()).body, kJsonContentType);
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::unique_ptr<Sandbox> Sandbox::Create(SandboxOptions options, std::string* error) {
  TimeZone time_zone;
  if (!TimeZone::Load(options.time_zone, &time_zone, error)) return nullptr;
  FILE* request_log = nullptr;
  if (!options.request_log.empty()) {
    request_log = std::fopen(options.request_log.c_str(), "a");
    if (request_log == nullptr) {
      *error = "--request-log " + options.request_log + ": " + std::strerror(errno);
      return nullptr;
    }
  }
  auto sandbox = std::unique_ptr<Sandbox>(new Sandbox(std::move(options), std::move(time_zone)));
  sandbox->request_log_.reset(request_log);
  return sandbox;
}

Sandbox::Sandbox(SandboxOptions options, TimeZone time_zone)
    : state_(std::move(options), std::move(time_zone)),
      api_(&state_),
      control_(&state_),
      host_(state_.options().listen_host),
      control_enabled_(IsLoopbackHost(host_)) {
  InstallRoutes();
}

Sandbox::~Sandbox() { Stop(); }

void Sandbox::LogRequest(const httplib::Request& request, const httplib::Response& response) {
  if (request_log_ == nullptr || !StartsWithSegment(request.path, kApiPrefix)) return;
  auto header = [&request](const char* name) {
    return request.has_header(name) ? request.get_header_value(name) : std::string("-");
  };
  const std::string line =
      request.method + " " + request.path + " " + std::to_string(response.status) +
      " traceparent=" + header("traceparent") + " x-request-id=" + header("X-Request-ID") + "\n";
  std::lock_guard lock(request_log_mutex_);
  std::fputs(line.c_str(), request_log_.get());
  std::fflush(request_log_.get());
}

void Sandbox::InstallRoutes() {
  server_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    LogRequest(request, response);
  });
  const int threads = state_.options().threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server_.set_tcp_nodelay(true);
  // cpp-httplib's default adds SO_REUSEPORT, which would let a second
  // sandbox bind the same port and silently share its connections.
  server_.set_socket_options([](socket_t sock) {
    const int enable = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &enable, sizeof(enable));
  });
  server_.set_keep_alive_max_count(kKeepAliveMaxCount);
  server_.set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
  server_.set_payload_max_length(kMaxBodyBytes);

  const auto route = [this](const httplib::Request& request, httplib::Response& response) {
    Route(request, response);
  };
  server_.Get(".*", route);
  server_.Post(".*", route);
  server_.Put(".*", route);
  server_.Delete(".*", route);
  server_.Patch(".*", route);
  server_.Options(".*", route);
  // cpp-httplib has no handler lists for these; answer them before routing.
  server_.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (request.method != "TRACE" && request.method != "CONNECT") return httplib::Server::HandlerResponse::Unhandled;
    SetJsonError(response, 405, "Method " + request.method + " is not supported");
    ConnectionControl::CloseAfterResponse();
    return httplib::Server::HandlerResponse::Handled;
  });
  // Errors cpp-httplib raises itself (a malformed request line, a body over
  // the size limit) get an OrderDesk-shaped body too.
  server_.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&,
                                                                   httplib::Response& response) {
    if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    SetJsonError(response, response.status,
                 "HTTP " + std::to_string(response.status) + " " + ReasonPhrase(response.status));
    return httplib::Server::HandlerResponse::Handled;
  }));
  server_.set_exception_handler([](const httplib::Request& request, httplib::Response& response,
                                   std::exception_ptr exception) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(exception);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "orderdesk-sandbox: internal error on %s %s: %s\n", request.method.c_str(),
                 request.path.c_str(), what.c_str());
    SetJsonError(response, 500, "Internal error in the sandbox: " + what);
  });
}

void Sandbox::Route(const httplib::Request& request, httplib::Response& response) {
  if (StartsWithSegment(request.path, kApiPrefix)) return api_.Handle(request, response);
  if (control_enabled_ && StartsWithSegment(request.path, kControlPrefix)) return control_.Handle(request, response);
  SetJsonError(response, 404, "Unknown endpoint: " + request.method + " " + request.path +
                                  "; the OrderDesk API is under /api/v2");
}

bool Sandbox::Bind(std::string* error) {
  const int requested = state_.options().listen_port;
  if (requested == 0) {
    port_ = server_.bind_to_any_port(host_);
  } else if (server_.bind_to_port(host_, requested)) {
    port_ = requested;
  }
  if (port_ <= 0) {
    *error = "cannot listen on " + host_ + ":" + std::to_string(requested) +
             " (address in use, not local, or not permitted)";
    return false;
  }
  server_.SetListenBacklog(kListenBacklog);
  return true;
}

std::string Sandbox::base_url() const {
  const bool ipv6 = host_.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

void Sandbox::Serve() {
  serve_started_ = true;
  server_.listen_after_bind();
  serve_finished_ = true;
}

void Sandbox::Start() {
  serve_started_ = true;
  thread_ = std::thread([this] {
    server_.listen_after_bind();
    serve_finished_ = true;
  });
}

void Sandbox::Stop() {
  // The server only notices stop() once its accept loop runs; wait for that
  // so a Stop right after Start is not lost.
  while (serve_started_ && !serve_finished_ && !server_.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_.stop();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace odmcp::sandbox
