// Copyright 2026 The orderdesk-mcp Authors.
//
// One running orderdesk-sandbox: the seeded state, the HTTP server and its
// routes. main.cc runs one; tests start one in-process on an ephemeral
// port and talk to it over loopback.
//
//   std::string error;
//   auto sandbox = Sandbox::Create(options, &error);   // seeds the data
//   if (!sandbox || !sandbox->Bind(&error)) { ...error... }
//   sandbox->Start();                                  // or Serve() to block
//   ... http://127.0.0.1:<sandbox->port()>/api/v2/... ...
//   sandbox->Stop();
//
// Thread-safety: Stop may be called from any thread (a signal-handling
// thread, for one), once Bind has succeeded; the other methods belong to
// the owning thread.

#ifndef ODMCP_SANDBOX_SANDBOX_H_
#define ODMCP_SANDBOX_SANDBOX_H_

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sandbox/api_dispatcher.h"
#include "sandbox/control_api.h"
#include "sandbox/http_server.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/sandbox_state.h"

namespace odmcp::sandbox {

class Sandbox {
 public:
  // Checks what Bind cannot (the time zone) and seeds the data. Returns
  // null and sets *error when the options cannot work.
  static std::unique_ptr<Sandbox> Create(SandboxOptions options, std::string* error);

  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  ~Sandbox();

  // Binds the listen address. Returns false and sets *error on failure.
  bool Bind(std::string* error);

  // Serves on the calling thread until Stop.
  void Serve();
  // Serves on a background thread; Stop joins it.
  void Start();
  // Stops serving: open connections finish their current request.
  void Stop();

  // The bound port, and "http://host:port" (IPv6 hosts in brackets).
  int port() const { return port_; }
  std::string base_url() const;

  // Whether /_sandbox/ routes are served: only on a loopback listener.
  bool control_routes_enabled() const { return control_enabled_; }

 private:
  Sandbox(SandboxOptions options, TimeZone time_zone);
  void InstallRoutes();
  void Route(const httplib::Request& request, httplib::Response& response);
  // Appends the request's line to the request log, if there is one.
  void LogRequest(const httplib::Request& request, const httplib::Response& response);

  struct FileCloser {
    void operator()(FILE* file) const { std::fclose(file); }
  };

  SandboxState state_;
  ApiDispatcher api_;
  ControlApi control_;
  SandboxHttpServer server_;
  const std::string host_;
  const bool control_enabled_;
  int port_ = -1;
  std::atomic<bool> serve_started_{false};
  std::atomic<bool> serve_finished_{false};
  std::thread thread_;
  std::mutex request_log_mutex_;
  std::unique_ptr<FILE, FileCloser> request_log_;  // guarded by request_log_mutex_
};

// True for "localhost", 127.0.0.0/8 and ::1.
bool IsLoopbackHost(const std::string& host);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_SANDBOX_H_
