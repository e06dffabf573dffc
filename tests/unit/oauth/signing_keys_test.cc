// SigningKeys: the first key is made on first use and kept sealed; a
// rotation changes the signer while the retired key keeps verifying for
// the token lifetime; a process sees another's rotation.
#include "host/auth/server/signing_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/unit/services/tenant_db_test.h"

namespace odmcp {
namespace {

using services_test::FixedKmsKey;
using services_test::RawDb;

constexpr int64_t kKeepRetiredMs = 3600 * 1000;
constexpr int64_t kReloadMs = 60000;

class SigningKeysTest : public services_test::TenantDbTest {
 protected:
  std::unique_ptr<SigningKeys> Loaded(char kms_fill = 'k') {
    auto keys = std::make_unique<SigningKeys>(*db_, FixedKmsKey(kms_fill), &clock_, kKeepRetiredMs,
                                              kReloadMs);
    Status loaded = keys->Load();
    EXPECT_TRUE(loaded.ok()) << loaded.message();
    return keys;
  }
};

TEST_F(SigningKeysTest, TheFirstLoadMakesOneKeyThatSignsAndIsPublished) {
  auto keys = Loaded();
  auto set = keys->Current();
  ASSERT_TRUE(set->signer.has_value());
  ASSERT_EQ(set->published.size(), 1u);
  EXPECT_EQ(set->published[0].kid, set->signer_kid);
  const std::string signature = set->signer->Sign("message");
  EXPECT_TRUE(set->Find(set->signer_kid)->key.Verify("message", signature));
  EXPECT_EQ(set->Find("another"), nullptr);
  // Another process loading the same database uses the same key.
  EXPECT_EQ(Loaded()->Current()->signer_kid, set->signer_kid);
}

TEST_F(SigningKeysTest, ThePrivateKeyIsStoredOnlySealed) {
  auto set = Loaded()->Current();
  const std::string private_bytes = set->signer->PrivateBytes();
  for (const std::string& value : RawDb(path_).AllValues()) {
    EXPECT_EQ(value.find(private_bytes), std::string::npos);
  }
}

TEST_F(SigningKeysTest, UnderAnotherKmsKeyTheKeysDoNotOpen) {
  Loaded('k');
  SigningKeys other(*db_, FixedKmsKey('x'), &clock_, kKeepRetiredMs, kReloadMs);
  Status loaded = other.Load();
  EXPECT_EQ(loaded.code(), ODMCP_DATA_LOSS);
  EXPECT_THAT(loaded.message(), ::testing::HasSubstr("does not open under the KMS key"));
}

TEST_F(SigningKeysTest, ARotationKeepsTheRetiredKeyPublishedForTheTokenLifetime) {
  auto keys = Loaded();
  const std::string old_kid = keys->Current()->signer_kid;
  auto rotated = SigningKeys::Rotate(*db_, *FixedKmsKey('k'), clock_);
  ASSERT_TRUE(rotated.ok()) << rotated.error();

  // This process learns of it on its next periodic read...
  EXPECT_EQ(keys->Current()->signer_kid, old_kid);
  clock_.Advance(kReloadMs);
  auto set = keys->Current();
  EXPECT_EQ(set->signer_kid, rotated.value());
  ASSERT_EQ(set->published.size(), 2u);
  EXPECT_EQ(set->published[0].kid, rotated.value());
  EXPECT_NE(set->Find(old_kid), nullptr);

  // ... and the retired key goes once no token it signed can be alive.
  clock_.Advance(kKeepRetiredMs);
  set = keys->Current();
  EXPECT_EQ(set->published.size(), 1u);
  EXPECT_EQ(set->Find(old_kid), nullptr);
}

TEST_F(SigningKeysTest, AnUnknownKidRereadsTheKeysAtMostOncePerReloadPeriod) {
  auto keys = Loaded();
  auto first = SigningKeys::Rotate(*db_, *FixedKmsKey('k'), clock_);
  ASSERT_TRUE(first.ok());
  // A token signed by the new key arrives before the periodic read.
  EXPECT_NE(keys->ForKid(first.value())->Find(first.value()), nullptr);
  auto second = SigningKeys::Rotate(*db_, *FixedKmsKey('k'), clock_);
  ASSERT_TRUE(second.ok());
  // Unknown kids are the sender's choice: they do not make every request
  // read the database.
  EXPECT_EQ(keys->ForKid(second.value())->Find(second.value()), nullptr);
  clock_.Advance(kReloadMs);
  EXPECT_NE(keys->ForKid(second.value())->Find(second.value()), nullptr);
}

}  // namespace
}  // namespace odmcp
