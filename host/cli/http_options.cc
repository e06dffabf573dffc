#include "host/cli/http_options.h"

#include <chrono>
#include <utility>

#include "host/auth/resource_metadata.h"
#include "host/auth/server/authorization_server.h"
#include "host/cli/http_auth.h"
#include "host/common/ip_networks.h"
#include "host/protocol/client_address.h"

namespace odmcp {

HttpServerOptions HttpServerOptionsFrom(const Config& config) {
  HttpServerOptions options;
  options.host = config.http.listen.host;
  options.port = config.http.listen.port;
  options.tls_cert = config.http.tls_cert;
  options.tls_key = config.http.tls_key;
  HttpLimits& limits = options.limits;
  limits.max_body_bytes = config.server.max_message_bytes;
  limits.max_header_bytes = static_cast<size_t>(config.http.max_header_bytes);
  limits.header_timeout = std::chrono::seconds(config.http.header_timeout_s);
  limits.body_timeout = std::chrono::seconds(config.http.body_timeout_s);
  limits.keep_alive_timeout = std::chrono::seconds(config.http.keep_alive_timeout_s);
  limits.send_timeout = std::chrono::seconds(config.http.send_timeout_s);
  limits.max_connections = static_cast<size_t>(config.http.max_connections);
  limits.max_connections_per_address = static_cast<size_t>(config.http.max_connections_per_address);
  limits.stream_queue_bytes = static_cast<size_t>(config.http.stream_queue_bytes);
  limits.shutdown_grace = std::chrono::seconds(config.http.shutdown_grace_s);
  return options;
}

StreamableHttpOptions StreamableHttpOptionsFrom(const Config& config) {
  StreamableHttpOptions options;
  options.path = config.http.path;
  options.allowed_hosts = config.http.allowed_hosts;
  options.allowed_origins = config.http.allowed_origins;
  // The loader checked every entry.
  if (StatusOr<IpNetworks> proxies = IpNetworks::Parse(config.http.trusted_proxies); proxies.ok()) {
    options.trusted_proxies = std::move(proxies).value();
  }
  options.forwarded_header =
      ParseForwardedHeader(config.http.forwarded_header).value_or(ForwardedHeader::kXForwardedFor);
  options.max_message_bytes = config.server.max_message_bytes;
  options.max_header_bytes = config.http.max_header_bytes;
  options.session_idle_timeout = std::chrono::seconds(config.http.session_idle_timeout_s);
  options.max_sessions_per_tenant = static_cast<size_t>(config.http.max_sessions_per_tenant);
  options.replay_events = static_cast<size_t>(config.http.stream_replay_events);
  options.sse_keepalive = std::chrono::seconds(config.http.sse_keepalive_s);
  options.max_streams = static_cast<size_t>(config.http.max_streams);
  options.max_streams_per_tenant = static_cast<size_t>(config.http.max_streams_per_tenant);
  // The issuers clients may sign in with; clients take the first, so an
  // external provider the operator configured comes before the built-in
  // server.
  std::vector<std::string> issuers;
  if (!config.auth.external.issuer.empty()) issuers.push_back(config.auth.external.issuer);
  if (AuthorizationServerOn(config)) issuers.push_back(IssuerOf(config.auth.resource));
  if (!config.auth.resource.empty() && !issuers.empty()) {
    options.resource_metadata_json = ProtectedResourceMetadata(config.auth.resource, issuers);
    options.resource_metadata_paths = ProtectedResourceMetadataPaths(config.auth.resource);
  }
  return options;
}

}  // namespace odmcp
