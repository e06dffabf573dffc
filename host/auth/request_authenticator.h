// RequestAuthenticator: who an HTTP request speaks for, from its
// credentials -- a tenant master key (scripts; "Authorization: Bearer
// <key>" or ?token=) or an OAuth access token, from the built-in
// authorization server or the external identity provider -- and what it
// may do (DESIGN.md section 10, "Access").
//
// A bearer token shaped like a JWT goes to the token verifiers when one is
// configured (the built-in server's when the token names it as issuer, else
// the external provider's), anything else to MasterKeyAuthenticator -- unless [auth]
// master_key_bearer is false, which refuses master keys however they come.
// OAuth tokens are never taken from the query string. Every 401 challenge names the
// protected-resource metadata (RFC 9728) when OAuth is on, so that MCP clients can find where to
// sign in; a 403 for a scope the token lacks says which (ScopeChallenge).
//
// Thread safety: Authenticate may be called from any thread.
#ifndef ODMCP_HOST_AUTH_REQUEST_AUTHENTICATOR_H_
#define ODMCP_HOST_AUTH_REQUEST_AUTHENTICATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/auth/master_key_auth.h"
#include "host/services/log_throttle.h"

namespace odmcp {

class ExternalTokens;
class IssuedTokens;

struct RequestAuthOptions {
  bool master_key_bearer = true;
  // The protected-resource metadata's URL; empty: OAuth is off.
  std::string resource_metadata_url;
};

class RequestAuthenticator {
 public:
  // `master_keys` must outlive this object; `external` and `issued` too,
  // and each may be null.
  RequestAuthenticator(MasterKeyAuthenticator& master_keys, ExternalTokens* external,
                       IssuedTokens* issued, RequestAuthOptions options);

  // As MasterKeyAuthenticator::Authenticate, plus OAuth access tokens: a
  // verified token's result carries its grant.
  AuthResult Authenticate(std::optional<std::string_view> authorization,
                          std::optional<std::string> query_token, const std::string& address);

  // The WWW-Authenticate value of a 403 for a call that needs `scope`.
  std::string ScopeChallenge(std::string_view scope) const;

  bool allow_token_query() const { return master_keys_.allow_token_query(); }
  uint64_t key_derivations() const { return master_keys_.key_derivations(); }

 private:
  // 401 for an access token that does not verify, saying why.
  AuthRefusal InvalidToken(const std::string& why) const;

  MasterKeyAuthenticator& master_keys_;
  ExternalTokens* const external_;
  IssuedTokens* const issued_;
  const RequestAuthOptions options_;
  // Refused tokens: anyone can send them.
  LogThrottle refusal_log_{SteadyMillis()};
};

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_REQUEST_AUTHENTICATOR_H_
