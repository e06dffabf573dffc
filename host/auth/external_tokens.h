// ExternalTokens: access tokens from the external identity provider of
// [auth.external], as a resource server takes them (RFC 9068 profile of
// JWTs; MCP authorization, "Token Handling").
//
// A token is accepted when it is a JWT signed with ES256, EdDSA or RS256 by
// a key of the provider's JWKS (JwksSource), its "iss" is the configured
// issuer, its "aud" names this server's resource (or the configured
// audience), and its exp, nbf and iat hold within the allowed clock skew.
// Its tenant claim (the subject, or the claim configured) names an identity
// that ExternalIdentities maps to a tenant; its scope claim (a
// space-separated string, or an array of strings as some providers send in
// "scp") becomes the request's ToolGrant.
//
// Refusals are UNAUTHENTICATED with a message that says what failed and
// never repeats the token; UNAVAILABLE when the provider's keys or the
// database cannot be reached now (the client should retry, not sign in
// again).
//
// Thread safety: Verify may be called from any thread.
#ifndef ODMCP_HOST_AUTH_EXTERNAL_TOKENS_H_
#define ODMCP_HOST_AUTH_EXTERNAL_TOKENS_H_

#include <memory>
#include <string>
#include <string_view>

#include "host/auth/jwks_source.h"
#include "host/auth/tool_grant.h"
#include "host/common/clock.h"
#include "host/common/status.h"
#include "host/config/config.h"
#include "host/services/tenants/external_identities.h"
#include "host/services/tenants/tenant.h"

namespace odmcp {

// Who a verified token speaks for, and what it may do.
struct TokenHolder {
  std::shared_ptr<const Tenant> tenant;
  std::shared_ptr<const ToolGrant> grant;
};

class ExternalTokens {
 public:
  // `audience`: what "aud" must contain. Every reference must outlive this
  // object.
  ExternalTokens(const ExternalIdpConfig& config, std::string audience, JwksSource& keys,
                 ExternalIdentities& identities, const Clock* clock);

  StatusOr<TokenHolder> Verify(std::string_view token);

  const std::string& issuer() const { return config_.issuer; }

 private:
  const ExternalIdpConfig config_;
  const std::string audience_;
  JwksSource& keys_;
  ExternalIdentities& identities_;
  const Clock* const clock_;
};

// Whether `token` has the shape of a JWS in compact form (three base64url
// parts), as master keys never have: it is for the token verifiers, not the
// master key check.
bool LooksLikeJwt(std::string_view token);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_EXTERNAL_TOKENS_H_
