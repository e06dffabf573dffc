// StreamableHttp: MCP's Streamable HTTP binding, both protocol eras, and
// the host's other HTTP endpoints. It is the HttpHandler the HTTP transport
// (host/transport/http_server.h) hands every request to.
//
//   POST   <path>        one JSON-RPC message (or a 2025-03-26 batch): the
//                        Dispatcher admits it, then it is answered as JSON,
//                        or as an SSE stream when the call may send
//                        progress, client logs or requests for input first.
//                        A 2026-era subscriptions/listen answers with a
//                        long-lived SSE stream of the changes it asked for.
//                        initialize starts a legacy session (Mcp-Session-Id).
//   GET    <path>        a legacy session's stream of server-to-client
//                        messages; resumable with Last-Event-ID.
//   DELETE <path>        ends a legacy session.
//   OPTIONS <path>       the CORS preflight of browser-based clients.
//   GET /health/live     200 while the process serves.
//   GET /health/ready    200 when every readiness check passes (the
//                        database, the KMS key, required plugins, not
//                        stopping), else 503; a JSON body names each check
//                        (host/services/health/readiness.h).
//   GET /health          the same as /health/ready.
//   /authorize, /token, /register, /revoke, /jwks and
//   /.well-known/oauth-authorization-server: the built-in OAuth
//                        authorization server, when it is on
//                        (host/auth/server/authorization_server.h).
//   GET /metrics         Prometheus text (HttpOperations::metrics), with a
//                        bearer token if one is set; 404 without a registry.
//
// Every request's Host and Origin are checked first (DNS-rebinding
// protection; 403). A request to the MCP endpoint is then authenticated
// (401, 429), its media types checked (415, 406), and handed to the
// Dispatcher. A client that closes the connection carrying a call cancels
// the call. Long-lived streams are bounded in all and per tenant
// (StreamLimits); refused with 429 or 503 and Retry-After.
//
// Thread safety: the HttpHandler methods run concurrently.
#ifndef ODMCP_HOST_PROTOCOL_STREAMABLE_HTTP_H_
#define ODMCP_HOST_PROTOCOL_STREAMABLE_HTTP_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/common/clock.h"
#include "host/common/ip_networks.h"
#include "host/protocol/client_address.h"
#include "host/protocol/dispatcher.h"
#include "host/protocol/http_exchange.h"
#include "host/protocol/origin_policy.h"
#include "host/protocol/session_table.h"
#include "host/protocol/stream_limits.h"
#include "host/services/log_throttle.h"

namespace odmcp {

class AuthorizationServer;
class RequestAuthenticator;
class Readiness;
struct HostMetrics;
namespace metrics {
class MetricsRegistry;
}

// The host's operational parts that the HTTP endpoints serve and record
// into; each may be null.
struct HttpOperations {
  Readiness* readiness = nullptr;  // null: /health/ready is always ready
  // /metrics renders it; the constructor adds the gauges of sessions and
  // streams to it, so it must outlive the StreamableHttp.
  metrics::MetricsRegistry* registry = nullptr;
  HostMetrics* metrics = nullptr;  // HTTP requests and failed authentications
  std::string metrics_token;       // non-empty: /metrics asks for it as a bearer token
};

struct StreamableHttpOptions {
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts = {"127.0.0.1", "localhost", "::1"};
  std::vector<std::string> allowed_origins;
  // Peers trusted to say who the client is, and the header they say it in
  // (client_address.h).
  IpNetworks trusted_proxies;
  ForwardedHeader forwarded_header = ForwardedHeader::kXForwardedFor;
  // The transport's bounds, named in the refusals that enforce them.
  int64_t max_message_bytes = 4 * 1024 * 1024;
  int64_t max_header_bytes = 16 * 1024;
  std::chrono::seconds session_idle_timeout{1800};
  size_t max_sessions_per_tenant = 256;
  size_t replay_events = 256;
  std::chrono::seconds sse_keepalive{15};
  size_t max_streams = 10000;
  size_t max_streams_per_tenant = 100;
  // OAuth on: the protected-resource metadata (RFC 9728), served at each
  // of these paths to anyone.
  std::string resource_metadata_json;
  std::vector<std::string> resource_metadata_paths;
};

class StreamableHttp final : public HttpHandler {
 public:
  // `auth` (may be null: no tenants) authenticates every MCP request;
  // `authorization_server` (may be null: off) serves its endpoints.
  StreamableHttp(Dispatcher& dispatcher, StreamableHttpOptions options, RequestAuthenticator* auth,
                 HttpOperations operations = {},
                 AuthorizationServer* authorization_server = nullptr);
  StreamableHttp(const StreamableHttp&) = delete;
  StreamableHttp& operator=(const StreamableHttp&) = delete;
  ~StreamableHttp() override;

  HttpAnswer Refuse(TransportRefusal why) override;
  std::optional<HttpAnswer> Screen(const HttpRequestHead& head, AccessNote& note) override;
  void Handle(std::shared_ptr<HttpExchange> exchange) override;
  void EndStreams() override;
  // Writes the request's access-log line (info).
  void Completed(const HttpRequestRecord& record) override;

 private:
  struct Endpoint;    // one request to the MCP endpoint
  struct OpenListen;  // one subscriptions/listen stream

  void Post(Endpoint& request);
  void Initialize(Endpoint& request, Admitted& message);
  void Listen(Endpoint& request, Admitted& message);
  // Runs an admitted request and answers it as JSON, or as an SSE stream.
  void Answer(Endpoint& request, Admitted& message, bool stream,
              const std::shared_ptr<HttpSession>& session);
  void OpenSessionStream(Endpoint& request);
  void EndSession(Endpoint& request);
  // The session the request names, if it exists and belongs to its tenant
  // (another tenant's session id is answered like an unknown one); null
  // after answering the refusal.
  std::shared_ptr<HttpSession> RequireSession(Endpoint& request, std::string_view id_json);
  // A place for one more long-lived stream, or null after the refusal.
  std::optional<StreamLimits::Slot> TakeStreamSlot(Endpoint& request);
  std::optional<HttpAnswer> Preflight(const HttpRequestHead& head) const;
  HttpAnswer Metrics(const HttpRequestHead& head) const;
  HttpAnswer ResourceMetadata(const HttpRequestHead& head) const;
  // A request to the built-in authorization server.
  void Authorization(Endpoint& request);
  // The client's address: the peer's, or through trusted proxies the one
  // they forwarded (client_address.h).
  std::string ClientOf(const HttpRequestHead& head) const;
  // Registers the sessions and streams gauges in operations_.registry.
  void RegisterGauges();
  // Runs the readiness checks, which may wait on the database: called on
  // a worker thread, never from Screen().
  HttpAnswer Ready() const;
  // Ends idle sessions now and then, and returns freed memory after many
  // sessions have ended.
  void Sweep();

  Dispatcher& dispatcher_;
  const StreamableHttpOptions options_;
  RequestAuthenticator* const auth_;
  AuthorizationServer* const authorization_server_;
  const HttpOperations operations_;
  // Refused Host or Origin: anyone can cause one, without credentials.
  LogThrottle refusal_log_{SteadyMillis()};
  OriginPolicy policy_;
  SessionTable sessions_;
  std::shared_ptr<StreamLimits> streams_;

  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::map<const OpenListen*, std::shared_ptr<OpenListen>> listens_;
  std::thread sweeper_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_STREAMABLE_HTTP_H_
