// HKDF-SHA256 against RFC 5869 appendix A (test cases 1-3, the SHA-256 ones).
#include "host/crypto/hkdf.h"

#include <gtest/gtest.h>

#include "tests/unit/crypto/hex.h"

namespace odmcp::crypto {
namespace {

using test_hex::FromHex;
using test_hex::ToHex;

TEST(HkdfSha256Test, Rfc5869Case1Basic) {
  auto okm = HkdfSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                        FromHex("000102030405060708090a0b0c"), FromHex("f0f1f2f3f4f5f6f7f8f9"),
                        42);
  ASSERT_TRUE(okm.ok()) << okm.error();
  EXPECT_EQ(ToHex(okm.value()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
            "34007208d5b887185865");
}

TEST(HkdfSha256Test, Rfc5869Case2LongerInputsAndOutput) {
  auto okm = HkdfSha256(
      FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
              "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
              "404142434445464748494a4b4c4d4e4f"),
      FromHex("606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
              "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
              "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"),
      FromHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
              "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
              "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
      82);
  ASSERT_TRUE(okm.ok()) << okm.error();
  EXPECT_EQ(ToHex(okm.value()),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(HkdfSha256Test, Rfc5869Case3EmptySaltAndInfo) {
  auto okm = HkdfSha256(FromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "", "", 42);
  ASSERT_TRUE(okm.ok()) << okm.error();
  EXPECT_EQ(ToHex(okm.value()),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
            "9d201395faa4b61a96c8");
}

TEST(HkdfSha256Test, OutputLengthLimits) {
  EXPECT_FALSE(HkdfSha256("ikm", "salt", "info", 0).ok());
  EXPECT_FALSE(HkdfSha256("ikm", "salt", "info", kHkdfSha256MaxLength + 1).ok());
  auto longest = HkdfSha256("ikm", "salt", "info", kHkdfSha256MaxLength);
  ASSERT_TRUE(longest.ok()) << longest.error();
  EXPECT_EQ(longest.value().size(), kHkdfSha256MaxLength);
}

}  // namespace
}  // namespace odmcp::crypto
