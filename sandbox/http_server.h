// Copyright 2026 The orderdesk-mcp Authors.
//
// cpp-httplib's Server with its connection loop replaced, for two reasons:
//  - fault injection must be able to drop a connection without sending
//    the response (before or after the request is applied), which the
//    stock server cannot do from a handler;
//  - each connection reads through one buffer for its whole life, so the
//    request line is not read byte by byte with a system call each, and a
//    response is written completely even when the socket takes it in parts.
// Requests are still parsed, routed and answered by httplib::Server.
//
// Thread-safety: as httplib::Server. ConnectionControl acts on the
// connection of the calling thread's current request.

#ifndef ODMCP_SANDBOX_HTTP_SERVER_H_
#define ODMCP_SANDBOX_HTTP_SERVER_H_

#include "httplib.h"

namespace odmcp::sandbox {

// Called from a request handler running inside SandboxHttpServer; does
// nothing elsewhere.
class ConnectionControl {
 public:
  // Closes the connection (with a TCP reset) without sending the response
  // of the current request.
  static void DropWithoutResponse();
  // Sends the response, then closes the connection.
  static void CloseAfterResponse();
};

class SandboxHttpServer : public httplib::Server {
 public:
  SandboxHttpServer() = default;

  // Raises the listen backlog of the bound socket. cpp-httplib 0.11 listens
  // with a backlog of 5, so a client opening dozens of connections at once
  // sees SYNs dropped and retried a second later. Call after binding.
  void SetListenBacklog(int backlog);

 private:
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_HTTP_SERVER_H_
