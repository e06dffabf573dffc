// ExternalIdentities: which tenant an external provider's identity reaches,
// and that its vault opens without the tenant's master key -- and only for
// that identity, across key rotations, until the tenant or the link goes.
#include "host/services/tenants/external_identities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "host/crypto/secure_bytes.h"
#include "host/services/tenants/tenant_store.h"
#include "host/services/tenants/vault.h"
#include "tests/support/manual_clock.h"
#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::FixedKmsKey;
using services_test::OpenHostDb;
using services_test::RawDb;
using services_test::TempDir;
using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://idp.example.com/realms/shop";
constexpr char kSecretHeaders[] = R"({"ORDERDESK-API-KEY":"s3cret-key-of-the-store"})";

class ExternalIdentitiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenHostDb(path_);
    ASSERT_NE(db_, nullptr);
    kms_ = FixedKmsKey('k');
    auto store = TenantStore::Open(*db_, kms_, {});
    ASSERT_TRUE(store.ok()) << store.error();
    tenants_ = std::move(store).value();
    identities_ = Fresh();
  }

  // A new ExternalIdentities, as another process has: it remembers nothing.
  std::unique_ptr<ExternalIdentities> Fresh() {
    return std::make_unique<ExternalIdentities>(*db_, kms_, *tenants_, &clock_, 60000);
  }

  // Creates tenant `name` with one vault entry; returns its master key.
  std::string TenantWithSecret(std::string_view name) {
    auto created = tenants_->Create(name);
    EXPECT_TRUE(created.ok()) << created.error();
    if (!created.ok()) return {};
    AuthOutcome auth = tenants_->Authenticate(created.value().master_key);
    EXPECT_EQ(auth.status, AuthStatus::kOk);
    if (auth.status != AuthStatus::kOk) return {};
    EXPECT_TRUE(Vault(*db_).Put(*auth.tenant, "store-1", "{}", kSecretHeaders).ok());
    return created.value().master_key;
  }

  std::shared_ptr<const Tenant> MustFind(ExternalIdentities& identities, std::string_view subject,
                                         bool create = false) {
    auto found = identities.Find(kIssuer, subject, create);
    EXPECT_TRUE(found.ok()) << found.error();
    return found.ok() ? found.value() : nullptr;
  }

  // The tenant's stored secret, opened with the vault key `tenant` carries.
  std::string OpenedSecret(const Tenant& tenant) {
    std::string secret;
    Status opened = Vault(*db_).OpenSecret(tenant, "store-1", &secret);
    return opened.ok() ? secret : "(does not open: " + opened.message() + ")";
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
  testing::ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::shared_ptr<const KmsKey> kms_;
  std::unique_ptr<TenantStore> tenants_;
  std::unique_ptr<ExternalIdentities> identities_;
};

TEST_F(ExternalIdentitiesTest, ALinkedIdentityReachesTheTenantAndOpensItsVault) {
  const std::string key = TenantWithSecret("acme");
  ASSERT_TRUE(identities_->Link(kIssuer, "user-1", key).ok());
  std::unique_ptr<ExternalIdentities> elsewhere = Fresh();
  std::shared_ptr<const Tenant> tenant = MustFind(*elsewhere, "user-1");
  ASSERT_NE(tenant, nullptr);
  EXPECT_EQ(tenant->name, "acme");
  EXPECT_EQ(OpenedSecret(*tenant), kSecretHeaders);
  // Another issuer's "user-1" is someone else.
  auto other = elsewhere->Find("https://other.example.com", "user-1", false);
  ASSERT_TRUE(other.ok()) << other.error();
  EXPECT_EQ(other.value(), nullptr);
}

TEST_F(ExternalIdentitiesTest, LinkingNeedsTheTenantsMasterKeyAndANamedIdentity) {
  TenantWithSecret("acme");
  Status wrong = identities_->Link(kIssuer, "user-1", "odmk_not-a-key-of-anyone");
  EXPECT_EQ(wrong.code(), ODMCP_PERMISSION_DENIED);
  EXPECT_EQ(identities_->Link("", "user-1", "odmk_x").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(identities_->Link(kIssuer, "", "odmk_x").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(RawDb(path_).Int("SELECT count(*) FROM external_identities"), 0);
}

TEST_F(ExternalIdentitiesTest, AnUnlinkedIdentityGetsATenantOnlyWhenCreationIsAllowed) {
  EXPECT_EQ(MustFind(*identities_, "newcomer"), nullptr);
  EXPECT_EQ(RawDb(path_).Int("SELECT count(*) FROM tenants"), 0);

  std::shared_ptr<const Tenant> made = MustFind(*identities_, "newcomer", /*create=*/true);
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(made->name, "newcomer");
  ASSERT_TRUE(Vault(*db_).Put(*made, "store-1", "{}", kSecretHeaders).ok());
  // Another process finds the same tenant, whose vault opens for it.
  std::shared_ptr<const Tenant> again = MustFind(*Fresh(), "newcomer", /*create=*/true);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->id, made->id);
  EXPECT_EQ(OpenedSecret(*again), kSecretHeaders);
  EXPECT_EQ(RawDb(path_).Int("SELECT count(*) FROM tenants"), 1);
}

TEST_F(ExternalIdentitiesTest, CreationNeverTakesOverATenantOfTheSameName) {
  TenantWithSecret("acme");
  auto taken = identities_->Find(kIssuer, "acme", /*create=*/true);
  ASSERT_FALSE(taken.ok());
  EXPECT_THAT(taken.error(), HasSubstr("already exists"));
  auto invalid = identities_->Find(kIssuer, "user@example.com", /*create=*/true);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(RawDb(path_).Int("SELECT count(*) FROM external_identities"), 0);
}

TEST_F(ExternalIdentitiesTest, ASealedVaultKeyCopiedToAnotherIdentityDoesNotOpen) {
  const std::string acme = TenantWithSecret("acme");
  const std::string globex = TenantWithSecret("globex");
  ASSERT_TRUE(identities_->Link(kIssuer, "user-a", acme).ok());
  ASSERT_TRUE(identities_->Link(kIssuer, "user-g", globex).ok());
  RawDb raw(path_);
  // user-g's row now names acme and carries acme's sealed key.
  ASSERT_TRUE(raw.Exec(
      "UPDATE external_identities SET (tenant_id, nonce, sealed_vault_key) = (SELECT tenant_id, "
      "nonce, sealed_vault_key FROM external_identities WHERE subject = 'user-a') "
      "WHERE subject = 'user-g'"));
  auto found = Fresh()->Find(kIssuer, "user-g", false);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), ODMCP_DATA_LOSS);
  EXPECT_THAT(found.error(), HasSubstr("tenant link"));
}

TEST_F(ExternalIdentitiesTest, RotatingTheMasterKeyKeepsTheIdentitysVaultOpen) {
  const std::string key = TenantWithSecret("acme");
  ASSERT_TRUE(identities_->Link(kIssuer, "user-1", key).ok());
  ASSERT_NE(MustFind(*identities_, "user-1"), nullptr);
  auto rotated = tenants_->RotateKey("acme", key);
  ASSERT_TRUE(rotated.ok()) << rotated.error();
  // Both the process that remembered the old vault key and a fresh one.
  std::shared_ptr<const Tenant> here = MustFind(*identities_, "user-1");
  ASSERT_NE(here, nullptr);
  EXPECT_EQ(OpenedSecret(*here), kSecretHeaders);
  std::shared_ptr<const Tenant> there = MustFind(*Fresh(), "user-1");
  ASSERT_NE(there, nullptr);
  EXPECT_EQ(OpenedSecret(*there), kSecretHeaders);
}

TEST_F(ExternalIdentitiesTest, DeletingTheTenantOrUnlinkingEndsTheMapping) {
  ASSERT_TRUE(identities_->Link(kIssuer, "user-1", TenantWithSecret("acme")).ok());
  ASSERT_TRUE(identities_->Link(kIssuer, "user-2", TenantWithSecret("globex")).ok());
  ASSERT_NE(MustFind(*identities_, "user-1"), nullptr);  // now remembered
  ASSERT_NE(MustFind(*identities_, "user-2"), nullptr);

  ASSERT_TRUE(tenants_->Delete("acme").value());
  EXPECT_EQ(MustFind(*identities_, "user-1"), nullptr);

  auto unlinked = identities_->Unlink(kIssuer, "user-2");
  ASSERT_TRUE(unlinked.ok()) << unlinked.error();
  EXPECT_TRUE(unlinked.value());
  EXPECT_EQ(MustFind(*identities_, "user-2"), nullptr);
  EXPECT_FALSE(identities_->Unlink(kIssuer, "user-2").value());
}

TEST_F(ExternalIdentitiesTest, TheDatabaseHoldsNoVaultKeyInTheClear) {
  const std::string key = TenantWithSecret("acme");
  ASSERT_TRUE(identities_->Link(kIssuer, "user-1", key).ok());
  std::shared_ptr<const Tenant> tenant = MustFind(*identities_, "user-1");
  ASSERT_NE(tenant, nullptr);
  for (const std::string& value : RawDb(path_).AllValues()) {
    EXPECT_EQ(value.find(tenant->vault_key), std::string::npos);
  }
}

}  // namespace
}  // namespace odmcp
