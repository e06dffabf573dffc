// LoadKmsKey: a systemd credential, then a key file, then the environment
// variable (wiped and removed once read); errors that name the place and
// never quote the key.
#include "host/services/tenants/kms_key_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "host/common/base64.h"
#include "host/services/redaction.h"
#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using services_test::KmsKeyText;
using services_test::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

// A variable no one else sets.
constexpr char kEnvName[] = "ODMCP_SERVICES_TEST_KMS_KEY_7F3A";

class KmsKeySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv(kEnvName);
    unsetenv("CREDENTIALS_DIRECTORY");
  }
  void TearDown() override { SetUp(); }

  std::string WriteKeyFile(const std::string& name, const std::string& text,
                           std::filesystem::perms mode = std::filesystem::perms(0600)) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << text;
    std::filesystem::permissions(path, mode);
    return path;
  }

  KmsKeySource source_{kEnvName, "", "odmcp-kms-key"};
  TempDir dir_;
};

TEST_F(KmsKeySourceTest, TheVariableIsReadThenWipedAndRemoved) {
  ASSERT_EQ(setenv(kEnvName, KmsKeyText('e').c_str(), 1), 0);
  char* value = std::getenv(kEnvName);
  const std::string text = value;
  auto key = LoadKmsKey(source_);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), std::string(32, 'e'));
  EXPECT_EQ(std::getenv(kEnvName), nullptr);
  // The bytes the environment held (what /proc/<pid>/environ shows).
  EXPECT_EQ(std::string(value, text.size()), std::string(text.size(), '\0'));
  // ... and the text is a secret no log line may quote.
  EXPECT_EQ(SecretRegistry::Process().Scrub("k=" + text), "k=[redacted]");
}

TEST_F(KmsKeySourceTest, NoSourceGivesHelpNamingEveryPlaceAndHowToMakeAKey) {
  auto key = LoadKmsKey(source_);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error(), MissingKmsKeyHelp(source_));
  EXPECT_THAT(key.error(), HasSubstr(kEnvName));
  EXPECT_THAT(key.error(), HasSubstr("kms_key_file"));
  EXPECT_THAT(key.error(), HasSubstr("odmcp-kms-key"));
  EXPECT_THAT(key.error(), HasSubstr("openssl rand -base64 32"));

  ASSERT_EQ(setenv(kEnvName, "", 1), 0);
  EXPECT_FALSE(LoadKmsKey(source_).ok()) << "an empty value is as good as none";
}

TEST_F(KmsKeySourceTest, AnInvalidValueIsReportedWithItsPlaceNotTheValue) {
  const std::string short_key = Base64Encode(std::string(16, 's'));
  ASSERT_EQ(setenv(kEnvName, short_key.c_str(), 1), 0);
  auto key = LoadKmsKey(source_);
  ASSERT_FALSE(key.ok());
  EXPECT_THAT(key.error(), HasSubstr(kEnvName));
  EXPECT_THAT(key.error(), HasSubstr("16"));
  EXPECT_THAT(key.error(), Not(HasSubstr(short_key)));
}

TEST_F(KmsKeySourceTest, AKeyFileIsPreferredToTheVariableAndMustBeTheOwnersOnly) {
  ASSERT_EQ(setenv(kEnvName, KmsKeyText('e').c_str(), 1), 0);
  source_.file = WriteKeyFile("kms.key", KmsKeyText('f') + "\n");
  auto key = LoadKmsKey(source_);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), std::string(32, 'f'));

  source_.file = WriteKeyFile("open.key", KmsKeyText('g'), std::filesystem::perms(0644));
  auto open = LoadKmsKey(source_);
  ASSERT_FALSE(open.ok());
  EXPECT_THAT(open.error(), HasSubstr("readable by other users (mode 0644)"));
  EXPECT_THAT(open.error(), HasSubstr("chmod 600 " + source_.file));

  source_.file = dir_.File("absent.key");
  auto absent = LoadKmsKey(source_);
  ASSERT_FALSE(absent.ok());
  EXPECT_THAT(absent.error(), HasSubstr(source_.file + " ([vault] kms_key_file) does not exist"));
}

TEST_F(KmsKeySourceTest, ASystemdCredentialComesFirst) {
  source_.file = WriteKeyFile("kms.key", KmsKeyText('f'));
  WriteKeyFile("odmcp-kms-key", KmsKeyText('c'), std::filesystem::perms(0400));
  ASSERT_EQ(setenv("CREDENTIALS_DIRECTORY", dir_.path().c_str(), 1), 0);
  auto key = LoadKmsKey(source_);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), std::string(32, 'c'));

  // A directory without that credential: the next place is looked at.
  source_.credential = "another-name";
  auto next = LoadKmsKey(source_);
  ASSERT_TRUE(next.ok()) << next.error();
  EXPECT_EQ(next.value()->raw(), std::string(32, 'f'));
}

}  // namespace
}  // namespace odmcp
