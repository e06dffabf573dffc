#include "host/cli/http_auth.h"

#include "host/auth/resource_metadata.h"
#include "host/common/clock.h"
#include "host/services/http_client/http_client.h"
#include "host/services/service_set.h"

namespace odmcp {
namespace {

// A JWKS or discovery document is a few KiB; this bounds what a provider
// (or whoever answers in its place) can make the host hold.
constexpr uint64_t kMaxKeyDocumentBytes = 256 * 1024;
constexpr int64_t kKeyFetchTimeoutMs = 5000;

}  // namespace

bool AuthorizationServerOn(const Config& config) {
  return config.auth.server.enabled && !config.auth.resource.empty() &&
         config.tenants.mode == TenantMode::kRequired;
}

HttpAuthentication::HttpAuthentication(const Config& config, ServiceSet& services) {
  MasterKeyAuthOptions master_options;
  master_options.allow_token_query = config.http.allow_token_query;
  master_options.failures_per_minute = config.http.auth_failures_per_minute;
  master_keys_ = std::make_unique<MasterKeyAuthenticator>(*services.tenants(), master_options);

  RequestAuthOptions options;
  options.master_key_bearer = config.auth.master_key_bearer;
  const ExternalIdpConfig& external = config.auth.external;
  if (!external.issuer.empty()) {
    JwksSourceOptions jwks_options;
    jwks_options.issuer = external.issuer;
    jwks_options.jwks_uri = external.jwks_uri;
    jwks_options.refresh_ms = int64_t{external.jwks_refresh_s} * 1000;
    jwks_options.min_refetch_ms = int64_t{external.jwks_min_refetch_s} * 1000;
    jwks_ = std::make_unique<JwksSource>(
        jwks_options, HttpJsonFetch(*services.http(), kMaxKeyDocumentBytes, kKeyFetchTimeoutMs),
        SystemClock());
    external_ = std::make_unique<ExternalTokens>(
        external, external.audience.empty() ? config.auth.resource : external.audience, *jwks_,
        *services.identities(), SystemClock());
    options.resource_metadata_url = ProtectedResourceMetadataUrl(config.auth.resource);
  }
  if (AuthorizationServerOn(config)) {
    IssuedTokenOptions token_options;
    token_options.issuer = IssuerOf(config.auth.resource);
    token_options.resource = config.auth.resource;
    token_options.ttl_s = config.auth.server.access_token_ttl_s;
    // A retired key verifies for as long as the last token it signed lives.
    signing_keys_ = std::make_unique<SigningKeys>(*services.database(), services.kms(),
                                                  SystemClock(), token_options.ttl_s * 1000);
    issued_ = std::make_unique<IssuedTokens>(token_options, *signing_keys_, *services.grants(),
                                             *services.tenants(), *services.database(),
                                             services.kms(), SystemClock());
    if (config.auth.server.metadata_documents) {
      HttpClientOptions http_options;
      http_options.ca_file = config.http_client.ca_file;
      http_options.max_attempts = 1;
      http_options.connect_timeout_ms = kKeyFetchTimeoutMs;
      http_options.max_response_bytes = MetadataDocuments::kMaxDocumentBytes;
      http_options.max_idle_connections_per_origin = 1;
      http_options.public_addresses_only = !config.auth.server.metadata_document_private_addresses;
      document_http_ = std::make_unique<HttpClient>(http_options);
      documents_ = std::make_unique<MetadataDocuments>(
          HttpDocumentFetch(*document_http_, kKeyFetchTimeoutMs), SystemClock());
    }
    server_ = std::make_unique<AuthorizationServer>(token_options, *services.grants(),
                                                    documents_.get(), *issued_, *signing_keys_,
                                                    *master_keys_, services.audit(), SystemClock());
    options.resource_metadata_url = ProtectedResourceMetadataUrl(config.auth.resource);
  }
  request_ = std::make_unique<RequestAuthenticator>(*master_keys_, external_.get(), issued_.get(),
                                                    options);
}

Status HttpAuthentication::Start() {
  return signing_keys_ == nullptr ? Status() : signing_keys_->Load();
}

}  // namespace odmcp
