#include "host/cli/http_auth.h"

#include "host/auth/resource_metadata.h"
#include "host/common/clock.h"

namespace odmcp {
namespace {

// A JWKS or discovery document is a few KiB; this bounds what a provider
// (or whoever answers in its place) can make the host hold.
constexpr uint64_t kMaxKeyDocumentBytes = 256 * 1024;
constexpr int64_t kKeyFetchTimeoutMs = 5000;

}  // namespace

HttpAuthentication::HttpAuthentication(const Config& config, TenantStore& tenants,
                                       ExternalIdentities& identities, HttpClient& http) {
  MasterKeyAuthOptions master_options;
  master_options.allow_token_query = config.http.allow_token_query;
  master_options.failures_per_minute = config.http.auth_failures_per_minute;
  master_keys_ = std::make_unique<MasterKeyAuthenticator>(tenants, master_options);

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
        jwks_options, HttpJsonFetch(http, kMaxKeyDocumentBytes, kKeyFetchTimeoutMs), SystemClock());
    external_ = std::make_unique<ExternalTokens>(
        external, external.audience.empty() ? config.auth.resource : external.audience, *jwks_,
        identities, SystemClock());
    options.resource_metadata_url = ProtectedResourceMetadataUrl(config.auth.resource);
  }
  request_ = std::make_unique<RequestAuthenticator>(*master_keys_, external_.get(), options);
}

}  // namespace odmcp
