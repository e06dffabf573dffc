// TenantDbTest: a fixture holding the host database in a fresh directory,
// its tenant store under a fixed KMS key, and a manual clock -- what the
// tests of everything kept per tenant (vault, identities, OAuth grants)
// stand on.
#ifndef ODMCP_TESTS_UNIT_SERVICES_TENANT_DB_TEST_H_
#define ODMCP_TESTS_UNIT_SERVICES_TENANT_DB_TEST_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "host/services/tenants/tenant_store.h"
#include "tests/support/manual_clock.h"
#include "tests/unit/services/test_util.h"

namespace odmcp::services_test {

class TenantDbTest : public ::testing::Test {
 protected:
  // A derived SetUp calls this first, and returns if HasFatalFailure().
  void SetUp() override {
    db_ = OpenHostDb(path_);
    ASSERT_NE(db_, nullptr);
    auto store = TenantStore::Open(*db_, kms_, {});
    ASSERT_TRUE(store.ok()) << store.error();
    tenants_ = std::move(store).value();
  }

  // Creates tenant `name` and opens it with its master key, which goes to
  // *master_key when asked for; null after a test failure.
  std::shared_ptr<const Tenant> AddTenant(std::string_view name,
                                          std::string* master_key = nullptr) {
    auto created = tenants_->Create(name);
    EXPECT_TRUE(created.ok()) << created.error();
    if (!created.ok()) return nullptr;
    AuthOutcome auth = tenants_->Authenticate(created.value().master_key);
    EXPECT_EQ(auth.status, AuthStatus::kOk);
    if (master_key != nullptr) *master_key = created.value().master_key;
    return auth.tenant;
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
  testing::ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  const std::shared_ptr<const KmsKey> kms_ = FixedKmsKey('k');
  std::unique_ptr<TenantStore> tenants_;
};

}  // namespace odmcp::services_test

#endif  // ODMCP_TESTS_UNIT_SERVICES_TENANT_DB_TEST_H_
