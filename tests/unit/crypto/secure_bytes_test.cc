// Random bytes, constant-time comparison and wiping.
#include "host/crypto/secure_bytes.h"

#include <gtest/gtest.h>

#include <string>

namespace odmcp::crypto {
namespace {

TEST(RandomBytesTest, GivesTheRequestedLength) {
  for (size_t n : {0, 1, 12, 32, 1000}) EXPECT_EQ(RandomBytes(n).size(), n);
}

TEST(RandomBytesTest, TwoCallsDiffer) { EXPECT_NE(RandomBytes(32), RandomBytes(32)); }

TEST(ConstantTimeEqualsTest, EqualInputs) {
  EXPECT_TRUE(ConstantTimeEquals("same bytes", "same bytes"));
  EXPECT_TRUE(ConstantTimeEquals("", std::string_view()));
  const std::string with_nul("a\0b", 3);
  EXPECT_TRUE(ConstantTimeEquals(with_nul, std::string("a\0b", 3)));
}

TEST(ConstantTimeEqualsTest, UnequalInputs) {
  EXPECT_FALSE(ConstantTimeEquals("same bytes", "same bytez"));
  EXPECT_FALSE(ConstantTimeEquals("xame bytes", "same bytes"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(ConstantTimeEqualsTest, DifferentLengthsAreUnequal) {
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(WipeTest, EmptiesTheString) {
  std::string secret = RandomBytes(64);
  Wipe(&secret);
  EXPECT_TRUE(secret.empty());
  std::string empty;
  Wipe(&empty);
  EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace odmcp::crypto
