// TenantStore: creation (the key is shown once and never stored),
// authentication and its memory of verified keys, auto-provisioning,
// deletion, key rotation, and the KMS key check.
#include "host/services/tenants/tenant_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "host/common/base64.h"
#include "host/common/clock.h"
#include "host/services/tenants/tenant_values.h"
#include "host/services/tenants/vault.h"
#include "tests/support/manual_clock.h"
#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::FixedKmsKey;
using testing::ManualClock;
using services_test::OpenHostDb;
using services_test::RawDb;
using services_test::ReadFileBytes;
using services_test::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSecretHeaders[] = R"({"Authorization":"Basic c2hvcDpzM2NyZXQ="})";

class TenantStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenHostDb(path_);
    ASSERT_NE(db_, nullptr);
    kms_ = FixedKmsKey('k');
    ASSERT_NE(kms_, nullptr);
    store_ = MakeStore({});
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<TenantStore> MakeStore(TenantStoreOptions options) {
    auto store = TenantStore::Open(*db_, kms_, options);
    if (!store.ok()) {
      ADD_FAILURE() << store.error();
      return nullptr;
    }
    return std::move(store).value();
  }

  CreatedTenant MustCreate(TenantStore& store, std::string_view name) {
    auto created = store.Create(name);
    if (!created.ok()) {
      ADD_FAILURE() << created.error();
      return {};
    }
    return std::move(created).value();
  }

  int64_t TenantCount() { return RawDb(path_).Int("SELECT count(*) FROM tenants").value_or(-1); }

  void CorruptVerifier(int64_t tenant_id) {
    RawDb raw(path_);
    raw.SetBlob("tenants", "key_verifier", tenant_id, std::string(32, '\0'));
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
  std::unique_ptr<storage::Database> db_;
  std::shared_ptr<const KmsKey> kms_;
  std::unique_ptr<TenantStore> store_;
};

TEST(TenantStoreKeyTest, NewMasterKeysAreOdmkAnd43Base64UrlCharacters) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    std::string key = TenantStore::NewMasterKey();
    EXPECT_THAT(key, StartsWith("odmk_"));
    ASSERT_EQ(key.size(), 48u);
    auto raw = Base64UrlDecode(std::string_view(key).substr(5));
    ASSERT_TRUE(raw.has_value()) << key;
    EXPECT_EQ(raw->size(), 32u);
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST_F(TenantStoreTest, CreateReturnsAKeyTheDatabaseHoldsNoPartOf) {
  const int64_t before = UnixMillis();
  CreatedTenant created = MustCreate(*store_, "acme");
  EXPECT_THAT(created.master_key, StartsWith("odmk_"));
  EXPECT_EQ(created.master_key.size(), 48u);
  EXPECT_GT(created.tenant.id, 0);
  EXPECT_EQ(created.tenant.name, "acme");
  EXPECT_GE(created.tenant.created_ms, before);
  EXPECT_LE(created.tenant.created_ms, UnixMillis());

  // Also the tenant's vault key, which only exists in memory.
  AuthOutcome auth = store_->Authenticate(created.master_key);
  ASSERT_EQ(auth.status, AuthStatus::kOk) << auth.error;

  const std::string& key = created.master_key;
  std::vector<std::string> needles;
  for (size_t i = 0; i + 16 <= key.size(); ++i) needles.push_back(key.substr(i, 16));
  for (size_t i = 0; i + 16 <= auth.tenant->vault_key.size(); ++i) {
    needles.push_back(auth.tenant->vault_key.substr(i, 16));
  }
  ASSERT_FALSE(needles.empty());

  RawDb raw(path_);
  std::vector<std::string> values = raw.AllValues();
  EXPECT_GT(values.size(), 8u);  // meta and tenants rows were read
  for (const std::string& value : values) {
    for (const std::string& needle : needles) {
      ASSERT_EQ(value.find(needle), std::string::npos) << "a column holds part of a secret";
    }
  }
  // And neither do the files themselves (database and write-ahead log).
  for (const std::string& file : {path_, path_ + "-wal"}) {
    const std::string bytes = ReadFileBytes(file);
    for (const std::string& needle : needles) {
      ASSERT_EQ(bytes.find(needle), std::string::npos) << file << " holds part of a secret";
    }
  }
}

TEST_F(TenantStoreTest, AuthenticatesTheRightKeyOnly) {
  CreatedTenant created = MustCreate(*store_, "acme");
  AuthOutcome ok = store_->Authenticate(created.master_key);
  ASSERT_EQ(ok.status, AuthStatus::kOk) << ok.error;
  ASSERT_NE(ok.tenant, nullptr);
  EXPECT_EQ(ok.tenant->id, created.tenant.id);
  EXPECT_EQ(ok.tenant->name, "acme");
  EXPECT_EQ(ok.tenant->vault_key.size(), 32u);
  EXPECT_TRUE(ok.error.empty());

  AuthOutcome wrong = store_->Authenticate(TenantStore::NewMasterKey());
  EXPECT_EQ(wrong.status, AuthStatus::kUnknownKey);
  EXPECT_EQ(wrong.tenant, nullptr);

  std::string almost = created.master_key;
  almost.back() = almost.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(store_->Authenticate(almost).status, AuthStatus::kUnknownKey);
  EXPECT_EQ(store_->Authenticate(created.master_key + "x").status, AuthStatus::kUnknownKey);

  AuthOutcome empty = store_->Authenticate("");
  EXPECT_EQ(empty.status, AuthStatus::kUnknownKey);
  EXPECT_EQ(empty.tenant, nullptr);
  EXPECT_EQ(store_->Authenticate(std::string(4096, 'x')).status, AuthStatus::kUnknownKey);
}

TEST_F(TenantStoreTest, ARememberedKeyIsNotVerifiedAgain) {
  CreatedTenant created = MustCreate(*store_, "acme");
  AuthOutcome first = store_->Authenticate(created.master_key);
  ASSERT_EQ(first.status, AuthStatus::kOk) << first.error;

  CorruptVerifier(created.tenant.id);

  // Only the memory of the verified key can let this through.
  AuthOutcome again = store_->Authenticate(created.master_key);
  ASSERT_EQ(again.status, AuthStatus::kOk) << again.error;
  EXPECT_EQ(again.tenant, first.tenant);

  // A store that remembers nothing verifies, and the verifier is now wrong.
  auto forgetful = MakeStore({.remember_verified_key_ms = 0});
  ASSERT_NE(forgetful, nullptr);
  EXPECT_EQ(forgetful->Authenticate(created.master_key).status, AuthStatus::kUnknownKey);
}

TEST_F(TenantStoreTest, WithoutMemoryEveryCallVerifies) {
  auto forgetful = MakeStore({.remember_verified_key_ms = 0});
  ASSERT_NE(forgetful, nullptr);
  CreatedTenant created = MustCreate(*forgetful, "acme");
  AuthOutcome first = forgetful->Authenticate(created.master_key);
  ASSERT_EQ(first.status, AuthStatus::kOk) << first.error;
  AuthOutcome second = forgetful->Authenticate(created.master_key);
  ASSERT_EQ(second.status, AuthStatus::kOk) << second.error;
  EXPECT_NE(second.tenant, first.tenant);  // made afresh
  EXPECT_EQ(second.tenant->id, first.tenant->id);
  EXPECT_EQ(second.tenant->vault_key, first.tenant->vault_key);

  CorruptVerifier(created.tenant.id);
  EXPECT_EQ(forgetful->Authenticate(created.master_key).status, AuthStatus::kUnknownKey);
}

TEST_F(TenantStoreTest, TheMemoryOfAKeyExpires) {
  ManualClock clock;
  auto brief = MakeStore({.remember_verified_key_ms = 100, .clock = &clock});
  ASSERT_NE(brief, nullptr);
  CreatedTenant created = MustCreate(*brief, "acme");
  ASSERT_EQ(brief->Authenticate(created.master_key).status, AuthStatus::kOk);
  CorruptVerifier(created.tenant.id);
  clock.Advance(99);
  EXPECT_EQ(brief->Authenticate(created.master_key).status, AuthStatus::kOk) << "still remembered";
  clock.Advance(1);
  EXPECT_EQ(brief->Authenticate(created.master_key).status, AuthStatus::kUnknownKey);
}

TEST_F(TenantStoreTest, WithoutAutoProvisionAnUnknownKeyCreatesNothing) {
  const std::string key(40, 'q');
  EXPECT_EQ(store_->Authenticate(key).status, AuthStatus::kUnknownKey);
  EXPECT_EQ(store_->Authenticate(TenantStore::NewMasterKey()).status, AuthStatus::kUnknownKey);
  EXPECT_EQ(TenantCount(), 0);
}

TEST_F(TenantStoreTest, AutoProvisionCreatesOneTenantPerLongEnoughKey) {
  auto provisioning = MakeStore({.auto_provision = true});
  ASSERT_NE(provisioning, nullptr);

  const std::string key = "0123456789abcdefghij0123456789ABCDEFGHIJ";
  ASSERT_EQ(key.size(), 40u);
  AuthOutcome first = provisioning->Authenticate(key);
  ASSERT_EQ(first.status, AuthStatus::kOk) << first.error;
  ASSERT_NE(first.tenant, nullptr);
  EXPECT_GT(first.tenant->id, 0);
  EXPECT_THAT(first.tenant->name, StartsWith("auto-"));
  EXPECT_EQ(TenantCount(), 1);

  AuthOutcome second = provisioning->Authenticate(key);
  ASSERT_EQ(second.status, AuthStatus::kOk) << second.error;
  EXPECT_EQ(second.tenant->id, first.tenant->id);
  EXPECT_EQ(second.tenant->name, first.tenant->name);

  // Verified against the row, not just remembered: same tenant, same vault key.
  auto verifying = MakeStore({.auto_provision = true, .remember_verified_key_ms = 0});
  ASSERT_NE(verifying, nullptr);
  AuthOutcome verified = verifying->Authenticate(key);
  ASSERT_EQ(verified.status, AuthStatus::kOk) << verified.error;
  EXPECT_EQ(verified.tenant->id, first.tenant->id);
  EXPECT_EQ(verified.tenant->vault_key, first.tenant->vault_key);
  EXPECT_EQ(TenantCount(), 1);

  // Too short to be a key anyone generated: refused, nothing created.
  EXPECT_EQ(provisioning->Authenticate("short-key-0123456789").status, AuthStatus::kUnknownKey);
  EXPECT_EQ(provisioning->Authenticate(std::string(31, 'z')).status, AuthStatus::kUnknownKey);
  EXPECT_EQ(TenantCount(), 1);
}

TEST_F(TenantStoreTest, ConcurrentFirstUseOfAnAutoProvisionedKeyMakesOneTenant) {
  auto provisioning = MakeStore({.auto_provision = true});
  ASSERT_NE(provisioning, nullptr);
  const std::string key(48, 'c');
  std::vector<AuthOutcome> outcomes(3);
  std::vector<std::thread> threads;
  for (AuthOutcome& outcome : outcomes) {
    threads.emplace_back([&] { outcome = provisioning->Authenticate(key); });
  }
  for (std::thread& t : threads) t.join();
  for (const AuthOutcome& outcome : outcomes) {
    ASSERT_EQ(outcome.status, AuthStatus::kOk) << outcome.error;
    EXPECT_EQ(outcome.tenant->id, outcomes[0].tenant->id);
  }
  EXPECT_EQ(TenantCount(), 1);
}

TEST_F(TenantStoreTest, ConcurrentFirstUsesOfAKeyRunOneDerivation) {
  CreatedTenant created = MustCreate(*store_, "acme");
  constexpr int kUses = 48;
  std::vector<AuthOutcome> outcomes(kUses);
  std::vector<std::thread> threads;
  for (AuthOutcome& outcome : outcomes) {
    threads.emplace_back([&] { outcome = store_->Authenticate(created.master_key); });
  }
  for (std::thread& t : threads) t.join();
  for (const AuthOutcome& outcome : outcomes) {
    ASSERT_EQ(outcome.status, AuthStatus::kOk) << outcome.error;
    EXPECT_EQ(outcome.tenant->id, created.tenant.id);
  }
  EXPECT_EQ(store_->key_derivations(), 1u);
}

// What another process serving the same database does: its own connection
// and its own memory of keys.
TEST_F(TenantStoreTest, KeysRevokedByAnotherProcessAreForgottenWithinTheRevisionCheck) {
  ManualClock clock;
  std::unique_ptr<TenantStore> serving = MakeStore({.clock = &clock});
  ASSERT_NE(serving, nullptr);
  CreatedTenant acme = MustCreate(*serving, "acme");
  CreatedTenant other = MustCreate(*serving, "other");
  std::unique_ptr<storage::Database> admin_db = OpenHostDb(path_);
  ASSERT_NE(admin_db, nullptr);
  auto admin = TenantStore::Open(*admin_db, kms_, {});
  ASSERT_TRUE(admin.ok()) << admin.error();
  ASSERT_EQ(serving->Authenticate(acme.master_key).status, AuthStatus::kOk);
  ASSERT_EQ(serving->Authenticate(other.master_key).status, AuthStatus::kOk);

  // Refused once a revision check is due, and not before: the check costs a
  // query, so the hot path makes it at most every kRevisionCheckMs.
  auto refused_at_the_next_check = [&](const std::string& key) {
    const bool remembered = serving->Authenticate(key).status == AuthStatus::kOk;
    clock.Advance(TenantStore::kRevisionCheckMs);
    return remembered && serving->Authenticate(key).status == AuthStatus::kUnknownKey;
  };
  clock.Advance(TenantStore::kRevisionCheckMs);
  ASSERT_EQ(serving->Authenticate(acme.master_key).status, AuthStatus::kOk) << "a check ran";
  StatusOr<std::string> rotated = admin.value()->RotateKey("acme", acme.master_key);
  ASSERT_TRUE(rotated.ok()) << rotated.error();
  EXPECT_TRUE(refused_at_the_next_check(acme.master_key));
  EXPECT_EQ(serving->Authenticate(rotated.value()).status, AuthStatus::kOk);
  ASSERT_EQ(serving->Authenticate(other.master_key).status, AuthStatus::kOk) << "remembered again";

  StatusOr<bool> deleted = admin.value()->Delete("other");
  ASSERT_TRUE(deleted.ok() && deleted.value());
  EXPECT_TRUE(refused_at_the_next_check(other.master_key));
}

TEST_F(TenantStoreTest, RefusesADuplicateName) {
  MustCreate(*store_, "acme");
  auto again = store_->Create("acme");
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.error(), HasSubstr("\"acme\""));
  EXPECT_THAT(again.error(), HasSubstr("already exists"));
  EXPECT_EQ(TenantCount(), 1);
}

TEST_F(TenantStoreTest, RefusesInvalidNames) {
  for (const std::string& name :
       {std::string(), std::string(65, 'a'), std::string("two words"), std::string("a/b"),
        std::string("caf\xc3\xa9"), std::string("semi;colon"), std::string("new\nline"),
        std::string("nul\0byte", 8), std::string("quote\"")}) {
    auto created = store_->Create(name);
    ASSERT_FALSE(created.ok()) << "accepted " << name;
    EXPECT_THAT(created.error(), HasSubstr("not valid"));
  }
  EXPECT_EQ(TenantCount(), 0);

  EXPECT_TRUE(store_->Create(std::string(64, 'a')).ok());
  EXPECT_TRUE(store_->Create("Acme.shop_2-eu").ok());
  EXPECT_EQ(TenantCount(), 2);
}

TEST_F(TenantStoreTest, ListSummarisesTenantsByName) {
  CreatedTenant zeta = MustCreate(*store_, "zeta");
  CreatedTenant alpha = MustCreate(*store_, "alpha");
  AuthOutcome auth = store_->Authenticate(zeta.master_key);
  ASSERT_EQ(auth.status, AuthStatus::kOk);
  Vault vault(*db_);
  ASSERT_TRUE(vault.Put(*auth.tenant, "one", "{}", kSecretHeaders).ok());
  ASSERT_TRUE(vault.Put(*auth.tenant, "two", "{}", kSecretHeaders).ok());

  auto list = store_->List();
  ASSERT_TRUE(list.ok()) << list.error();
  ASSERT_EQ(list.value().size(), 2u);
  EXPECT_EQ(list.value()[0].name, "alpha");
  EXPECT_EQ(list.value()[0].id, alpha.tenant.id);
  EXPECT_EQ(list.value()[0].vault_entries, 0);
  EXPECT_EQ(list.value()[0].key_rotated_ms, 0);
  EXPECT_EQ(list.value()[1].name, "zeta");
  EXPECT_EQ(list.value()[1].vault_entries, 2);
  EXPECT_EQ(list.value()[1].created_ms, zeta.tenant.created_ms);
}

TEST_F(TenantStoreTest, DeleteRemovesTheTenantItsVaultAndItsValues) {
  CreatedTenant gone = MustCreate(*store_, "gone");
  CreatedTenant kept = MustCreate(*store_, "kept");
  AuthOutcome gone_auth = store_->Authenticate(gone.master_key);
  AuthOutcome kept_auth = store_->Authenticate(kept.master_key);
  ASSERT_EQ(gone_auth.status, AuthStatus::kOk);
  ASSERT_EQ(kept_auth.status, AuthStatus::kOk);

  Vault vault(*db_);
  TenantValues values(*db_);
  for (const AuthOutcome* auth : {&gone_auth, &kept_auth}) {
    ASSERT_TRUE(vault.Put(*auth->tenant, "shop", R"({"url":"x"})", kSecretHeaders).ok());
    ASSERT_TRUE(values.Put(auth->tenant->id, "default_store", "shop").ok());
  }

  auto deleted = store_->Delete("gone");
  ASSERT_TRUE(deleted.ok()) << deleted.error();
  EXPECT_TRUE(deleted.value());

  RawDb raw(path_);
  const std::string gone_id = std::to_string(gone.tenant.id);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM tenants WHERE id = " + gone_id), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM vault_entries WHERE tenant_id = " + gone_id), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM tenant_values WHERE tenant_id = " + gone_id), 0);
  // The other tenant keeps everything.
  EXPECT_EQ(raw.Int("SELECT count(*) FROM vault_entries"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM tenant_values"), 1);
  std::string secret;
  EXPECT_TRUE(vault.OpenSecret(*kept_auth.tenant, "shop", &secret).ok());

  // The key was remembered; deleting forgets it.
  EXPECT_EQ(store_->Authenticate(gone.master_key).status, AuthStatus::kUnknownKey);
  EXPECT_EQ(store_->Authenticate(kept.master_key).status, AuthStatus::kOk);

  auto again = store_->Delete("gone");
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_FALSE(again.value());
}

// Regression: a Delete that commits while a verification of the same key
// runs its scrypt must not be undone by that verification remembering the
// tenant afterwards. This test can fail only when the race happens; it never
// fails spuriously.
TEST_F(TenantStoreTest, ADeletedTenantIsNotRememberedByAVerificationInFlight) {
  CreatedTenant created = MustCreate(*store_, "racer");
  AuthOutcome in_flight;
  std::thread verifier([&] { in_flight = store_->Authenticate(created.master_key); });
  // The verification has read the row and is inside scrypt.
  std::this_thread::sleep_for(std::chrono::milliseconds(25));
  auto deleted = store_->Delete("racer");
  verifier.join();
  ASSERT_TRUE(deleted.ok()) << deleted.error();
  ASSERT_TRUE(deleted.value());
  EXPECT_EQ(store_->Authenticate(created.master_key).status, AuthStatus::kUnknownKey)
      << "a deleted tenant's key still authenticates (in-flight call returned "
      << (in_flight.status == AuthStatus::kOk ? "ok" : "not ok") << ")";
}

TEST_F(TenantStoreTest, RotateKeyReplacesTheKeyAndKeepsTheVaultReadable) {
  CreatedTenant created = MustCreate(*store_, "acme");
  AuthOutcome old_auth = store_->Authenticate(created.master_key);
  ASSERT_EQ(old_auth.status, AuthStatus::kOk);
  Vault vault(*db_);
  ASSERT_TRUE(vault.Put(*old_auth.tenant, "shop", R"({"url":"x"})", kSecretHeaders).ok());
  ASSERT_TRUE(vault.Put(*old_auth.tenant, "other", "{}", R"({"X-Api-Key":"k-123"})").ok());

  const int64_t before = UnixMillis();
  auto rotated = store_->RotateKey("acme", created.master_key);
  ASSERT_TRUE(rotated.ok()) << rotated.error();
  const std::string& new_key = rotated.value();
  EXPECT_THAT(new_key, StartsWith("odmk_"));
  EXPECT_NE(new_key, created.master_key);

  EXPECT_EQ(store_->Authenticate(created.master_key).status, AuthStatus::kUnknownKey);
  AuthOutcome new_auth = store_->Authenticate(new_key);
  ASSERT_EQ(new_auth.status, AuthStatus::kOk) << new_auth.error;
  EXPECT_EQ(new_auth.tenant->id, created.tenant.id);
  EXPECT_EQ(new_auth.tenant->name, "acme");
  EXPECT_NE(new_auth.tenant->vault_key, old_auth.tenant->vault_key);

  std::string secret;
  Status opened = vault.OpenSecret(*new_auth.tenant, "shop", &secret);
  ASSERT_TRUE(opened.ok()) << opened.message();
  EXPECT_EQ(secret, kSecretHeaders);
  opened = vault.OpenSecret(*new_auth.tenant, "other", &secret);
  ASSERT_TRUE(opened.ok()) << opened.message();
  EXPECT_EQ(secret, R"({"X-Api-Key":"k-123"})");
  // The old vault key no longer opens anything.
  EXPECT_EQ(vault.OpenSecret(*old_auth.tenant, "shop", &secret).code(), ODMCP_DATA_LOSS);

  auto list = store_->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().size(), 1u);
  EXPECT_GE(list.value()[0].key_rotated_ms, before);

  // Verified from the row too, not only remembered.
  auto verifying = MakeStore({.remember_verified_key_ms = 0});
  ASSERT_NE(verifying, nullptr);
  EXPECT_EQ(verifying->Authenticate(new_key).status, AuthStatus::kOk);
  EXPECT_EQ(verifying->Authenticate(created.master_key).status, AuthStatus::kUnknownKey);
}

TEST_F(TenantStoreTest, RotateKeyRefusesAWrongCurrentKey) {
  CreatedTenant acme = MustCreate(*store_, "acme");
  CreatedTenant other = MustCreate(*store_, "other");

  auto wrong = store_->RotateKey("acme", TenantStore::NewMasterKey());
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error(), HasSubstr("\"acme\""));
  // Another tenant's (valid) key is not acme's.
  auto others = store_->RotateKey("acme", other.master_key);
  ASSERT_FALSE(others.ok());
  auto missing = store_->RotateKey("nobody", acme.master_key);
  ASSERT_FALSE(missing.ok());

  // Nothing changed: both keys still work.
  EXPECT_EQ(store_->Authenticate(acme.master_key).status, AuthStatus::kOk);
  EXPECT_EQ(store_->Authenticate(other.master_key).status, AuthStatus::kOk);
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM tenants WHERE key_rotated_ms IS NOT NULL"), 0);
}

TEST_F(TenantStoreTest, RefusesADatabaseMadeWithAnotherKmsKey) {
  MustCreate(*store_, "acme");
  auto other_kms = FixedKmsKey('z');
  ASSERT_NE(other_kms, nullptr);
  auto other = TenantStore::Open(*db_, other_kms, {});
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.error(), HasSubstr("different KMS key"));
  EXPECT_THAT(other.error(), HasSubstr(path_));

  // The same key again is fine, in a new Database object too.
  store_.reset();
  db_.reset();
  db_ = OpenHostDb(path_);
  ASSERT_NE(db_, nullptr);
  EXPECT_TRUE(TenantStore::Open(*db_, FixedKmsKey('k'), {}).ok());
  EXPECT_FALSE(TenantStore::Open(*db_, other_kms, {}).ok());
}

TEST_F(TenantStoreTest, VerifyKmsKeyFailsOnceTheDatabaseRecordsAnotherKey) {
  EXPECT_TRUE(store_->VerifyKmsKey().ok());
  // As if the file had been replaced by one made under another KMS key.
  auto other_kms = FixedKmsKey('z');
  ASSERT_NE(other_kms, nullptr);
  RawDb raw(path_);
  raw.Query("UPDATE meta SET value = ? WHERE key = 'kms_check'", {other_kms->check_value()},
            [](sqlite3_stmt*) {});
  Status verified = store_->VerifyKmsKey();
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_THAT(verified.message(), HasSubstr("different KMS key"));
}

TEST_F(TenantStoreTest, ProbeWritableWritesAndGivesUpOnAnotherProcesssLock) {
  ManualClock clock;
  TenantStoreOptions options;
  options.clock = &clock;
  store_ = MakeStore(options);
  ASSERT_NE(store_, nullptr);
  ASSERT_TRUE(store_->ProbeWritable(std::chrono::milliseconds(100)).ok());
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT value FROM meta WHERE key = 'write_probe_ms'"), clock.UnixMillis());

  raw.Exec("BEGIN EXCLUSIVE");
  const auto start = std::chrono::steady_clock::now();
  Status locked = store_->ProbeWritable(std::chrono::milliseconds(100));
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(locked.ok());
  EXPECT_THAT(locked.message(), HasSubstr(path_));
  // The probe's own wait, not the database's 5 s busy timeout.
  EXPECT_LT(waited, std::chrono::seconds(3));
  raw.Exec("ROLLBACK");

  clock.Advance(1000);
  EXPECT_TRUE(store_->ProbeWritable(std::chrono::milliseconds(100)).ok());
  EXPECT_EQ(raw.Int("SELECT value FROM meta WHERE key = 'write_probe_ms'"), clock.UnixMillis());
  // Other writes wait the full busy timeout again: a lock released after
  // three times the probe's wait is waited out.
  raw.Exec("BEGIN EXCLUSIVE");
  std::thread release([&raw] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    raw.Exec("ROLLBACK");
  });
  StatusOr<CreatedTenant> created = store_->Create("after-the-probe");
  release.join();
  EXPECT_TRUE(created.ok()) << created.error();
}

TEST_F(TenantStoreTest, ManyThreadsAuthenticateConcurrently) {
  CreatedTenant a = MustCreate(*store_, "a");
  CreatedTenant b = MustCreate(*store_, "b");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const CreatedTenant& mine = t % 2 == 0 ? a : b;
      for (int i = 0; i < 200; ++i) {
        AuthOutcome outcome = store_->Authenticate(mine.master_key);
        if (outcome.status != AuthStatus::kOk || outcome.tenant->id != mine.tenant.id) ++failures;
        if (store_->Authenticate("odmk_nope").status != AuthStatus::kUnknownKey) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace odmcp
