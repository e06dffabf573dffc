// KmsKey: decoding, size check, and error messages that never quote the
// key.
#include "host/services/tenants/kms_key.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "host/common/base64.h"
#include "tests/unit/services/test_util.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Bytes(size_t n, char fill) { return std::string(n, fill); }

TEST(KmsKeyTest, AcceptsBase64Of32Bytes) {
  const std::string raw = "0123456789abcdefghijklmnopqrstuv";
  ASSERT_EQ(raw.size(), 32u);
  auto key = KmsKey::FromBase64(Base64Encode(raw));
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), raw);
  EXPECT_EQ(key.value()->lookup_key().size(), 32u);
  EXPECT_NE(key.value()->lookup_key(), raw);
  EXPECT_FALSE(key.value()->check_value().empty());
}

TEST(KmsKeyTest, AcceptsLongerKeysAndATrailingNewline) {
  auto longer = KmsKey::FromBase64(Base64Encode(Bytes(64, 'L')));
  ASSERT_TRUE(longer.ok()) << longer.error();
  EXPECT_EQ(longer.value()->raw(), Bytes(64, 'L'));
  // What `openssl rand -base64 32 > file` leaves, read back from the file.
  auto newline = KmsKey::FromBase64(Base64Encode(Bytes(32, 'N')) + "\n");
  ASSERT_TRUE(newline.ok()) << newline.error();
  EXPECT_EQ(newline.value()->raw(), Bytes(32, 'N'));
}

TEST(KmsKeyTest, AcceptsTheUrlAlphabetWithoutPadding) {
  const std::string raw = Bytes(32, '\xfb');  // encodes to "+/v7..." / "-_v7..."
  auto key = KmsKey::FromBase64(Base64UrlEncode(raw));
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), raw);
}

// kms_key.h: "standard or URL alphabet, padding optional".
// The header promises either alphabet, padded or not.
TEST(KmsKeyTest, AcceptsTheStandardAlphabetWithoutPadding) {
  const std::string raw = Bytes(32, '\xfb');
  std::string text = Base64Encode(raw);
  ASSERT_NE(text.find('+'), std::string::npos);
  ASSERT_NE(text.find('/'), std::string::npos);
  text.erase(std::remove(text.begin(), text.end(), '='), text.end());
  auto key = KmsKey::FromBase64(text);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), raw);
}

// As above: the URL alphabet with padding.
TEST(KmsKeyTest, AcceptsTheUrlAlphabetWithPadding) {
  const std::string raw = Bytes(32, '\xfb');
  std::string text = Base64UrlEncode(raw) + "=";
  ASSERT_EQ(text.size() % 4, 0u);
  auto key = KmsKey::FromBase64(text);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value()->raw(), raw);
}

TEST(KmsKeyTest, RefusesFewerThan32BytesWithoutQuotingTheKey) {
  const std::string text = Base64Encode("abcdefghijklmnopqrstuvwxyz01234");  // 31 bytes
  auto key = KmsKey::FromBase64(text);
  ASSERT_FALSE(key.ok());
  EXPECT_THAT(key.error(), HasSubstr("31"));
  EXPECT_THAT(key.error(), HasSubstr("32"));
  EXPECT_THAT(key.error(), Not(HasSubstr(text)));
  EXPECT_THAT(key.error(), Not(HasSubstr(text.substr(0, 8))));
  EXPECT_THAT(key.error(), Not(HasSubstr("abcdefgh")));

  EXPECT_FALSE(KmsKey::FromBase64("").ok());
}

TEST(KmsKeyTest, RefusesTextThatIsNotBase64WithoutQuotingIt) {
  const std::string text = "this-is*not(base64)at!all;secretsecretsecret";
  auto key = KmsKey::FromBase64(text);
  ASSERT_FALSE(key.ok());
  EXPECT_THAT(key.error(), HasSubstr("base64"));
  EXPECT_THAT(key.error(), Not(HasSubstr("secretsecret")));
  EXPECT_THAT(key.error(), Not(HasSubstr("this-is")));
}

TEST(KmsKeyTest, DerivedValuesDependOnlyOnTheKey) {
  auto a1 = services_test::FixedKmsKey('a');
  auto a2 = services_test::FixedKmsKey('a');
  auto b = services_test::FixedKmsKey('b');
  ASSERT_TRUE(a1 && a2 && b);
  EXPECT_EQ(a1->lookup_key(), a2->lookup_key());
  EXPECT_EQ(a1->check_value(), a2->check_value());
  EXPECT_NE(a1->lookup_key(), b->lookup_key());
  EXPECT_NE(a1->check_value(), b->check_value());
  EXPECT_NE(a1->lookup_key(), a1->check_value());
}

}  // namespace
}  // namespace odmcp
