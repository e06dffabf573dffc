// AES-256-GCM against the GCM specification's test cases 13-16 (McGrew and
// Viega, the AES-256 cases with 96-bit IVs), and tampering and misuse.
#include "host/crypto/aes_gcm.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/crypto/hex.h"

namespace odmcp::crypto {
namespace {

using test_hex::FromHex;
using test_hex::ToHex;

struct GcmVector {
  const char* name;
  const char* key;
  const char* iv;
  const char* plaintext;
  const char* aad;
  const char* ciphertext;
  const char* tag;
};

constexpr char kZeroKey[] = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr char kKey15[] = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";

const GcmVector kVectors[] = {
    {"TestCase13", kZeroKey, "000000000000000000000000", "", "", "",
     "530f8afbc74536b9a963b4f1c4cb738b"},
    {"TestCase14", kZeroKey, "000000000000000000000000", "00000000000000000000000000000000", "",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"TestCase15", kKey15, "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"TestCase16", kKey15, "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

class AesGcmVectorTest : public ::testing::TestWithParam<GcmVector> {};

TEST_P(AesGcmVectorTest, SealMatchesCiphertextAndTag) {
  const GcmVector& v = GetParam();
  auto sealed = AesGcmSeal(FromHex(v.key), FromHex(v.iv), FromHex(v.plaintext), FromHex(v.aad));
  ASSERT_TRUE(sealed.ok()) << sealed.error();
  EXPECT_EQ(ToHex(sealed.value()), std::string(v.ciphertext) + v.tag);
}

TEST_P(AesGcmVectorTest, OpenReturnsPlaintext) {
  const GcmVector& v = GetParam();
  auto opened = AesGcmOpen(FromHex(v.key), FromHex(v.iv),
                           FromHex(std::string(v.ciphertext) + v.tag), FromHex(v.aad));
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(ToHex(opened.value()), v.plaintext);
}

INSTANTIATE_TEST_SUITE_P(GcmSpec, AesGcmVectorTest, ::testing::ValuesIn(kVectors),
                         [](const auto& info) { return std::string(info.param.name); });

// Tampering uses test case 16, which has ciphertext, tag and AAD to alter.
class AesGcmTamperTest : public ::testing::Test {
 protected:
  void ExpectAuthenticationFailure(const std::string& key, const std::string& nonce,
                                   const std::string& sealed, const std::string& aad) {
    auto opened = AesGcmOpen(key, nonce, sealed, aad);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error(), "authentication failed");
  }
  static std::string FlipBit(std::string s, size_t bit) {
    s[bit / 8] = static_cast<char>(s[bit / 8] ^ (1 << (bit % 8)));
    return s;
  }

  const std::string key_ = FromHex(kVectors[3].key);
  const std::string nonce_ = FromHex(kVectors[3].iv);
  const std::string aad_ = FromHex(kVectors[3].aad);
  const std::string sealed_ = FromHex(std::string(kVectors[3].ciphertext) + kVectors[3].tag);
};

TEST_F(AesGcmTamperTest, UntamperedOpens) { EXPECT_TRUE(AesGcmOpen(key_, nonce_, sealed_, aad_).ok()); }

TEST_F(AesGcmTamperTest, EveryFlippedCiphertextOrTagBitFails) {
  for (size_t bit = 0; bit < sealed_.size() * 8; ++bit) {
    SCOPED_TRACE("bit " + std::to_string(bit));
    ExpectAuthenticationFailure(key_, nonce_, FlipBit(sealed_, bit), aad_);
  }
}

TEST_F(AesGcmTamperTest, EveryFlippedNonceBitFails) {
  for (size_t bit = 0; bit < nonce_.size() * 8; ++bit) {
    SCOPED_TRACE("bit " + std::to_string(bit));
    ExpectAuthenticationFailure(key_, FlipBit(nonce_, bit), sealed_, aad_);
  }
}

TEST_F(AesGcmTamperTest, EveryFlippedAadBitFails) {
  for (size_t bit = 0; bit < aad_.size() * 8; ++bit) {
    SCOPED_TRACE("bit " + std::to_string(bit));
    ExpectAuthenticationFailure(key_, nonce_, sealed_, FlipBit(aad_, bit));
  }
}

TEST_F(AesGcmTamperTest, MissingOrExtraAadFails) {
  ExpectAuthenticationFailure(key_, nonce_, sealed_, "");
  ExpectAuthenticationFailure(key_, nonce_, sealed_, aad_ + "x");
}

TEST_F(AesGcmTamperTest, WrongKeyFails) {
  ExpectAuthenticationFailure(FromHex(kZeroKey), nonce_, sealed_, aad_);
  ExpectAuthenticationFailure(FlipBit(key_, 255), nonce_, sealed_, aad_);
}

TEST_F(AesGcmTamperTest, TruncatedCiphertextFails) {
  ExpectAuthenticationFailure(key_, nonce_, sealed_.substr(1), aad_);
  ExpectAuthenticationFailure(key_, nonce_, sealed_.substr(0, sealed_.size() - 1), aad_);
}

TEST(AesGcmTest, RoundTripsWithEmptyPlaintextAndAad) {
  const std::string key(kAesGcmKeySize, 'k');
  const std::string nonce(kAesGcmNonceSize, 'n');
  auto sealed = AesGcmSeal(key, nonce, "", "");
  ASSERT_TRUE(sealed.ok()) << sealed.error();
  EXPECT_EQ(sealed.value().size(), kAesGcmTagSize);
  auto opened = AesGcmOpen(key, nonce, sealed.value(), std::string_view());
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(opened.value(), "");
}

TEST(AesGcmTest, RejectsWrongKeySizes) {
  const std::string nonce(kAesGcmNonceSize, 'n');
  for (size_t size : {0, 16, 24, 31, 33}) {
    const std::string key(size, 'k');
    auto sealed = AesGcmSeal(key, nonce, "secret", "");
    ASSERT_FALSE(sealed.ok());
    EXPECT_EQ(sealed.error(), "AES-256-GCM key must be 32 bytes, not " + std::to_string(size));
    auto opened = AesGcmOpen(key, nonce, std::string(32, 'c'), "");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error(), sealed.error());
  }
}

TEST(AesGcmTest, RejectsWrongNonceSizes) {
  const std::string key(kAesGcmKeySize, 'k');
  for (size_t size : {0, 8, 11, 13, 16}) {
    const std::string nonce(size, 'n');
    auto sealed = AesGcmSeal(key, nonce, "secret", "");
    ASSERT_FALSE(sealed.ok());
    EXPECT_EQ(sealed.error(), "AES-256-GCM nonce must be 12 bytes, not " + std::to_string(size));
    auto opened = AesGcmOpen(key, nonce, std::string(32, 'c'), "");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error(), sealed.error());
  }
}

TEST(AesGcmTest, RejectsInputShorterThanTag) {
  const std::string key(kAesGcmKeySize, 'k');
  const std::string nonce(kAesGcmNonceSize, 'n');
  for (size_t size = 0; size < kAesGcmTagSize; ++size) {
    auto opened = AesGcmOpen(key, nonce, std::string(size, 'c'), "");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error(), "AES-256-GCM input is " + std::to_string(size) +
                                  " bytes, shorter than its 16-byte tag");
  }
  EXPECT_FALSE(AesGcmOpen(key, nonce, std::string_view(), "").ok());
}

}  // namespace
}  // namespace odmcp::crypto
