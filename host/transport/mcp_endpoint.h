// McpEndpoint: the Streamable HTTP MCP endpoint (POST, GET, DELETE on one
// path), serving both protocol eras. Internal to the HTTP transport.
//
// POST   a JSON-RPC message. Stateless era (2026-07-28): the request's _meta
//        and headers are validated in the order the spec's reference SDK
//        uses (envelope, header/body agreement, version, Mcp-Name, method,
//        Mcp-Param-*), then answered. Legacy era: initialize creates a
//        session (Mcp-Session-Id); other messages need a live session.
//        A reply is JSON, or an SSE stream when the call may send progress
//        or client logs before it.
//        subscriptions/listen (2026) answers with a long-lived SSE stream of
//        the changes it asked for. A legacy call may send the client
//        requests for input on its SSE stream; the client POSTs the
//        responses, which are routed back to the waiting call.
// GET    a legacy session's stream for server-initiated messages (list
//        changes, updates of subscribed resources).
// DELETE ends a legacy session.
//
// Thread safety: handlers run concurrently on the server's threads.
#ifndef ODMCP_HOST_TRANSPORT_MCP_ENDPOINT_H_
#define ODMCP_HOST_TRANSPORT_MCP_ENDPOINT_H_

#include <httplib.h>
#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "host/protocol/engine.h"
#include "host/protocol/jsonrpc.h"
#include "host/transport/session_table.h"

namespace odmcp {

// cpp-httplib compresses a body whose content type is exactly
// "application/json" for any client that accepts it, with Brotli at its
// slowest setting and no way to turn it off; with the charset parameter
// (correct for JSON, which is UTF-8) it leaves replies as they are.
inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

class HttpAuthenticator;

class McpEndpoint {
 public:
  // `auth` authenticates every request; null when the host runs without
  // tenants.
  McpEndpoint(Engine& engine, SessionTable& sessions, std::chrono::seconds sse_keepalive,
              HttpAuthenticator* auth);

  void Post(const httplib::Request& http, httplib::Response& res);
  void Get(const httplib::Request& http, httplib::Response& res);
  void Delete(const httplib::Request& http, httplib::Response& res);
  // Ends every listen stream with its final result (the server stops).
  void EndStreams() { streams_ended_.store(true); }

 private:
  struct Accepts {
    bool json = false;
    bool sse = false;
  };
  struct Call;  // a request whose reply is streamed after the handler returns
  using TenantPtr = std::shared_ptr<const Tenant>;

  // The request's tenant in `*tenant` (null without tenants); false after
  // writing the refusal.
  bool Authorize(const httplib::Request& http, httplib::Response& res, TenantPtr* tenant);

  // `message` was classified from `doc`, which owns what it points into.
  void PostLegacy(const httplib::Request& http, httplib::Response& res,
                  std::shared_ptr<rapidjson::Document> doc, const IncomingMessage& message,
                  Accepts accepts, const TenantPtr& tenant);
  void PostStateless(const httplib::Request& http, httplib::Response& res,
                     std::shared_ptr<rapidjson::Document> doc, const IncomingMessage& message,
                     Accepts accepts, const TenantPtr& tenant);
  void PostBatch(const httplib::Request& http, httplib::Response& res,
                 std::shared_ptr<rapidjson::Document> doc, const TenantPtr& tenant);
  // Streams the changes a subscriptions/listen request asked for (2026 era),
  // after its acknowledgement, until the client closes the stream.
  void Listen(httplib::Response& res, const Request& request);
  // Answers `call` as JSON now, or as an SSE stream when it may notify.
  void Respond(httplib::Response& res, std::shared_ptr<Call> call, bool stream);
  // The session the request names, if it exists and belongs to `tenant`
  // (another tenant's session id is answered like an unknown one).
  std::shared_ptr<HttpSession> RequireSession(const httplib::Request& http,
                                              httplib::Response& res, std::string_view id_json,
                                              const TenantPtr& tenant);

  static Accepts ParseAccept(const httplib::Request& http);

  Engine& engine_;
  SessionTable& sessions_;
  const std::chrono::seconds sse_keepalive_;
  HttpAuthenticator* const auth_;
  std::atomic<bool> streams_ended_{false};
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_MCP_ENDPOINT_H_
