#include "host/auth/server/issued_tokens.h"

#include <stdexcept>
#include <utility>

#include "host/common/base64.h"
#include "host/common/json.h"
#include "host/crypto/aes_gcm.h"
#include "host/crypto/hkdf.h"
#include "host/crypto/secure_bytes.h"
#include "host/crypto/sha256.h"
#include "host/services/log.h"
#include "host/services/tenants/tenant_store.h"
#include "host/services/tenants/vault.h"

namespace odmcp {
namespace {

std::string SealingKey(const KmsKey& kms, std::string_view jti) {
  StatusOr<std::string> key = crypto::HkdfSha256(std::string(kms.raw()) + std::string(jti), "",
                                                 "orderdesk-mcp oauth access token v1", 32);
  if (!key.ok()) throw std::runtime_error("deriving an access-token sealing key failed");
  return std::move(key).value();
}

std::string AdditionalData(int64_t grant_id) { return "access:" + std::to_string(grant_id); }

// The "iss" of a token's payload, unverified: which verifier is to judge it.
std::optional<std::string> UnverifiedIssuer(std::string_view token) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return std::nullopt;
  std::optional<std::string> payload = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  rapidjson::Document doc;
  if (ParseJson(*payload, doc, 8) || !doc.IsObject()) return std::nullopt;
  const rapidjson::Value* iss = FindMember(doc, "iss");
  if (iss == nullptr || !iss->IsString()) return std::nullopt;
  return std::string(AsView(*iss));
}

Status Refused(std::string why) { return Status(ODMCP_UNAUTHENTICATED, std::move(why)); }

}  // namespace

IssuedTokens::IssuedTokens(IssuedTokenOptions options, SigningKeys& keys, GrantStore& grants,
                           TenantStore& tenants, storage::Database& db,
                           std::shared_ptr<const KmsKey> kms, const Clock* clock)
    : options_(std::move(options)),
      keys_(keys),
      grants_(grants),
      tenants_(tenants),
      db_(db),
      kms_(std::move(kms)),
      clock_(clock) {}

std::string IssuedTokens::Issue(const GrantRecord& grant, std::string_view vault_key) {
  const std::string jti = Base64UrlEncode(crypto::RandomBytes(16));
  const std::string nonce = crypto::RandomBytes(crypto::kAesGcmNonceSize);
  std::string key = SealingKey(*kms_, jti);
  StatusOr<std::string> sealed =
      crypto::AesGcmSeal(key, nonce, vault_key, AdditionalData(grant.id));
  crypto::Wipe(&key);
  if (!sealed.ok()) throw std::runtime_error("sealing an access token's vault key failed");
  const int64_t now = clock_->UnixMillis() / 1000;

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteKeyString(w, "iss", options_.issuer);
  WriteKeyString(w, "sub", grant.tenant_name);
  WriteKeyString(w, "aud", grant.resource);
  WriteKeyString(w, "client_id", grant.client_id);
  WriteKeyString(w, "scope", grant.scope);
  WriteKeyString(w, "jti", jti);
  w.Key("iat");
  w.Int64(now);
  w.Key("exp");
  w.Int64(now + options_.ttl_s);
  w.Key("gid");
  w.Int64(grant.id);
  WriteKeyString(w, "vk", Base64UrlEncode(nonce + sealed.value()));
  w.EndObject();
  std::shared_ptr<const SigningKeySet> keys = keys_.Current();
  return SignJwt(*keys->signer, keys->signer_kid, "at+jwt",
                 std::string_view(buffer.GetString(), buffer.GetSize()));
}

StatusOr<TokenHolder> IssuedTokens::Verify(std::string_view token, bool sole) {
  std::string hash = crypto::Sha256(token);
  const uint64_t generation = tenants_.Generation();
  const int64_t now_s = clock_->UnixMillis() / 1000;
  {
    MutexLock lock(&mutex_);
    if (generation != generation_) {
      remembered_.clear();
      generation_ = generation;
    }
    auto it = remembered_.find(hash);
    if (it != remembered_.end()) {
      if (now_s <= it->second.expires_s + options_.leeway_s) return it->second.holder;
      remembered_.erase(it);
    }
  }
  if (!sole && UnverifiedIssuer(token) != options_.issuer) {
    return Status(ODMCP_NOT_FOUND, "the token is not one this server issued");
  }
  return Check(token);
}

StatusOr<TokenHolder> IssuedTokens::Check(std::string_view token) {
  const uint64_t generation = tenants_.Generation();
  uint64_t forgets = 0;
  {
    MutexLock lock(&mutex_);
    forgets = forgets_;
  }
  std::shared_ptr<const SigningKeySet> keys;
  JwkLookup key_for = [&](std::string_view kid) -> const PublicJwk* {
    keys = keys_.ForKid(kid);
    return keys->Find(kid);
  };
  JwtExpectations expect;
  expect.issuer = options_.issuer;
  expect.audience = options_.resource;
  expect.now_s = clock_->UnixMillis() / 1000;
  expect.leeway_s = options_.leeway_s;
  StatusOr<JwtClaims> verified = VerifyJwt(token, key_for, expect);
  if (!verified.ok()) return Refused(verified.error());
  const JwtClaims& claims = verified.value();
  const rapidjson::Value* gid = FindMember(claims.raw, "gid");
  const rapidjson::Value* vk = FindMember(claims.raw, "vk");
  const rapidjson::Value* scope = FindMember(claims.raw, "scope");
  if (gid == nullptr || !gid->IsInt64() || vk == nullptr || !vk->IsString() || scope == nullptr ||
      !scope->IsString() || claims.jwt_id.empty()) {
    return Refused("the token lacks the grant, vault key, scope or jti claims this server puts in");
  }
  StatusOr<std::optional<GrantRecord>> grant = grants_.FindGrant(gid->GetInt64());
  if (!grant.ok()) return grant.status();
  if (!grant.value() || grant.value()->revoked) {
    return Refused("the grant this token was issued under was revoked; sign in again");
  }
  const GrantRecord& record = *grant.value();
  std::optional<std::string> sealed = Base64UrlDecode(AsView(*vk));
  if (!sealed || sealed->size() <= crypto::kAesGcmNonceSize) {
    return Refused("the token's vault key claim is malformed");
  }
  std::string key = SealingKey(*kms_, claims.jwt_id);
  StatusOr<std::string> vault_key = crypto::AesGcmOpen(
      key, std::string_view(*sealed).substr(0, crypto::kAesGcmNonceSize),
      std::string_view(*sealed).substr(crypto::kAesGcmNonceSize), AdditionalData(record.id));
  crypto::Wipe(&key);
  if (!vault_key.ok()) return Refused("the token's vault key does not open");
  auto tenant = std::make_shared<Tenant>();
  tenant->id = record.tenant_id;
  tenant->name = record.tenant_name;
  tenant->vault_key = std::move(vault_key).value();
  // As for a verified master key: the tenant's stored secrets are scrubbed
  // from logs and audit rows from now on.
  if (Status registered = Vault(db_).RegisterSecrets(*tenant); !registered.ok()) {
    HostLog().Warning("the tenant's stored secrets are redacted once opened",
                      {{"tenant", tenant->name}, {"error", registered.message()}});
  }
  TokenHolder holder{std::move(tenant),
                     std::make_shared<const ToolGrant>(ToolGrant::FromScope(AsView(*scope)))};
  Remember(crypto::Sha256(token), holder, claims.expires_at, generation, forgets);
  return holder;
}

std::optional<int64_t> IssuedTokens::GrantOf(std::string_view token) {
  if (UnverifiedIssuer(token) != options_.issuer) return std::nullopt;
  std::shared_ptr<const SigningKeySet> keys;
  StatusOr<std::string> payload = VerifyJws(token, [&](std::string_view kid) {
    keys = keys_.ForKid(kid);
    return keys->Find(kid);
  });
  if (!payload.ok()) return std::nullopt;
  rapidjson::Document doc;
  if (ParseJson(payload.value(), doc, 8) || !doc.IsObject()) return std::nullopt;
  const rapidjson::Value* gid = FindMember(doc, "gid");
  if (gid == nullptr || !gid->IsInt64()) return std::nullopt;
  return gid->GetInt64();
}

void IssuedTokens::Forget() {
  MutexLock lock(&mutex_);
  remembered_.clear();
  // Checks that started before are not remembered either.
  ++forgets_;
}

void IssuedTokens::Remember(std::string hash, TokenHolder holder, int64_t expires_s,
                            uint64_t generation, uint64_t forgets) {
  const int64_t now_s = clock_->UnixMillis() / 1000;
  MutexLock lock(&mutex_);
  if (generation != generation_ || forgets != forgets_) return;
  if (remembered_.size() >= kMaxRememberedTokens) {
    for (auto it = remembered_.begin(); it != remembered_.end();) {
      it = it->second.expires_s < now_s ? remembered_.erase(it) : std::next(it);
    }
    // Still full of live tokens: remembering is only a saving.
    if (remembered_.size() >= kMaxRememberedTokens) return;
  }
  remembered_.emplace(std::move(hash), Remembered{std::move(holder), expires_s});
}

}  // namespace odmcp
