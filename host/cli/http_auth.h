// HttpAuthentication: what authenticates the requests of `serve` over HTTP,
// built from the configuration and owned in one place -- master keys
// always, and the external identity provider's tokens when [auth.external]
// names one.
#ifndef ODMCP_HOST_CLI_HTTP_AUTH_H_
#define ODMCP_HOST_CLI_HTTP_AUTH_H_

#include <memory>

#include "host/auth/external_tokens.h"
#include "host/auth/jwks_source.h"
#include "host/auth/master_key_auth.h"
#include "host/auth/request_authenticator.h"
#include "host/config/config.h"

namespace odmcp {

class HttpClient;
class TenantStore;
class ExternalIdentities;

class HttpAuthentication {
 public:
  // Every reference must outlive the result.
  HttpAuthentication(const Config& config, TenantStore& tenants, ExternalIdentities& identities,
                     HttpClient& http);

  RequestAuthenticator& authenticator() { return *request_; }

 private:
  std::unique_ptr<MasterKeyAuthenticator> master_keys_;
  std::unique_ptr<JwksSource> jwks_;
  std::unique_ptr<ExternalTokens> external_;
  std::unique_ptr<RequestAuthenticator> request_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_HTTP_AUTH_H_
