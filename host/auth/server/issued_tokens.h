// IssuedTokens: the access tokens the built-in authorization server issues,
// and their verification where the MCP endpoint takes them.
//
// An access token is a JWT (RFC 9068 profile, "typ" at+jwt) signed with
// the server's ES256 key (SigningKeys): "iss" the issuer, "aud" the
// resource, "sub" the tenant's name, "client_id", "scope", "jti", "iat",
// "exp" (ttl_s after issue), and two claims of this server's own: "gid",
// the grant it was issued under, and "vk", the tenant's vault key sealed
// under a key derived from the KMS key and the token's jti. The token and
// the KMS key together open the tenant's vault for as long as the token
// lives, as the master key and the KMS key do; the database alone, or a
// token without the KMS key, opens nothing.
//
// Verify() accepts a token when its signature is by a published key, its
// iss, aud, exp and iat hold (within `leeway_s`), and its grant exists and
// is not revoked. Verified tokens are remembered (at most
// kMaxRememberedTokens, each until it expires) by their SHA-256, and all
// forgotten when any tenant or grant changes (TenantStore::Generation):
// a revocation reaches every process within TenantStore's revision check.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_AUTH_SERVER_ISSUED_TOKENS_H_
#define ODMCP_HOST_AUTH_SERVER_ISSUED_TOKENS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "host/auth/external_tokens.h"
#include "host/auth/server/signing_keys.h"
#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/common/status.h"
#include "host/services/oauth/grant_store.h"
#include "host/services/storage/database.h"
#include "host/services/tenants/kms_key.h"

namespace odmcp {

class TenantStore;

struct IssuedTokenOptions {
  std::string issuer;    // the "iss" of every token
  std::string resource;  // the "aud" of every token
  int64_t ttl_s = 3600;
  int64_t leeway_s = 5;  // issued and checked by hosts sharing a clock source
};

class IssuedTokens {
 public:
  static constexpr size_t kMaxRememberedTokens = 10000;

  // Every reference must outlive this object.
  IssuedTokens(IssuedTokenOptions options, SigningKeys& keys, GrantStore& grants,
               TenantStore& tenants, storage::Database& db, std::shared_ptr<const KmsKey> kms,
               const Clock* clock);

  // A new access token of `grant`, carrying `vault_key`.
  std::string Issue(const GrantRecord& grant, std::string_view vault_key);

  // The token's tenant and grant. NOT_FOUND when the token is not this
  // server's (its "iss" is another's, or unreadable: the caller may try
  // another verifier) unless `sole`, when there is no other verifier and
  // the token is checked anyway so that the refusal says what is wrong;
  // UNAUTHENTICATED when it fails a check (the message says which, never
  // quoting the token); UNAVAILABLE when the database cannot be read now.
  StatusOr<TokenHolder> Verify(std::string_view token, bool sole);

  // The grant a token of this server names, if its signature verifies
  // (whether or not it expired): what revocation (RFC 7009) ends.
  std::optional<int64_t> GrantOf(std::string_view token);

  // Forgets every verified token: a grant was revoked here, and this
  // process must not wait for TenantStore's revision check to notice.
  void Forget();

  const IssuedTokenOptions& options() const { return options_; }

 private:
  struct Remembered {
    TokenHolder holder;
    int64_t expires_s;
  };

  StatusOr<TokenHolder> Check(std::string_view token);
  // Unless the tenants changed or Forget() ran since the check began.
  void Remember(std::string hash, TokenHolder holder, int64_t expires_s, uint64_t generation,
                uint64_t forgets);

  const IssuedTokenOptions options_;
  SigningKeys& keys_;
  GrantStore& grants_;
  TenantStore& tenants_;
  storage::Database& db_;
  const std::shared_ptr<const KmsKey> kms_;
  const Clock* const clock_;
  Mutex mutex_;
  std::unordered_map<std::string, Remembered> remembered_ GUARDED_BY(mutex_);
  uint64_t generation_ GUARDED_BY(mutex_) = 0;
  uint64_t forgets_ GUARDED_BY(mutex_) = 0;  // Forget() calls
};

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_SERVER_ISSUED_TOKENS_H_
