#include "host/auth/external_tokens.h"

#include <utility>

#include "host/common/json.h"

namespace odmcp {
namespace {

Status Refuse(std::string message) { return Status(ODMCP_UNAUTHENTICATED, std::move(message)); }

// The scope claim as RFC 6749 section 3.3 spells scopes: a string stays as
// it is, an array of strings is joined with spaces.
std::optional<std::string> ScopeOf(const rapidjson::Value& claim) {
  if (claim.IsString()) return std::string(AsView(claim));
  if (!claim.IsArray()) return std::nullopt;
  std::string joined;
  for (const rapidjson::Value& item : claim.GetArray()) {
    if (!item.IsString()) return std::nullopt;
    if (!joined.empty()) joined += ' ';
    joined += AsView(item);
  }
  return joined;
}

}  // namespace

bool LooksLikeJwt(std::string_view token) {
  int dots = 0;
  for (char c : token) {
    if (c == '.') {
      ++dots;
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_')) {
      return false;
    }
  }
  return dots == 2;
}

ExternalTokens::ExternalTokens(const ExternalIdpConfig& config, std::string audience,
                               JwksSource& keys, ExternalIdentities& identities, const Clock* clock)
    : config_(config),
      audience_(std::move(audience)),
      keys_(keys),
      identities_(identities),
      clock_(clock) {}

StatusOr<TokenHolder> ExternalTokens::Verify(std::string_view token) {
  // The key the token names, held for the verification; a key set that
  // cannot be fetched at all fails the request as unavailable.
  std::shared_ptr<const PublicJwk> key;
  Status unavailable;
  auto key_for = [&](std::string_view kid) -> const PublicJwk* {
    StatusOr<std::shared_ptr<const PublicJwk>> found = keys_.Key(kid);
    if (!found.ok()) {
      unavailable = found.status();
      return nullptr;
    }
    key = std::move(found).value();
    return key.get();
  };
  JwtExpectations expect;
  expect.issuer = config_.issuer;
  expect.audience = audience_;
  expect.now_s = clock_->UnixMillis() / 1000;
  expect.leeway_s = config_.leeway_s;
  StatusOr<JwtClaims> claims = VerifyJwt(token, key_for, expect);
  if (!unavailable.ok()) {
    return Status(ODMCP_UNAVAILABLE,
                  "the identity provider's signing keys cannot be fetched now; try again later");
  }
  if (!claims.ok()) return claims.status();

  const rapidjson::Value* subject = FindMember(claims.value().raw, config_.tenant_claim);
  if (subject == nullptr || !subject->IsString() || subject->GetStringLength() == 0) {
    return Refuse("the token has no \"" + config_.tenant_claim +
                  "\" claim (a non-empty string), which names its tenant here");
  }
  StatusOr<std::shared_ptr<const Tenant>> tenant =
      identities_.Find(config_.issuer, AsView(*subject), config_.create_tenants);
  if (!tenant.ok()) {
    if (tenant.status().code() == ODMCP_UNAVAILABLE) {
      return Status(ODMCP_UNAVAILABLE, "the tenant store cannot be read now; try again later");
    }
    return Refuse("the token's identity has no tenant here: " + tenant.error());
  }
  if (tenant.value() == nullptr) {
    return Refuse(
        "the token's identity is not linked to a tenant here; an operator links it "
        "with `orderdesk-mcp tenant link`");
  }
  std::string scope;
  if (const rapidjson::Value* claim = FindMember(claims.value().raw, config_.scope_claim)) {
    std::optional<std::string> given = ScopeOf(*claim);
    if (!given) {
      return Refuse("the token's \"" + config_.scope_claim +
                    "\" claim is neither a string nor an array of strings");
    }
    scope = std::move(*given);
  }
  return TokenHolder{std::move(tenant).value(),
                     std::make_shared<const ToolGrant>(ToolGrant::FromScope(scope))};
}

}  // namespace odmcp
