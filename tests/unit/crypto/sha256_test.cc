// SHA-256 against FIPS 180-2's published examples.
#include "host/crypto/sha256.h"

#include <gtest/gtest.h>

#include "tests/unit/crypto/hex.h"

namespace odmcp::crypto {
namespace {

using test_hex::ToHex;

TEST(Sha256Test, Abc) {
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, EmptyInput) {
  EXPECT_EQ(ToHex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256(std::string_view()), Sha256(""));
}

}  // namespace
}  // namespace odmcp::crypto
