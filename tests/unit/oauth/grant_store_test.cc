// GrantStore: codes and refresh tokens are single-use and their reuse ends
// the grant; expiry, revocation and the tenant's deletion or key rotation
// end what was issued; nothing the client holds, nor the vault key, is
// kept in the clear.
#include "host/services/oauth/grant_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/unit/services/tenant_db_test.h"

namespace odmcp {
namespace {

using services_test::RawDb;
using ::testing::HasSubstr;

constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr char kRedirect[] = "http://localhost:3000/callback";

class GrantStoreTest : public services_test::TenantDbTest {
 protected:
  void SetUp() override {
    TenantDbTest::SetUp();
    if (HasFatalFailure()) return;
    tenant_ = AddTenant("alice", &master_key_);
    ASSERT_NE(tenant_, nullptr);
    GrantStoreOptions options;
    options.code_ttl_ms = 60000;
    options.refresh_ttl_ms = 3600000;
    grants_ = std::make_unique<GrantStore>(*db_, kms_, &clock_, options);
  }

  std::string IssueCode(std::string_view client = "client-1") {
    auto code = grants_->IssueCode({tenant_->id, std::string(client), "tools:read", kResource},
                                   kRedirect, kChallenge, tenant_->vault_key);
    EXPECT_TRUE(code.ok()) << code.error();
    return code.ok() ? code.value() : "";
  }

  static constexpr char kResource[] = "https://mcp.example.com/mcp";
  std::string master_key_;
  std::shared_ptr<const Tenant> tenant_;
  std::unique_ptr<GrantStore> grants_;
};

TEST_F(GrantStoreTest, ACodeRedeemsOnceToItsGrantAndTheTenantsVaultKey) {
  const std::string code = IssueCode();
  auto redeemed = grants_->RedeemCode(code);
  ASSERT_TRUE(redeemed.ok()) << redeemed.error();
  const Redeemed& r = redeemed.value();
  EXPECT_EQ(r.vault_key, tenant_->vault_key);
  EXPECT_EQ(r.grant.tenant_id, tenant_->id);
  EXPECT_EQ(r.grant.tenant_name, "alice");
  EXPECT_EQ(r.grant.client_id, "client-1");
  EXPECT_EQ(r.grant.scope, "tools:read");
  EXPECT_EQ(r.grant.resource, kResource);
  EXPECT_EQ(r.redirect_uri, kRedirect);
  EXPECT_EQ(r.code_challenge, kChallenge);
  EXPECT_FALSE(r.grant.revoked);
}

TEST_F(GrantStoreTest, AReusedCodeIsRefusedAndRevokesItsGrant) {
  const std::string code = IssueCode();
  auto first = grants_->RedeemCode(code);
  ASSERT_TRUE(first.ok());
  auto refresh = grants_->IssueRefreshToken(first.value().grant.id, first.value().vault_key);
  ASSERT_TRUE(refresh.ok());

  auto again = grants_->RedeemCode(code);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ODMCP_PERMISSION_DENIED);
  EXPECT_THAT(again.error(), HasSubstr("used before"));
  auto grant = grants_->FindGrant(first.value().grant.id);
  ASSERT_TRUE(grant.ok() && grant.value());
  EXPECT_TRUE(grant.value()->revoked);
  // What the first redemption issued ends with it.
  auto refreshed = grants_->RedeemRefreshToken(refresh.value());
  ASSERT_FALSE(refreshed.ok());
  EXPECT_THAT(refreshed.error(), HasSubstr("revoked"));
}

TEST_F(GrantStoreTest, AnExpiredOrUnknownCodeIsRefused) {
  const std::string code = IssueCode();
  clock_.Advance(60000);
  auto expired = grants_->RedeemCode(code);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_THAT(expired.error(), HasSubstr("expired"));
  auto unknown = grants_->RedeemCode("not-a-code");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error(), HasSubstr("not one this server issued"));
  EXPECT_THAT(unknown.error(), ::testing::Not(HasSubstr("not-a-code")));
}

TEST_F(GrantStoreTest, RefreshTokensRotateAndAReplayRevokesTheFamily) {
  auto first = grants_->RedeemCode(IssueCode());
  ASSERT_TRUE(first.ok());
  const int64_t grant_id = first.value().grant.id;
  auto one = grants_->IssueRefreshToken(grant_id, first.value().vault_key);
  ASSERT_TRUE(one.ok());
  auto used = grants_->RedeemRefreshToken(one.value());
  ASSERT_TRUE(used.ok()) << used.error();
  EXPECT_EQ(used.value().vault_key, tenant_->vault_key);
  EXPECT_EQ(used.value().grant.id, grant_id);
  auto two = grants_->IssueRefreshToken(grant_id, used.value().vault_key);
  ASSERT_TRUE(two.ok());
  EXPECT_NE(two.value(), one.value());

  auto replay = grants_->RedeemRefreshToken(one.value());
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().code(), ODMCP_PERMISSION_DENIED);
  auto successor = grants_->RedeemRefreshToken(two.value());
  ASSERT_FALSE(successor.ok());
  EXPECT_THAT(successor.error(), HasSubstr("revoked"));
}

TEST_F(GrantStoreTest, RevokeEndsTheGrantOnce) {
  auto redeemed = grants_->RedeemCode(IssueCode());
  ASSERT_TRUE(redeemed.ok());
  const int64_t id = redeemed.value().grant.id;
  auto refresh = grants_->IssueRefreshToken(id, redeemed.value().vault_key);
  ASSERT_TRUE(refresh.ok());
  auto of = grants_->GrantOfRefreshToken(refresh.value());
  ASSERT_TRUE(of.ok() && of.value());
  EXPECT_EQ(*of.value(), id);

  auto revoked = grants_->Revoke(id);
  ASSERT_TRUE(revoked.ok());
  EXPECT_TRUE(revoked.value());
  auto twice = grants_->Revoke(id);
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(twice.value());
  EXPECT_FALSE(grants_->RedeemRefreshToken(refresh.value()).ok());
}

TEST_F(GrantStoreTest, RotatingTheMasterKeyRevokesTheTenantsGrants) {
  auto redeemed = grants_->RedeemCode(IssueCode());
  ASSERT_TRUE(redeemed.ok());
  auto rotated = tenants_->RotateKey("alice", master_key_);
  ASSERT_TRUE(rotated.ok()) << rotated.error();
  auto grant = grants_->FindGrant(redeemed.value().grant.id);
  ASSERT_TRUE(grant.ok() && grant.value());
  EXPECT_TRUE(grant.value()->revoked);
}

TEST_F(GrantStoreTest, DeletingTheTenantDeletesItsGrants) {
  const std::string code = IssueCode();
  auto deleted = tenants_->Delete("alice");
  ASSERT_TRUE(deleted.ok() && deleted.value());
  EXPECT_FALSE(grants_->RedeemCode(code).ok());
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM oauth_grants"), 0);
}

TEST_F(GrantStoreTest, NothingTheClientHoldsNorTheVaultKeyIsStoredInTheClear) {
  const std::string code = IssueCode();
  auto redeemed = grants_->RedeemCode(code);
  ASSERT_TRUE(redeemed.ok());
  auto refresh = grants_->IssueRefreshToken(redeemed.value().grant.id, tenant_->vault_key);
  ASSERT_TRUE(refresh.ok());
  ASSERT_TRUE(grants_->AddClient("confidential", "{}", "the-client-secret").ok());
  for (const std::string& value : RawDb(path_).AllValues()) {
    EXPECT_EQ(value.find(code), std::string::npos);
    EXPECT_EQ(value.find(refresh.value()), std::string::npos);
    EXPECT_EQ(value.find(tenant_->vault_key), std::string::npos);
    EXPECT_EQ(value.find("the-client-secret"), std::string::npos);
  }
}

TEST_F(GrantStoreTest, ASealedVaultKeyMovedToAnotherGrantDoesNotOpen) {
  const std::string first = IssueCode("client-1");
  const std::string second = IssueCode("client-2");
  // The second code's row now carries the first one's sealed key: the
  // attacker holds the second code, but the grant differs.
  RawDb raw(path_);
  ASSERT_TRUE(
      raw.Exec("UPDATE oauth_codes SET nonce = (SELECT nonce FROM oauth_codes WHERE grant_id = 1), "
               "sealed_vault_key = (SELECT sealed_vault_key FROM oauth_codes WHERE grant_id = 1) "
               "WHERE grant_id = 2"));
  auto redeemed = grants_->RedeemCode(second);
  ASSERT_FALSE(redeemed.ok());
  EXPECT_EQ(redeemed.status().code(), ODMCP_DATA_LOSS);
  EXPECT_TRUE(grants_->RedeemCode(first).ok());
}

TEST_F(GrantStoreTest, ExpiredCodesAndSpentGrantsAreSweptAsNewCodesAreIssued) {
  IssueCode();
  clock_.Advance(61000);
  IssueCode();
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM oauth_codes"), 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM oauth_grants"), 1);
}

TEST_F(GrantStoreTest, ClientsAreBoundedAndUnusedOnesMakeRoomAfterADay) {
  GrantStoreOptions options;
  options.max_clients = 2;
  GrantStore small(*db_, kms_, &clock_, options);
  ASSERT_TRUE(small.AddClient("a", R"({"redirect_uris":[]})", "").ok());
  ASSERT_TRUE(small.AddClient("b", R"({"redirect_uris":[]})", "").ok());
  Status full = small.AddClient("c", "{}", "");
  EXPECT_EQ(full.code(), ODMCP_RESOURCE_EXHAUSTED);
  EXPECT_THAT(full.message(), HasSubstr("max_clients"));
  // "a" completes an authorization; "b" never does.
  ASSERT_TRUE(small
                  .IssueCode({tenant_->id, "a", "tools:read", kResource}, kRedirect, kChallenge,
                             tenant_->vault_key)
                  .ok());
  clock_.Advance(int64_t{24} * 3600 * 1000 + 1);
  ASSERT_TRUE(small.AddClient("c", "{}", "").ok());
  auto a = small.FindClient("a");
  auto b = small.FindClient("b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a.value().has_value());
  EXPECT_FALSE(b.value().has_value());
}

}  // namespace
}  // namespace odmcp
