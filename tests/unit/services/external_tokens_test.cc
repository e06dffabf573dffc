// ExternalTokens: a verified token's tenant and grant, from the claims the
// configuration names. (The signature and claim checks themselves are
// jwt_test.cc's; the host's HTTP answers are tests/clients/external_idp.mjs's.)
// Here because it needs the tenant database.
#include "host/auth/external_tokens.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "host/crypto/signature.h"
#include "host/services/tenants/tenant_store.h"
#include "tests/support/manual_clock.h"
#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::FixedKmsKey;
using services_test::OpenHostDb;
using services_test::TempDir;
using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://idp.example.com";
constexpr char kAudience[] = "https://mcp.example.com/mcp";

class ExternalTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenHostDb(path_);
    ASSERT_NE(db_, nullptr);
    auto store = TenantStore::Open(*db_, FixedKmsKey('k'), {});
    ASSERT_TRUE(store.ok()) << store.error();
    tenants_ = std::move(store).value();
    identities_ =
        std::make_unique<ExternalIdentities>(*db_, FixedKmsKey('k'), *tenants_, &clock_, 60000);
    JwksSourceOptions options;
    options.issuer = kIssuer;
    options.jwks_uri = std::string(kIssuer) + "/jwks";
    const std::string jwks = JwksJson({{"k1", key_.PublicKey()}});
    keys_ = std::make_unique<JwksSource>(
        options, [jwks](const std::string&) -> StatusOr<std::string> { return jwks; }, &clock_);
    config_.issuer = kIssuer;
  }

  StatusOr<TokenHolder> Verify(const std::string& extra_claims) {
    ExternalTokens tokens(config_, kAudience, *keys_, *identities_, &clock_);
    const int64_t now = clock_.UnixMillis() / 1000;
    const std::string payload = std::string(R"({"iss":")") + kIssuer + R"(","aud":")" + kAudience +
                                R"(","exp":)" + std::to_string(now + 600) + extra_claims + "}";
    return tokens.Verify(SignJwt(key_, "k1", "at+jwt", payload));
  }

  // Creates tenant `name` and links `subject` of the issuer to it.
  void Linked(std::string_view name, std::string_view subject) {
    auto created = tenants_->Create(name);
    ASSERT_TRUE(created.ok()) << created.error();
    ASSERT_TRUE(identities_->Link(kIssuer, subject, created.value().master_key).ok());
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
  testing::ManualClock clock_;
  crypto::SigningKey key_ = crypto::SigningKey::Generate(crypto::SignatureAlgorithm::kEs256);
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<TenantStore> tenants_;
  std::unique_ptr<ExternalIdentities> identities_;
  std::unique_ptr<JwksSource> keys_;
  ExternalIdpConfig config_;
};

TEST_F(ExternalTokensTest, ALinkedSubjectGetsItsTenantAndTheScopesOfItsToken) {
  Linked("acme", "user-1");
  StatusOr<TokenHolder> holder = Verify(R"(,"sub":"user-1","scope":"openid orders:read")");
  ASSERT_TRUE(holder.ok()) << holder.error();
  EXPECT_EQ(holder.value().tenant->name, "acme");
  ASSERT_NE(holder.value().grant, nullptr);
  EXPECT_EQ(holder.value().grant->ToolScopes(), "orders:read");
}

TEST_F(ExternalTokensTest, TheConfiguredClaimsNameTheTenantAndCarryTheScopes) {
  Linked("acme", "acme-shop");
  config_.tenant_claim = "shop";
  config_.scope_claim = "scp";
  StatusOr<TokenHolder> holder =
      Verify(R"(,"sub":"someone","shop":"acme-shop","scp":["tools:read","stores:write"])");
  ASSERT_TRUE(holder.ok()) << holder.error();
  EXPECT_EQ(holder.value().tenant->name, "acme");
  EXPECT_EQ(holder.value().grant->ToolScopes(), "stores:write tools:read");
  // Without a scope claim a token may use no tool.
  StatusOr<TokenHolder> bare = Verify(R"(,"shop":"acme-shop")");
  ASSERT_TRUE(bare.ok()) << bare.error();
  EXPECT_EQ(bare.value().grant->ToolScopes(), "");
  EXPECT_FALSE(bare.value().grant->Allows("orders", true));
}

TEST_F(ExternalTokensTest, ClaimsOfTheWrongShapeAreRefusedNamingThem) {
  Linked("acme", "user-1");
  StatusOr<TokenHolder> no_subject = Verify(R"(,"scope":"tools:read")");
  ASSERT_FALSE(no_subject.ok());
  EXPECT_EQ(no_subject.status().code(), ODMCP_UNAUTHENTICATED);
  EXPECT_THAT(no_subject.error(), HasSubstr("\"sub\" claim"));
  StatusOr<TokenHolder> bad_scope = Verify(R"(,"sub":"user-1","scope":{"tools":"read"})");
  ASSERT_FALSE(bad_scope.ok());
  EXPECT_THAT(bad_scope.error(), HasSubstr("neither a string nor an array of strings"));
}

TEST_F(ExternalTokensTest, AnUnlinkedSubjectIsRefusedUnlessTenantsAreCreatedForIt) {
  StatusOr<TokenHolder> refused = Verify(R"(,"sub":"newshop","scope":"tools:read")");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ODMCP_UNAUTHENTICATED);
  EXPECT_THAT(refused.error(), HasSubstr("tenant link"));
  config_.create_tenants = true;
  StatusOr<TokenHolder> created = Verify(R"(,"sub":"newshop","scope":"tools:read")");
  ASSERT_TRUE(created.ok()) << created.error();
  EXPECT_EQ(created.value().tenant->name, "newshop");
  StatusOr<TokenHolder> invalid = Verify(R"(,"sub":"new shop","scope":"tools:read")");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), ODMCP_UNAUTHENTICATED);
  EXPECT_THAT(invalid.error(), HasSubstr("not valid"));
}

TEST_F(ExternalTokensTest, AProviderWhoseKeysCannotBeFetchedMakesTokensUnavailableNotRefused) {
  JwksSourceOptions options;
  options.issuer = kIssuer;
  options.jwks_uri = std::string(kIssuer) + "/jwks";
  keys_ = std::make_unique<JwksSource>(
      options,
      [](const std::string&) -> StatusOr<std::string> {
        return Status(ODMCP_UNAVAILABLE, "connection refused");
      },
      &clock_);
  StatusOr<TokenHolder> holder = Verify(R"(,"sub":"user-1")");
  ASSERT_FALSE(holder.ok());
  EXPECT_EQ(holder.status().code(), ODMCP_UNAVAILABLE);
}

TEST(LooksLikeJwtTest, ThreeBase64UrlPartsAndNothingElse) {
  EXPECT_TRUE(LooksLikeJwt("eyJh.eyJz.c2ln"));
  EXPECT_TRUE(LooksLikeJwt("eyJh.eyJz."));  // unsigned: the verifier refuses it, with a reason
  EXPECT_FALSE(LooksLikeJwt("odmk_abcDEF-123_xyz"));  // a master key
  EXPECT_FALSE(LooksLikeJwt("a.b"));
  EXPECT_FALSE(LooksLikeJwt("a.b.c.d"));
  EXPECT_FALSE(LooksLikeJwt("a.b c.d"));
}

}  // namespace
}  // namespace odmcp
