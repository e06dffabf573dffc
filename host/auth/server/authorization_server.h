// AuthorizationServer: the host's built-in OAuth 2.1 authorization server,
// for its own tenants (DESIGN.md section 10, "Access"; the MCP
// authorization specification, 2025-11-25 and 2026-07-28). Its issuer is
// the scheme and authority of [auth] resource, and it serves, beside the
// MCP endpoint:
//
//   GET  /.well-known/oauth-authorization-server   metadata (RFC 8414)
//   GET  /jwks                   the keys its access tokens are signed with
//   POST /register               Dynamic Client Registration (RFC 7591);
//                                clients may instead be identified by a
//                                metadata document (metadata_documents.h)
//   GET  /authorize              checks the request, shows the sign-in page
//   POST /authorize              the sign-in (the tenant's master key), then
//                                the consent page's decision: a redirect
//                                with the code, the state and iss (RFC 9207)
//   POST /token                  authorization_code (PKCE S256 only) and
//                                refresh_token (rotating, one-time) grants
//   POST /revoke                 token revocation (RFC 7009)
//
// A request whose client or redirect URI is not known gets an error page,
// never a redirect; any other bad authorization request is sent back to
// the client with its error code. Sign-in tries count against the
// address's failure limit as master keys on the MCP endpoint do (429 once
// it is passed). Sign-ins, consents, issues, refreshes, revocations and
// refusals are written to the audit log (tool "oauth.<event>"), with the
// client and scope, never a token, code or key.
//
// Bounds: at most kMaxPending authorizations between their first page and
// the consent (each for kPendingMs), in the memory of the process that
// showed the first page; bodies of at most kMaxBodyBytes; registered
// clients as GrantStore bounds them. One address may register
// kRegistrationsPerHour clients an hour and open kSignInsPer10Minutes
// sign-in pages per ten minutes (429 past that), so that no client can
// fill the registry or the pending sign-ins for everyone.
//
// Thread safety: Handle may be called from any thread.
#ifndef ODMCP_HOST_AUTH_SERVER_AUTHORIZATION_SERVER_H_
#define ODMCP_HOST_AUTH_SERVER_AUTHORIZATION_SERVER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/auth/master_key_auth.h"
#include "host/auth/server/issued_tokens.h"
#include "host/auth/server/metadata_documents.h"
#include "host/auth/server/oauth_clients.h"
#include "host/auth/server/signing_keys.h"
#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/services/oauth/grant_store.h"
#include "host/services/ratelimit/rate_limiter.h"

namespace odmcp {

class AuditLog;

// One request to an endpoint of the server, as the HTTP binding hands it.
struct OAuthRequest {
  std::string_view method;
  std::string_view path;
  std::string_view query;
  std::string_view body;
  std::string_view content_type;   // "" when absent
  std::string_view authorization;  // the Authorization header, "" when absent
  std::string client_address;
};

struct OAuthResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // empty: no body
  std::string body;
  int64_t tenant_id = 0;  // the tenant it acted for, for the access log; 0: none
};

class AuthorizationServer {
 public:
  static constexpr size_t kMaxPending = 1000;
  static constexpr int64_t kPendingMs = 10 * 60 * 1000;
  static constexpr size_t kMaxBodyBytes = 64 * 1024;
  static constexpr int kRegistrationsPerHour = 20;
  static constexpr int kSignInsPer10Minutes = 60;

  // `documents` (null: clients are identified by registration only) and
  // `audit` may be null; every other reference must outlive this object.
  AuthorizationServer(const IssuedTokenOptions& options, GrantStore& grants,
                      MetadataDocuments* documents, IssuedTokens& tokens, SigningKeys& keys,
                      MasterKeyAuthenticator& master_keys, AuditLog* audit, const Clock* clock);

  // Whether `path` is one of the server's endpoints.
  static bool Serves(std::string_view path);

  OAuthResponse Handle(const OAuthRequest& request);

  // The metadata document (RFC 8414).
  const std::string& metadata() const { return metadata_; }

 private:
  struct Pending;

  OAuthResponse StartAuthorization(const OAuthRequest& request);
  OAuthResponse ContinueAuthorization(const OAuthRequest& request);
  OAuthResponse Register(const OAuthRequest& request);
  OAuthResponse Token(const OAuthRequest& request);
  OAuthResponse Revoke(const OAuthRequest& request);

  // The client a token or revocation request authenticates as, or why not.
  struct Caller;
  Caller AuthenticateClient(const OAuthRequest& request,
                            const std::vector<std::pair<std::string, std::string>>& form);
  OAuthResponse CodeGrant(const OAuthClient& client,
                          const std::vector<std::pair<std::string, std::string>>& form,
                          const std::string& address);
  OAuthResponse RefreshGrant(const OAuthClient& client,
                             const std::vector<std::pair<std::string, std::string>>& form,
                             const std::string& address);
  // The answer to a code or refresh token GrantStore refused.
  template <class Refuse>
  OAuthResponse RedeemRefusal(const Status& status, const Refuse& refuse);
  // 200 with a new access token and refresh token of `grant`.
  OAuthResponse Tokens(const GrantRecord& grant, std::string_view vault_key);

  // 429 if `address` has used up its `family` allowance, else nullopt.
  std::optional<OAuthResponse> OverLimit(std::string_view family, const std::string& address,
                                         bool html);
  std::optional<std::string> AddPending(std::shared_ptr<Pending> pending);
  std::shared_ptr<Pending> FindPending(std::string_view id);
  // False if it was not pending (any more).
  bool DropPending(std::string_view id);

  void Audit(std::string_view event, int64_t tenant_id, std::string_view outcome,
             std::string_view client_id, std::string_view detail, const std::string& address);

  const IssuedTokenOptions options_;
  const std::string metadata_;
  GrantStore& grants_;
  MetadataDocuments* const documents_;
  IssuedTokens& tokens_;
  SigningKeys& keys_;
  MasterKeyAuthenticator& master_keys_;
  AuditLog* const audit_;
  const Clock* const clock_;
  RateLimiter per_address_;
  Mutex mutex_;
  std::map<std::string, std::shared_ptr<Pending>, std::less<>> pending_ GUARDED_BY(mutex_);
};

// The issuer identifier of the server protecting `resource`: its scheme and
// authority ("https://mcp.example.com"), exactly as spelled there; "" if
// `resource` is not an http(s) URL.
std::string IssuerOf(std::string_view resource);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_SERVER_AUTHORIZATION_SERVER_H_
