// HttpAuthentication: what authenticates the requests of `serve` over HTTP,
// built from the configuration and owned in one place -- master keys
// always; the built-in authorization server and the tokens it issues when
// [auth] resource is set (unless [auth.server] enabled is false); and the
// external identity provider's tokens when [auth.external] names one.
#ifndef ODMCP_HOST_CLI_HTTP_AUTH_H_
#define ODMCP_HOST_CLI_HTTP_AUTH_H_

#include <memory>

#include "host/auth/external_tokens.h"
#include "host/auth/jwks_source.h"
#include "host/auth/master_key_auth.h"
#include "host/auth/request_authenticator.h"
#include "host/auth/server/authorization_server.h"
#include "host/auth/server/issued_tokens.h"
#include "host/auth/server/metadata_documents.h"
#include "host/auth/server/signing_keys.h"
#include "host/config/config.h"

namespace odmcp {

class HttpClient;
class ServiceSet;

class HttpAuthentication {
 public:
  // `services` (with tenants) must outlive the result.
  HttpAuthentication(const Config& config, ServiceSet& services);

  // Reads the authorization server's signing keys (making the first).
  Status Start();

  RequestAuthenticator& authenticator() { return *request_; }
  // Null when the built-in authorization server is off.
  AuthorizationServer* authorization_server() { return server_.get(); }

 private:
  std::unique_ptr<MasterKeyAuthenticator> master_keys_;
  std::unique_ptr<JwksSource> jwks_;
  std::unique_ptr<ExternalTokens> external_;
  std::unique_ptr<SigningKeys> signing_keys_;
  std::unique_ptr<IssuedTokens> issued_;
  // Its own client: it fetches URLs strangers choose (metadata_documents.h).
  std::unique_ptr<HttpClient> document_http_;
  std::unique_ptr<MetadataDocuments> documents_;
  std::unique_ptr<AuthorizationServer> server_;
  std::unique_ptr<RequestAuthenticator> request_;
};

// Whether `config` turns the built-in authorization server on.
bool AuthorizationServerOn(const Config& config);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_HTTP_AUTH_H_
