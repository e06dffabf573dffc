// Base64 codecs: round trips, and strict rejection of non-canonical input
// (the MCP header rules require it).
#include "host/common/base64.h"

#include <gtest/gtest.h>

namespace odmcp {
namespace {

TEST(Base64Test, RoundTripsEveryLengthRemainder) {
  for (std::string text : {"", "H", "He", "Hel", "Hell", "Hello", "test_simple_text"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(text)), text);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(text)), text);
  }
}

TEST(Base64Test, KnownValues) {
  EXPECT_EQ(Base64Encode("Hello"), "SGVsbG8=");
  EXPECT_EQ(Base64Decode("dGVzdF9zaW1wbGVfdGV4dA=="), "test_simple_text");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64Test, RejectsMissingPadding) { EXPECT_FALSE(Base64Decode("SGVsbG8")); }
TEST(Base64Test, RejectsCharactersOutsideTheAlphabet) { EXPECT_FALSE(Base64Decode("SGVs!!!bG8=")); }
TEST(Base64Test, RejectsTooMuchPadding) { EXPECT_FALSE(Base64Decode("SGVsbG8===")); }
TEST(Base64Test, RejectsNonZeroTrailingBits) { EXPECT_FALSE(Base64Decode("SGVsbG9=")); }
TEST(Base64Test, RejectsImpossibleLength) { EXPECT_FALSE(Base64UrlDecode("abcde")); }

}  // namespace
}  // namespace odmcp
