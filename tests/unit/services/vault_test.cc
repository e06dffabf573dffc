// Vault: the issue's acceptance tests. Round trip; literal prefixes; input
// validation; every kind of tampering with a sealed row reported as
// DATA_LOSS naming the entry; rows bound to their tenant and entry; a wrong
// KMS key; fresh nonces; stable row ids.
#include "host/services/tenants/vault.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/crypto/hkdf.h"
#include "host/services/redaction.h"
#include "host/services/tenants/tenant_store.h"
#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::FixedKmsKey;
using services_test::OpenHostDb;
using services_test::RawDb;
using services_test::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kPublic[] = R"({"url":"https://shop.example","store_id":12345,"tags":["eu"]})";
constexpr char kSecret[] = R"({"Authorization":"Basic c2hvcDpzM2NyZXQtdmFsdWU=","X-Store-Key":"sk_live_0123456789"})";
constexpr char kSecretValue[] = "c2hvcDpzM2NyZXQtdmFsdWU=";

std::vector<std::string> Names(const std::vector<VaultEntry>& entries) {
  std::vector<std::string> names;
  for (const VaultEntry& e : entries) names.push_back(e.name);
  return names;
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenHostDb(path_);
    ASSERT_NE(db_, nullptr);
    kms_ = FixedKmsKey('k');
    auto store = TenantStore::Open(*db_, kms_, {});
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    alpha_ = NewTenant("alpha", &alpha_key_);
    ASSERT_NE(alpha_, nullptr);
    vault_ = std::make_unique<Vault>(*db_);
  }

  std::shared_ptr<const Tenant> NewTenant(std::string_view name, std::string* key = nullptr) {
    auto created = store_->Create(name);
    if (!created.ok()) {
      ADD_FAILURE() << created.error();
      return nullptr;
    }
    AuthOutcome auth = store_->Authenticate(created.value().master_key);
    if (auth.status != AuthStatus::kOk) {
      ADD_FAILURE() << "authenticate: " << auth.error;
      return nullptr;
    }
    if (key != nullptr) *key = created.value().master_key;
    return auth.tenant;
  }

  void MustPut(const Tenant& tenant, std::string_view name, std::string_view pub = kPublic,
               std::string_view secret = kSecret) {
    Status status = vault_->Put(tenant, name, pub, secret);
    ASSERT_TRUE(status.ok()) << status.message();
  }

  int64_t RowId(const Tenant& tenant, const std::string& name) {
    return RawDb(path_)
        .Int("SELECT id FROM vault_entries WHERE tenant_id = " + std::to_string(tenant.id) +
             " AND name = '" + name + "'")
        .value_or(0);
  }

  std::string Column(int64_t row, const std::string& column) {
    return RawDb(path_)
        .Bytes("SELECT " + column + " FROM vault_entries WHERE id = " + std::to_string(row))
        .value_or("");
  }

  int64_t EntryCount() {
    return RawDb(path_).Int("SELECT count(*) FROM vault_entries").value_or(-1);
  }

  // Opening `name` fails with DATA_LOSS naming it, and releases nothing.
  void ExpectDataLoss(const Tenant& tenant, const std::string& name) {
    std::string secret = "untouched";
    Status status = vault_->OpenSecret(tenant, name, &secret);
    EXPECT_EQ(status.code(), ODMCP_DATA_LOSS) << status.message();
    EXPECT_THAT(status.message(), HasSubstr("\"" + name + "\""));
    EXPECT_THAT(status.message(), Not(HasSubstr(kSecretValue)));
    EXPECT_EQ(secret, "untouched");
  }

  void ExpectOpens(const Tenant& tenant, const std::string& name,
                   const std::string& expected = kSecret) {
    std::string secret;
    Status status = vault_->OpenSecret(tenant, name, &secret);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(secret, expected);
  }

  TempDir dir_;
  const std::string path_ = dir_.File("host.db");
  std::unique_ptr<storage::Database> db_;
  std::shared_ptr<const KmsKey> kms_;
  std::unique_ptr<TenantStore> store_;
  std::string alpha_key_;
  std::shared_ptr<const Tenant> alpha_;
  std::unique_ptr<Vault> vault_;
};

TEST_F(VaultTest, PutGetPublicListEraseOpenSecretRoundTrip) {
  MustPut(*alpha_, "shop-eu");
  MustPut(*alpha_, "shop-us", R"({"url":"https://us.example"})", R"({"X-Api-Key":"us-key-123"})");
  MustPut(*alpha_, "other", "{}", "{}");

  std::string pub;
  Status got = vault_->GetPublic(*alpha_, "shop-eu", &pub);
  ASSERT_TRUE(got.ok()) << got.message();
  EXPECT_EQ(pub, kPublic);  // stored as given
  ExpectOpens(*alpha_, "shop-eu");
  ExpectOpens(*alpha_, "shop-us", R"({"X-Api-Key":"us-key-123"})");
  ExpectOpens(*alpha_, "other", "{}");

  std::vector<VaultEntry> all;
  ASSERT_TRUE(vault_->List(*alpha_, "", &all).ok());
  EXPECT_THAT(Names(all), ElementsAre("other", "shop-eu", "shop-us"));
  std::vector<VaultEntry> shops;
  ASSERT_TRUE(vault_->List(*alpha_, "shop-", &shops).ok());
  ASSERT_THAT(Names(shops), ElementsAre("shop-eu", "shop-us"));
  EXPECT_EQ(shops[0].public_json, kPublic);
  EXPECT_EQ(shops[1].public_json, R"({"url":"https://us.example"})");
  // The secret is never part of a listing.
  for (const VaultEntry& e : all) EXPECT_THAT(e.public_json, Not(HasSubstr(kSecretValue)));

  Status erased = vault_->Erase(*alpha_, "shop-eu");
  ASSERT_TRUE(erased.ok()) << erased.message();
  EXPECT_EQ(vault_->GetPublic(*alpha_, "shop-eu", &pub).code(), ODMCP_NOT_FOUND);
  std::string secret;
  Status missing = vault_->OpenSecret(*alpha_, "shop-eu", &secret);
  EXPECT_EQ(missing.code(), ODMCP_NOT_FOUND);
  EXPECT_THAT(missing.message(), HasSubstr("\"shop-eu\""));
  EXPECT_EQ(vault_->Erase(*alpha_, "shop-eu").code(), ODMCP_NOT_FOUND);
  shops.clear();
  ASSERT_TRUE(vault_->List(*alpha_, "shop-", &shops).ok());
  EXPECT_THAT(Names(shops), ElementsAre("shop-us"));
}

TEST_F(VaultTest, RegisterSecretsMakesEveryStoredValueScrubbed) {
  // Values no other test stores, as the registry is the process's.
  const std::string first = "vault-register-first-0123456789";
  const std::string second = "vault-register-second-0123456789";
  MustPut(*alpha_, "one", "{}", R"({"X-Key":")" + first + R"("})");
  MustPut(*alpha_, "two", "{}", R"({"X-Key":")" + second + R"(","X-Short":"ab"})");
  const std::string text = "pasted " + first + " and " + second;
  ASSERT_EQ(SecretRegistry::Process().Scrub(text), text) << "Put alone registers nothing";
  Status status = vault_->RegisterSecrets(*alpha_);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(SecretRegistry::Process().Scrub(text), "pasted [redacted] and [redacted]");
}

TEST_F(VaultTest, ListMatchesPercentAndUnderscoreLiterally) {
  for (const char* name : {"a%b", "a%bc", "a_b", "axb", "ab", "A%b"}) MustPut(*alpha_, name);
  std::vector<VaultEntry> out;
  ASSERT_TRUE(vault_->List(*alpha_, "a%", &out).ok());
  EXPECT_THAT(Names(out), ElementsAre("a%b", "a%bc"));
  out.clear();
  ASSERT_TRUE(vault_->List(*alpha_, "a_", &out).ok());
  EXPECT_THAT(Names(out), ElementsAre("a_b"));
  out.clear();
  ASSERT_TRUE(vault_->List(*alpha_, "%", &out).ok());
  EXPECT_THAT(out, IsEmpty());
  out.clear();
  ASSERT_TRUE(vault_->List(*alpha_, "_", &out).ok());
  EXPECT_THAT(out, IsEmpty());
  out.clear();
  ASSERT_TRUE(vault_->List(*alpha_, "A", &out).ok());  // case matters
  EXPECT_THAT(Names(out), ElementsAre("A%b"));
}

// Prefixes compare bytes: substr() on TEXT would count characters and miss
// names with multi-byte UTF-8.
TEST_F(VaultTest, ListMatchesANonAsciiPrefix) {
  MustPut(*alpha_, "caf\xc3\xa9-1");
  MustPut(*alpha_, "caf\xc3\xa9-2");
  MustPut(*alpha_, "cafe-3");
  std::vector<VaultEntry> out;
  ASSERT_TRUE(vault_->List(*alpha_, "caf\xc3\xa9", &out).ok());
  EXPECT_THAT(Names(out), ElementsAre("caf\xc3\xa9-1", "caf\xc3\xa9-2"));
  out.clear();
  ASSERT_TRUE(vault_->List(*alpha_, "caf\xc3\xa9-2", &out).ok());
  EXPECT_THAT(Names(out), ElementsAre("caf\xc3\xa9-2"));
}

TEST_F(VaultTest, RejectsInvalidInputAndStoresNothing) {
  struct Case {
    const char* what;
    std::string name, pub, secret;
  };
  const std::vector<Case> cases = {
      {"public not JSON", "e", "not json", kSecret},
      {"public truncated", "e", R"({"url":)", kSecret},
      {"public an array", "e", "[1,2]", kSecret},
      {"public a string", "e", R"("text")", kSecret},
      {"public empty", "e", "", kSecret},
      {"secret not JSON", "e", kPublic, "Authorization: Basic x"},
      {"secret an array", "e", kPublic, R"(["Authorization","Basic x"])"},
      {"secret a string", "e", kPublic, R"("Basic x")"},
      {"secret null", "e", kPublic, "null"},
      {"secret number value", "e", kPublic, R"({"X-Key":12345})"},
      {"secret object value", "e", kPublic, R"({"X-Key":{"a":"b"}})"},
      {"header name with a space", "e", kPublic, R"({"X Api Key":"v"})"},
      {"header name with a colon", "e", kPublic, R"({"X-Api-Key:":"v"})"},
      {"empty header name", "e", kPublic, R"({"":"v"})"},
      {"value with CR LF", "e", kPublic, R"({"X-Key":"v\r\nInjected: yes"})"},
      {"value with LF", "e", kPublic, R"({"X-Key":"v\nInjected: yes"})"},
      {"value with CR", "e", kPublic, R"({"X-Key":"v\rInjected: yes"})"},
      {"value with NUL", "e", kPublic, R"({"X-Key":"v\u0000Injected: yes"})"},
      {"empty name", "", kPublic, kSecret},
      {"name with a newline", "a\nb", kPublic, kSecret},
      {"name too long", std::string(201, 'n'), kPublic, kSecret},
  };
  for (const Case& c : cases) {
    Status status = vault_->Put(*alpha_, c.name, c.pub, c.secret);
    EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT) << c.what;
    EXPECT_FALSE(status.message().empty()) << c.what;
    EXPECT_THAT(status.message(), Not(HasSubstr("Injected"))) << c.what;
    EXPECT_THAT(status.message(), Not(HasSubstr(kSecretValue))) << c.what;
  }
  EXPECT_EQ(EntryCount(), 0);

  // An invalid replacement leaves the stored entry as it was.
  MustPut(*alpha_, "e");
  EXPECT_EQ(vault_->Put(*alpha_, "e", "[]", "{}").code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(vault_->Put(*alpha_, "e", "{}", R"({"X Y":"v"})").code(), ODMCP_INVALID_ARGUMENT);
  std::string pub;
  ASSERT_TRUE(vault_->GetPublic(*alpha_, "e", &pub).ok());
  EXPECT_EQ(pub, kPublic);
  ExpectOpens(*alpha_, "e");
  EXPECT_EQ(EntryCount(), 1);
}

// vault.h: secret headers are "string values without control characters".
// RFC 9110 allows no control character but tab in a field value.
TEST_F(VaultTest, RejectsOtherControlCharactersInHeaderValues) {
  for (const char* secret : {R"({"X-Key":"v\u0001w"})", R"({"X-Key":"v\u001bw"})",
                             "{\"X-Key\":\"v\x7fw\"}"}) {
    EXPECT_EQ(vault_->Put(*alpha_, "ctl", "{}", secret).code(), ODMCP_INVALID_ARGUMENT) << secret;
    EXPECT_THAT(CheckSecretHeaders(secret), Not(IsEmpty())) << secret;
  }
  EXPECT_EQ(EntryCount(), 0);
}

TEST_F(VaultTest, CheckSecretHeadersAcceptsTokensAndStrings) {
  EXPECT_EQ(CheckSecretHeaders("{}"), "");
  EXPECT_EQ(CheckSecretHeaders(kSecret), "");
  EXPECT_EQ(CheckSecretHeaders(R"({"X-Custom_Header.v2!#$%&'*+^`|~":"any value: with spaces"})"), "");
  EXPECT_THAT(CheckSecretHeaders(R"({"X Y":"v"})"), HasSubstr("\"X Y\""));
  EXPECT_THAT(CheckSecretHeaders(std::string(20 * 1024, ' ')), HasSubstr("at most"));
}

TEST_F(VaultTest, AFlippedBitInTheCiphertextIsDataLoss) {
  MustPut(*alpha_, "shop");
  const int64_t row = RowId(*alpha_, "shop");
  const std::string sealed = Column(row, "sealed");
  ASSERT_GT(sealed.size(), 16u);
  std::string altered = sealed;
  altered[0] = static_cast<char>(altered[0] ^ 0x01);
  RawDb(path_).SetBlob("vault_entries", "sealed", row, altered);
  ExpectDataLoss(*alpha_, "shop");

  RawDb(path_).SetBlob("vault_entries", "sealed", row, sealed);
  ExpectOpens(*alpha_, "shop");
}

TEST_F(VaultTest, AFlippedBitInTheTagIsDataLoss) {
  MustPut(*alpha_, "shop");
  const int64_t row = RowId(*alpha_, "shop");
  const std::string sealed = Column(row, "sealed");
  EXPECT_EQ(sealed.size(), std::string(kSecret).size() + 16);
  std::string altered = sealed;
  altered[sealed.size() - 1] = static_cast<char>(altered[sealed.size() - 1] ^ 0x80);
  RawDb(path_).SetBlob("vault_entries", "sealed", row, altered);
  ExpectDataLoss(*alpha_, "shop");

  altered = sealed;
  altered[sealed.size() - 16] = static_cast<char>(altered[sealed.size() - 16] ^ 0x01);
  RawDb(path_).SetBlob("vault_entries", "sealed", row, altered);
  ExpectDataLoss(*alpha_, "shop");

  // Shorter than a tag, and empty: still DATA_LOSS, no crash.
  RawDb(path_).SetBlob("vault_entries", "sealed", row, sealed.substr(0, 10));
  ExpectDataLoss(*alpha_, "shop");
  RawDb(path_).SetBlob("vault_entries", "sealed", row, "");
  ExpectDataLoss(*alpha_, "shop");
}

TEST_F(VaultTest, AFlippedBitInTheNonceIsDataLoss) {
  MustPut(*alpha_, "shop");
  const int64_t row = RowId(*alpha_, "shop");
  const std::string nonce = Column(row, "nonce");
  ASSERT_EQ(nonce.size(), 12u);
  std::string altered = nonce;
  altered[5] = static_cast<char>(altered[5] ^ 0x10);
  RawDb(path_).SetBlob("vault_entries", "nonce", row, altered);
  ExpectDataLoss(*alpha_, "shop");

  // A nonce of the wrong size.
  RawDb(path_).SetBlob("vault_entries", "nonce", row, nonce.substr(0, 8));
  ExpectDataLoss(*alpha_, "shop");
  RawDb(path_).SetBlob("vault_entries", "nonce", row, "");
  ExpectDataLoss(*alpha_, "shop");

  RawDb(path_).SetBlob("vault_entries", "nonce", row, nonce);
  ExpectOpens(*alpha_, "shop");
}

TEST_F(VaultTest, ASealedValueCopiedToAnotherTenantsRowIsDataLoss) {
  auto beta = NewTenant("beta");
  ASSERT_NE(beta, nullptr);
  MustPut(*alpha_, "shop");
  MustPut(*beta, "shop", "{}", R"({"X-Key":"beta's own"})");
  const int64_t from = RowId(*alpha_, "shop");
  const int64_t to = RowId(*beta, "shop");
  RawDb raw(path_);
  raw.SetBlob("vault_entries", "nonce", to, Column(from, "nonce"));
  raw.SetBlob("vault_entries", "sealed", to, Column(from, "sealed"));
  ExpectDataLoss(*beta, "shop");
  ExpectOpens(*alpha_, "shop");

  // Moving the row itself to the other tenant does not help either.
  raw.Exec("DELETE FROM vault_entries WHERE id = " + std::to_string(to));
  raw.Exec("UPDATE vault_entries SET tenant_id = " + std::to_string(beta->id) +
           " WHERE id = " + std::to_string(from));
  ExpectDataLoss(*beta, "shop");
}

TEST_F(VaultTest, ASealedValueCopiedToAnotherEntryOfTheSameTenantIsDataLoss) {
  MustPut(*alpha_, "shop");
  MustPut(*alpha_, "backup", "{}", R"({"X-Key":"backup key"})");
  const int64_t from = RowId(*alpha_, "shop");
  const int64_t to = RowId(*alpha_, "backup");
  RawDb raw(path_);
  raw.SetBlob("vault_entries", "nonce", to, Column(from, "nonce"));
  raw.SetBlob("vault_entries", "sealed", to, Column(from, "sealed"));
  ExpectDataLoss(*alpha_, "backup");
  ExpectOpens(*alpha_, "shop");

  // Renaming a row (same id, other name) is caught too.
  raw.Exec("DELETE FROM vault_entries WHERE id = " + std::to_string(to));
  raw.Exec("UPDATE vault_entries SET name = 'renamed' WHERE id = " + std::to_string(from));
  ExpectDataLoss(*alpha_, "renamed");
}

TEST_F(VaultTest, AnOldSealedValueReplayedIntoARecreatedEntryIsDataLoss) {
  MustPut(*alpha_, "shop");
  const int64_t old_row = RowId(*alpha_, "shop");
  const std::string nonce = Column(old_row, "nonce");
  const std::string sealed = Column(old_row, "sealed");
  ASSERT_TRUE(vault_->Erase(*alpha_, "shop").ok());
  MustPut(*alpha_, "extra");  // so the next row id is not reused
  MustPut(*alpha_, "shop", "{}", R"({"X-Key":"new"})");
  const int64_t new_row = RowId(*alpha_, "shop");
  ASSERT_NE(new_row, old_row);
  RawDb raw(path_);
  raw.SetBlob("vault_entries", "nonce", new_row, nonce);
  raw.SetBlob("vault_entries", "sealed", new_row, sealed);
  ExpectDataLoss(*alpha_, "shop");
}

TEST_F(VaultTest, ATenantKeyDerivedWithAnotherKmsKeyIsDataLoss) {
  MustPut(*alpha_, "shop");
  const std::string vault_salt =
      RawDb(path_).Bytes("SELECT vault_salt FROM tenants WHERE id = " + std::to_string(alpha_->id))
          .value_or("");
  ASSERT_EQ(vault_salt.size(), 16u);
  auto other_kms = FixedKmsKey('z');
  ASSERT_NE(other_kms, nullptr);
  auto key = crypto::HkdfSha256(std::string(other_kms->raw()) + alpha_key_, vault_salt,
                                "orderdesk-mcp vault v1 tenant " + std::to_string(alpha_->id), 32);
  ASSERT_TRUE(key.ok()) << key.error();

  Tenant impostor;
  impostor.id = alpha_->id;
  impostor.name = alpha_->name;
  impostor.vault_key = key.value();
  ASSERT_NE(impostor.vault_key, alpha_->vault_key);
  ExpectDataLoss(impostor, "shop");

  // Public parts are not secret: those it can read.
  std::string pub;
  EXPECT_TRUE(vault_->GetPublic(impostor, "shop", &pub).ok());
}

TEST_F(VaultTest, TheNonceDiffersBetweenTwoPutsOfTheSameValue) {
  MustPut(*alpha_, "shop");
  const int64_t row = RowId(*alpha_, "shop");
  const std::string nonce1 = Column(row, "nonce");
  const std::string sealed1 = Column(row, "sealed");
  MustPut(*alpha_, "shop");
  const std::string nonce2 = Column(row, "nonce");
  const std::string sealed2 = Column(row, "sealed");
  ASSERT_EQ(nonce1.size(), 12u);
  ASSERT_EQ(nonce2.size(), 12u);
  EXPECT_NE(nonce1, nonce2);
  EXPECT_NE(sealed1, sealed2);
  ExpectOpens(*alpha_, "shop");

  // Across entries too.
  MustPut(*alpha_, "shop2");
  EXPECT_NE(Column(RowId(*alpha_, "shop2"), "nonce"), nonce2);
}

TEST_F(VaultTest, ReplacingAnEntryKeepsItsRowId) {
  MustPut(*alpha_, "shop");
  MustPut(*alpha_, "later");
  const int64_t row = RowId(*alpha_, "shop");
  ASSERT_GT(row, 0);
  const std::string created_ms = Column(row, "created_ms");
  MustPut(*alpha_, "shop", R"({"url":"https://new.example"})", R"({"X-Key":"replaced"})");
  EXPECT_EQ(RowId(*alpha_, "shop"), row);
  EXPECT_EQ(Column(row, "created_ms"), created_ms);
  EXPECT_EQ(EntryCount(), 2);
  std::string pub;
  ASSERT_TRUE(vault_->GetPublic(*alpha_, "shop", &pub).ok());
  EXPECT_EQ(pub, R"({"url":"https://new.example"})");
  ExpectOpens(*alpha_, "shop", R"({"X-Key":"replaced"})");
}

TEST_F(VaultTest, TenantsDoNotSeeEachOthersEntries) {
  auto beta = NewTenant("beta");
  ASSERT_NE(beta, nullptr);
  MustPut(*alpha_, "shop");
  std::string out;
  EXPECT_EQ(vault_->GetPublic(*beta, "shop", &out).code(), ODMCP_NOT_FOUND);
  EXPECT_EQ(vault_->OpenSecret(*beta, "shop", &out).code(), ODMCP_NOT_FOUND);
  EXPECT_EQ(vault_->Erase(*beta, "shop").code(), ODMCP_NOT_FOUND);
  std::vector<VaultEntry> listed;
  ASSERT_TRUE(vault_->List(*beta, "", &listed).ok());
  EXPECT_THAT(listed, IsEmpty());
  // Same name, separate entries.
  MustPut(*beta, "shop", "{}", R"({"X-Key":"beta"})");
  ExpectOpens(*beta, "shop", R"({"X-Key":"beta"})");
  ExpectOpens(*alpha_, "shop");
}

TEST_F(VaultTest, TheSecretIsNotStoredInTheClear) {
  MustPut(*alpha_, "shop");
  RawDb raw(path_);
  for (const std::string& value : raw.AllValues()) {
    EXPECT_EQ(value.find(kSecretValue), std::string::npos);
    EXPECT_EQ(value.find("sk_live_0123456789"), std::string::npos);
  }
}

// Key rotation re-seals inside one transaction: an entry that does not open
// under the current key fails the rotation, naming it, and changes nothing.
TEST_F(VaultTest, RotationWithATamperedEntryFailsNamingItAndChangesNothing) {
  MustPut(*alpha_, "good");
  MustPut(*alpha_, "bad");
  const int64_t row = RowId(*alpha_, "bad");
  std::string sealed = Column(row, "sealed");
  sealed[3] = static_cast<char>(sealed[3] ^ 0x04);
  RawDb(path_).SetBlob("vault_entries", "sealed", row, sealed);
  const std::string good_sealed = Column(RowId(*alpha_, "good"), "sealed");

  auto rotated = store_->RotateKey("alpha", alpha_key_);
  ASSERT_FALSE(rotated.ok());
  EXPECT_THAT(rotated.error(), HasSubstr("\"bad\""));
  EXPECT_EQ(Column(RowId(*alpha_, "good"), "sealed"), good_sealed);
  EXPECT_EQ(store_->Authenticate(alpha_key_).status, AuthStatus::kOk);
  ExpectOpens(*alpha_, "good");
}

}  // namespace
}  // namespace odmcp
