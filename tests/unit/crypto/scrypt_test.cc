// scrypt against RFC 7914 section 12, and parameter validation.
#include "host/crypto/scrypt.h"

#include <gtest/gtest.h>

#include "tests/unit/crypto/hex.h"

namespace odmcp::crypto {
namespace {

using test_hex::ToHex;

// RFC 7914's fourth vector ("pleaseletmein", "SodiumChloride", N=1048576,
// r=8, p=1) is left out: it needs 1 GiB of memory and several seconds, too
// much for a unit test; the three below exercise the same code path.

TEST(ScryptTest, Rfc7914Vector1Empty) {
  auto key = Scrypt("", "", ScryptParams{16, 1, 1}, 64);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(ToHex(key.value()),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
}

TEST(ScryptTest, Rfc7914Vector2Password) {
  auto key = Scrypt("password", "NaCl", ScryptParams{1024, 8, 16}, 64);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(ToHex(key.value()),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

TEST(ScryptTest, Rfc7914Vector3PleaseLetMeIn) {
  auto key = Scrypt("pleaseletmein", "SodiumChloride", ScryptParams{16384, 8, 1}, 64);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(ToHex(key.value()),
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
            "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

TEST(ScryptTest, DefaultVerifierParams) {
  const ScryptParams params = DefaultVerifierParams();
  EXPECT_EQ(params.n, uint64_t{1} << 15);
  EXPECT_EQ(params.r, 8u);
  EXPECT_EQ(params.p, 1u);
}

// These parameters need just over 32 MiB, more than OpenSSL's legacy
// EVP_PBE_scrypt default ceiling would allow.
TEST(ScryptTest, DefaultVerifierParamsDerive) {
  auto key = Scrypt("master key", "salt", DefaultVerifierParams(), 32);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value().size(), 32u);
}

TEST(ScryptTest, RejectsInvalidParameters) {
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{0, 1, 1}, 32).ok());
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{1, 1, 1}, 32).ok());
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{1000, 1, 1}, 32).ok());
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{16, 0, 1}, 32).ok());
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{16, 1, 0}, 32).ok());
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{16, 1, 1}, 0).ok());
  EXPECT_FALSE(Scrypt("pw", "salt", ScryptParams{uint64_t{1} << 63, 0xffffffff, 1}, 32).ok());
}

}  // namespace
}  // namespace odmcp::crypto
