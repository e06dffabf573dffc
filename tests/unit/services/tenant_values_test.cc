// TenantValues: per-tenant key/value pairs in the host database.
#include "host/services/tenants/tenant_values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::OpenHostDb;
using services_test::RawDb;
using services_test::TempDir;
using ::testing::HasSubstr;
using ::testing::Optional;

class TenantValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenHostDb(path_);
    ASSERT_NE(db_, nullptr);
    // Tenant rows made directly: these tests need ids, not keys.
    RawDb raw(path_);
    raw.Exec(
        "INSERT INTO tenants (id, name, key_lookup, key_verifier, verifier_salt, vault_salt, "
        "created_ms) VALUES (1, 'one', x'01', x'00', x'00', x'00', 0), "
        "(2, 'two', x'02', x'00', x'00', x'00', 0)");
    values_ = std::make_unique<TenantValues>(*db_);
  }

  std::optional<std::string> Get(int64_t tenant, std::string_view key) {
    auto got = values_->Get(tenant, key);
    if (!got.ok()) {
      ADD_FAILURE() << got.error();
      return std::nullopt;
    }
    return got.value();
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<TenantValues> values_;
};

TEST_F(TenantValuesTest, PutGetErase) {
  EXPECT_EQ(Get(1, "default_store"), std::nullopt);
  auto put = values_->Put(1, "default_store", "shop-eu");
  ASSERT_TRUE(put.ok()) << put.error();
  EXPECT_TRUE(put.value());
  EXPECT_THAT(Get(1, "default_store"), Optional(std::string("shop-eu")));

  auto erased = values_->Erase(1, "default_store");
  ASSERT_TRUE(erased.ok()) << erased.error();
  EXPECT_TRUE(erased.value());
  EXPECT_EQ(Get(1, "default_store"), std::nullopt);
}

TEST_F(TenantValuesTest, PutOverwrites) {
  ASSERT_TRUE(values_->Put(1, "k", "first").ok());
  ASSERT_TRUE(values_->Put(1, "k", "second, longer value").ok());
  EXPECT_THAT(Get(1, "k"), Optional(std::string("second, longer value")));
  ASSERT_TRUE(values_->Put(1, "k", "").ok());
  EXPECT_THAT(Get(1, "k"), Optional(std::string()));  // empty, not absent
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM tenant_values"), 1);
}

TEST_F(TenantValuesTest, TenantsAreIsolated) {
  ASSERT_TRUE(values_->Put(2, "secret_store", "two's").ok());
  EXPECT_EQ(Get(1, "secret_store"), std::nullopt);
  auto erased = values_->Erase(1, "secret_store");
  ASSERT_TRUE(erased.ok());
  EXPECT_FALSE(erased.value());
  EXPECT_THAT(Get(2, "secret_store"), Optional(std::string("two's")));

  // The same key holds one value per tenant.
  ASSERT_TRUE(values_->Put(1, "secret_store", "one's").ok());
  EXPECT_THAT(Get(1, "secret_store"), Optional(std::string("one's")));
  EXPECT_THAT(Get(2, "secret_store"), Optional(std::string("two's")));
  ASSERT_TRUE(values_->Erase(2, "secret_store").ok());
  EXPECT_THAT(Get(1, "secret_store"), Optional(std::string("one's")));
}

TEST_F(TenantValuesTest, EraseOfAMissingKeyReturnsFalse) {
  auto erased = values_->Erase(1, "never-set");
  ASSERT_TRUE(erased.ok()) << erased.error();
  EXPECT_FALSE(erased.value());
  ASSERT_TRUE(values_->Put(1, "set", "v").ok());
  ASSERT_TRUE(values_->Erase(1, "set").value());
  EXPECT_FALSE(values_->Erase(1, "set").value());
}

TEST_F(TenantValuesTest, ValuesAreBytes) {
  const std::string binary("a\0b\xff\x01", 5);
  ASSERT_TRUE(values_->Put(1, "bin", binary).ok());
  EXPECT_THAT(Get(1, "bin"), Optional(binary));
  const std::string big(TenantValues::kMaxValueBytes, 'v');
  ASSERT_TRUE(values_->Put(1, "big", big).ok());
  EXPECT_THAT(Get(1, "big"), Optional(big));
  // Keys are compared exactly.
  ASSERT_TRUE(values_->Put(1, "Key", "upper").ok());
  EXPECT_EQ(Get(1, "key"), std::nullopt);
}

TEST_F(TenantValuesTest, AValueNeedsAnExistingTenant) {
  auto put = values_->Put(99, "k", "v");
  ASSERT_FALSE(put.ok());
  EXPECT_THAT(put.error(), HasSubstr(path_));
  EXPECT_EQ(Get(99, "k"), std::nullopt);
}

TEST_F(TenantValuesTest, ValuesSurviveReopening) {
  ASSERT_TRUE(values_->Put(1, "default_store", "shop-eu").ok());
  values_.reset();
  db_.reset();
  db_ = OpenHostDb(path_);
  ASSERT_NE(db_, nullptr);
  values_ = std::make_unique<TenantValues>(*db_);
  EXPECT_THAT(Get(1, "default_store"), Optional(std::string("shop-eu")));
}

}  // namespace
}  // namespace odmcp
