// IssuedTokens: an access token of the built-in server speaks for its
// grant's tenant, opens its vault and carries its scopes; a token for
// another resource, expired, revoked, unsigned, HMAC-signed, signed by
// another key, tampered with, or carrying another grant's vault key is
// refused, and a token of another issuer is left to the other verifier.
#include "host/auth/server/issued_tokens.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "host/common/base64.h"
#include "host/common/json.h"
#include "host/crypto/hmac.h"
#include "tests/unit/services/tenant_db_test.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://mcp.example.com";
constexpr char kResource[] = "https://mcp.example.com/mcp";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

std::string B64(std::string_view text) { return Base64UrlEncode(text); }

// The payload of `token`, parsed.
rapidjson::Document Payload(std::string_view token) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  rapidjson::Document doc;
  ParseJson(*Base64UrlDecode(token.substr(first + 1, second - first - 1)), doc);
  return doc;
}

class IssuedTokensTest : public services_test::TenantDbTest {
 protected:
  void SetUp() override {
    TenantDbTest::SetUp();
    if (HasFatalFailure()) return;
    tenant_ = AddTenant("alice");
    ASSERT_NE(tenant_, nullptr);
    grants_ = std::make_unique<GrantStore>(*db_, kms_, &clock_, GrantStoreOptions{});
    keys_ = std::make_unique<SigningKeys>(*db_, kms_, &clock_, 3600000);
    ASSERT_TRUE(keys_->Load().ok());
    tokens_ = Verifier(kResource);
  }

  std::unique_ptr<IssuedTokens> Verifier(std::string resource) {
    IssuedTokenOptions options;
    options.issuer = kIssuer;
    options.resource = std::move(resource);
    options.ttl_s = 3600;
    return std::make_unique<IssuedTokens>(options, *keys_, *grants_, *tenants_, *db_, kms_,
                                          &clock_);
  }

  // A grant of `scope`, as the consent page makes it.
  GrantRecord Grant(std::string scope) {
    auto code = grants_->IssueCode({tenant_->id, "client-1", std::move(scope), kResource},
                                   "http://localhost/cb", kChallenge, tenant_->vault_key);
    EXPECT_TRUE(code.ok());
    auto redeemed = grants_->RedeemCode(code.value());
    EXPECT_TRUE(redeemed.ok());
    return redeemed.value().grant;
  }

  // `payload` signed with this server's own key, as a forger holding it
  // would.
  std::string SignedWithOwnKey(const rapidjson::Value& payload) {
    auto set = keys_->Current();
    return SignJwt(*set->signer, set->signer_kid, "at+jwt", ToJson(payload));
  }

  std::shared_ptr<const Tenant> tenant_;
  std::unique_ptr<GrantStore> grants_;
  std::unique_ptr<SigningKeys> keys_;
  std::unique_ptr<IssuedTokens> tokens_;
};

TEST_F(IssuedTokensTest, ATokenSpeaksForItsGrantsTenantWithItsScopes) {
  const std::string token = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  auto holder = tokens_->Verify(token, false);
  ASSERT_TRUE(holder.ok()) << holder.error();
  EXPECT_EQ(holder.value().tenant->id, tenant_->id);
  EXPECT_EQ(holder.value().tenant->name, "alice");
  EXPECT_EQ(holder.value().tenant->vault_key, tenant_->vault_key);
  EXPECT_TRUE(holder.value().grant->Allows("orders", /*read_only=*/true));
  EXPECT_FALSE(holder.value().grant->Allows("orders", /*read_only=*/false));
  // Remembered: the same answer again.
  auto again = tokens_->Verify(token, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().tenant->id, tenant_->id);
}

TEST_F(IssuedTokensTest, ItsClaimsAreThoseOfRfc9068AndNeverTheVaultKeyInTheClear) {
  const GrantRecord grant = Grant("tools:write");
  const std::string token = tokens_->Issue(grant, tenant_->vault_key);
  rapidjson::Document payload = Payload(token);
  EXPECT_EQ(AsView(payload["iss"]), kIssuer);
  EXPECT_EQ(AsView(payload["aud"]), kResource);
  EXPECT_EQ(AsView(payload["sub"]), "alice");
  EXPECT_EQ(AsView(payload["client_id"]), "client-1");
  EXPECT_EQ(AsView(payload["scope"]), "tools:write");
  EXPECT_EQ(payload["gid"].GetInt64(), grant.id);
  EXPECT_EQ(payload["exp"].GetInt64() - payload["iat"].GetInt64(), 3600);
  EXPECT_EQ(token.find(B64(tenant_->vault_key)), std::string::npos);
  EXPECT_EQ(AsView(payload["vk"]).find(B64(tenant_->vault_key)), std::string::npos);
}

TEST_F(IssuedTokensTest, ATokenForAnotherResourceIsRefused) {
  const std::string token = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  auto holder = Verifier("https://mcp.example.com/other")->Verify(token, false);
  ASSERT_FALSE(holder.ok());
  EXPECT_EQ(holder.status().code(), ODMCP_UNAUTHENTICATED);
  EXPECT_THAT(holder.error(), HasSubstr("aud"));
}

TEST_F(IssuedTokensTest, AnExpiredTokenIsRefusedEvenOnceRemembered) {
  const std::string token = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  ASSERT_TRUE(tokens_->Verify(token, false).ok());
  clock_.Advance((3600 + 5 + 1) * 1000);
  auto holder = tokens_->Verify(token, false);
  ASSERT_FALSE(holder.ok());
  EXPECT_THAT(holder.error(), HasSubstr("expired"));
}

TEST_F(IssuedTokensTest, ARevokedGrantsTokensAreRefused) {
  const GrantRecord grant = Grant("tools:read");
  const std::string token = tokens_->Issue(grant, tenant_->vault_key);
  ASSERT_TRUE(tokens_->Verify(token, false).ok());
  ASSERT_TRUE(grants_->Revoke(grant.id).ok());
  tokens_->Forget();
  auto holder = tokens_->Verify(token, false);
  ASSERT_FALSE(holder.ok());
  EXPECT_THAT(holder.error(), HasSubstr("revoked"));
  // A process that never saw the token refuses it too.
  EXPECT_FALSE(Verifier(kResource)->Verify(token, false).ok());
  // Its grant is still named, for revocation.
  EXPECT_EQ(tokens_->GrantOf(token), grant.id);
}

TEST_F(IssuedTokensTest, UnsignedHmacAndForeignlySignedTokensAreRefused) {
  const std::string token = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  const std::string payload =
      token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1);
  const std::string none = B64(R"({"alg":"none","typ":"at+jwt"})") + "." + payload + ".";
  auto refused = tokens_->Verify(none, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("none"));

  const std::string hs_input = B64(R"({"alg":"HS256","typ":"at+jwt"})") + "." + payload;
  const std::string hs = hs_input + "." + B64(crypto::HmacSha256("guess", hs_input));
  refused = tokens_->Verify(hs, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("algorithm is not one this server accepts"));

  const crypto::SigningKey stranger =
      crypto::SigningKey::Generate(crypto::SignatureAlgorithm::kEs256);
  const std::string foreign =
      SignJwt(stranger, keys_->Current()->signer_kid, "at+jwt", *Base64UrlDecode(payload));
  refused = tokens_->Verify(foreign, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("signature"));

  const std::string unknown_kid =
      SignJwt(stranger, "stranger", "at+jwt", *Base64UrlDecode(payload));
  refused = tokens_->Verify(unknown_kid, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ODMCP_UNAUTHENTICATED);
}

TEST_F(IssuedTokensTest, ATamperedTokenIsRefused) {
  const std::string token = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  rapidjson::Document payload = Payload(token);
  payload["scope"].SetString("tools:write", payload.GetAllocator());
  const std::string header = token.substr(0, token.find('.'));
  const std::string signature = token.substr(token.rfind('.'));
  const std::string tampered = header + "." + B64(ToJson(payload)) + signature;
  auto refused = tokens_->Verify(tampered, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("signature"));
  EXPECT_EQ(tokens_->GrantOf(tampered), std::nullopt);
}

TEST_F(IssuedTokensTest, AVaultKeyClaimOfAnotherGrantDoesNotOpen) {
  const GrantRecord mine = Grant("tools:read");
  const GrantRecord other = Grant("tools:read");
  rapidjson::Document payload = Payload(tokens_->Issue(other, tenant_->vault_key));
  // Even signed with the server's key, a vault key sealed for one grant
  // does not open under another's.
  payload["gid"].SetInt64(mine.id);
  auto refused = tokens_->Verify(SignedWithOwnKey(payload), false);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("vault key does not open"));
}

TEST_F(IssuedTokensTest, AnotherIssuersTokenIsLeftToAnotherVerifierUnlessThisIsTheOnlyOne) {
  const std::string token = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  rapidjson::Document payload = Payload(token);
  payload["iss"].SetString("https://idp.example.com", payload.GetAllocator());
  const std::string foreign = SignedWithOwnKey(payload);
  auto skipped = tokens_->Verify(foreign, /*sole=*/false);
  ASSERT_FALSE(skipped.ok());
  EXPECT_EQ(skipped.status().code(), ODMCP_NOT_FOUND);
  auto judged = tokens_->Verify(foreign, /*sole=*/true);
  ASSERT_FALSE(judged.ok());
  EXPECT_EQ(judged.status().code(), ODMCP_UNAUTHENTICATED);
  EXPECT_THAT(judged.error(), HasSubstr("iss"));
}

TEST_F(IssuedTokensTest, TokensSignedBeforeARotationStillVerify) {
  const std::string before = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  auto rotated = SigningKeys::Rotate(*db_, *kms_, clock_);
  ASSERT_TRUE(rotated.ok());
  clock_.Advance(60000);
  const std::string after = tokens_->Issue(Grant("tools:read"), tenant_->vault_key);
  EXPECT_NE(before.substr(0, before.find('.')), after.substr(0, after.find('.')));
  EXPECT_TRUE(Verifier(kResource)->Verify(before, false).ok());
  EXPECT_TRUE(Verifier(kResource)->Verify(after, false).ok());
}

}  // namespace
}  // namespace odmcp
