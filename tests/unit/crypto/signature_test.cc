// JOSE signatures against the published examples (RFC 8037 appendix A for
// Ed25519, RFC 7515 appendices A.2 and A.3 for RS256 and ES256), round trips
// through generated and re-imported keys, and the refusals.
#include "host/crypto/signature.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/unit/crypto/hex.h"

namespace odmcp::crypto {
namespace {

using test_hex::FromHex;
using test_hex::ToHex;

// RFC 8037 A.1: the key ("d" and "x"), and A.4: the JWS signing input and
// signature of "Example of Ed25519 signing" under header {"alg":"EdDSA"}.
constexpr char kEdSeed[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr char kEdX[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kEdInput[] = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
constexpr char kEdSignature[] =
    "860c98d2297f3060a33f42739672d61b53cf3adefed3d3c672f320dc021b411e"
    "9d59b8628dc351e248b88b29468e0e41855b0fb7d83bb15be902bfccb8cd0a02";

// RFC 7515 A.2 and A.3 sign the same payload.
constexpr char kPayloadPart[] =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQog"
    "Imh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

// RFC 7515 A.3: ES256, header {"alg":"ES256"}.
const std::string kEcInput = std::string("eyJhbGciOiJFUzI1NiJ9.") + kPayloadPart;
constexpr char kEcX[] = "7fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445";
constexpr char kEcY[] = "c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad";
constexpr char kEcD[] = "8e9b109e719098bf980487df1f5d77e9cb29606ebed2263b5f57c213df84f4b2";
constexpr char kEcR[] = "0ed1215379636c483c2f7f155807d402a3b228033af97c7e17819ac3169ea665";
constexpr char kEcS[] = "c50a07d38c3c70e5d8f12daf084a5480a66590c5f293509a8f3f7f8a83a354d5";
// The order of P-256's base point (SEC 2).
constexpr char kP256Order[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

// RFC 7515 A.2: RS256, header {"alg":"RS256"}; e = 65537.
const std::string kRsaInput = std::string("eyJhbGciOiJSUzI1NiJ9.") + kPayloadPart;
constexpr char kRsaN[] =
    "a1f8160ae2e3c9b465ce8d2d656263362b927dbe29e1f02477fc1625cc90a136e38bd93497c5b6ea63dd7711e67c74"
    "29f956b0fb8a8f089adc4b69893cc1333f53edd019b87784252fec914fe4857769594bea4280d32c0f55bf62944f13"
    "0396bc6e9bdf6ebdd2bda3678eeca0c668f701b38dbffb38c8342ce2fe6d27fade4a5a4874979dd4b9cf9adec4c75b"
    "05852c2c0f5ef8a5c1750392f944e8ed64c110c6b647609aa4783aeb9c6c9ad755313050638b83665c6f6f7a82a396"
    "702a1f641b82d3ebf2392219491fb686872c5716f50af8358d9a8b9d17c340728f7f87d89a18d8fcab67ad84590c2e"
    "cf759339363c07034d6f606f9e21e05456cae5e9a1";
constexpr char kRsaE[] = "010001";
constexpr char kRsaSignature[] =
    "702e218943e88fd11eb5d82dbf7845f34106ae1b81fff7731116add1717d83656d420afd3c96eedd73a2663e516668"
    "7b000b87226e0187ed1073f945e582adfcef16d85a798ee8c66ddb3db8975b17d09402beedd5d9d97007108db28160"
    "d5f8040ca7445762b81fbe7ff9d92e0ae76f24f25b33bbe6f44ae61eb1040acb20044d3ef9128ed40130795bd4bd3b"
    "41eecad066ab651981fde48df77f372dc38b9fafdd3befb18b5da3cc3c2eb02f9e3a41d612caad15911273a05f23b9"
    "e838faaf849d698429ef5a1e88798236c3d40e604522a544c8f27a7a2db80663d16cf7caea56de405cb2215a45b2c2"
    "5566b55ac1a748a070dfc8a32a469543d019eefb47";

VerifyingKey EcKey() { return VerifyingKey::FromEcP256(FromHex(kEcX), FromHex(kEcY)).value(); }
VerifyingKey EdKey() { return VerifyingKey::FromEd25519(FromHex(kEdX)).value(); }
VerifyingKey RsaKey() { return VerifyingKey::FromRsa(FromHex(kRsaN), FromHex(kRsaE)).value(); }
std::string EcSignature() { return FromHex(std::string(kEcR) + kEcS); }

std::string FlipBit(std::string bytes, size_t bit) {
  bytes[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
  return bytes;
}

// A known-good (key, message, signature) per algorithm.
struct Example {
  VerifyingKey key;
  std::string message;
  std::string signature;
};
std::vector<Example> PublishedExamples() {
  return {{EcKey(), kEcInput, EcSignature()},
          {EdKey(), kEdInput, FromHex(kEdSignature)},
          {RsaKey(), kRsaInput, FromHex(kRsaSignature)}};
}

TEST(SignatureAlgorithmTest, JoseNamesRoundTrip) {
  for (SignatureAlgorithm algorithm :
       {SignatureAlgorithm::kEs256, SignatureAlgorithm::kEdDsa, SignatureAlgorithm::kRs256}) {
    EXPECT_EQ(AlgorithmFromJoseName(JoseName(algorithm)), algorithm) << JoseName(algorithm);
  }
  EXPECT_EQ(JoseName(SignatureAlgorithm::kEs256), "ES256");
  EXPECT_EQ(JoseName(SignatureAlgorithm::kEdDsa), "EdDSA");
  EXPECT_EQ(JoseName(SignatureAlgorithm::kRs256), "RS256");
}

TEST(SignatureAlgorithmTest, OtherNamesAreNotAlgorithms) {
  for (const char* name : {"none", "None", "", "HS256", "HS512", "ES384", "ES512", "PS256", "RS512",
                           "Ed25519", "EDDSA", "es256", "ES256 "}) {
    EXPECT_EQ(AlgorithmFromJoseName(name), std::nullopt) << name;
  }
  EXPECT_EQ(AlgorithmFromJoseName(std::string_view("ES256\0", 6)), std::nullopt);
}

TEST(SignatureTest, Rfc8037SeedGivesThePublishedPublicKey) {
  StatusOr<SigningKey> key =
      SigningKey::FromPrivateBytes(SignatureAlgorithm::kEdDsa, FromHex(kEdSeed));
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key.value().algorithm(), SignatureAlgorithm::kEdDsa);
  EXPECT_EQ(ToHex(key.value().PublicKey().x()), kEdX);
  EXPECT_EQ(key.value().PublicKey().y(), "");
  EXPECT_EQ(ToHex(key.value().PrivateBytes()), kEdSeed);
}

TEST(SignatureTest, Rfc8037SignatureIsReproduced) {
  // Ed25519 is deterministic: the published signature, byte for byte.
  SigningKey key =
      SigningKey::FromPrivateBytes(SignatureAlgorithm::kEdDsa, FromHex(kEdSeed)).value();
  EXPECT_EQ(ToHex(key.Sign(kEdInput)), kEdSignature);
}

TEST(SignatureTest, Rfc8037SignatureVerifies) {
  VerifyingKey key = EdKey();
  EXPECT_EQ(key.algorithm(), SignatureAlgorithm::kEdDsa);
  EXPECT_EQ(ToHex(key.x()), kEdX);
  EXPECT_TRUE(key.Verify(kEdInput, FromHex(kEdSignature)));
}

TEST(SignatureTest, Rfc7515A3Es256SignatureVerifies) {
  VerifyingKey key = EcKey();
  EXPECT_EQ(key.algorithm(), SignatureAlgorithm::kEs256);
  EXPECT_EQ(ToHex(key.x()), kEcX);
  EXPECT_EQ(ToHex(key.y()), kEcY);
  EXPECT_TRUE(key.Verify(kEcInput, EcSignature()));
}

TEST(SignatureTest, Rfc7515A3PrivateKeyGivesThePublishedPublicKey) {
  StatusOr<SigningKey> key =
      SigningKey::FromPrivateBytes(SignatureAlgorithm::kEs256, FromHex(kEcD));
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(ToHex(key.value().PublicKey().x()), kEcX);
  EXPECT_EQ(ToHex(key.value().PublicKey().y()), kEcY);
  EXPECT_EQ(ToHex(key.value().PrivateBytes()), kEcD);
  // And what it signs, the published public key verifies.
  EXPECT_TRUE(EcKey().Verify(kEcInput, key.value().Sign(kEcInput)));
}

TEST(SignatureTest, Rfc7515A2Rs256SignatureVerifies) {
  VerifyingKey key = RsaKey();
  EXPECT_EQ(key.algorithm(), SignatureAlgorithm::kRs256);
  EXPECT_EQ(ToHex(key.n()), kRsaN);
  EXPECT_EQ(ToHex(key.e()), kRsaE);
  EXPECT_TRUE(key.Verify(kRsaInput, FromHex(kRsaSignature)));
}

TEST(SignatureTest, RsaMembersLoseLeadingZeros) {
  // Some libraries prefix a zero byte to the modulus (RFC 7518 6.3.1.1).
  StatusOr<VerifyingKey> key = VerifyingKey::FromRsa(FromHex(std::string("00") + kRsaN),
                                                     FromHex(std::string("0000") + kRsaE));
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(ToHex(key.value().n()), kRsaN);
  EXPECT_EQ(ToHex(key.value().e()), kRsaE);
  EXPECT_TRUE(key.value().Verify(kRsaInput, FromHex(kRsaSignature)));
}

class SigningRoundTripTest : public ::testing::TestWithParam<SignatureAlgorithm> {};

TEST_P(SigningRoundTripTest, GeneratedKeySignsWhatItsPublicKeyVerifies) {
  const SigningKey key = SigningKey::Generate(GetParam());
  EXPECT_EQ(key.algorithm(), GetParam());
  EXPECT_EQ(key.PublicKey().algorithm(), GetParam());
  const std::string signature = key.Sign("message");
  EXPECT_EQ(signature.size(), 64u);
  EXPECT_TRUE(key.PublicKey().Verify("message", signature));
  EXPECT_FALSE(key.PublicKey().Verify("massage", signature));
  // Another key of the same kind does not verify it.
  EXPECT_FALSE(SigningKey::Generate(GetParam()).PublicKey().Verify("message", signature));
}

TEST_P(SigningRoundTripTest, PrivateBytesRestoreTheSameKey) {
  const SigningKey key = SigningKey::Generate(GetParam());
  std::string bytes = key.PrivateBytes();
  ASSERT_EQ(bytes.size(), 32u);
  StatusOr<SigningKey> restored = SigningKey::FromPrivateBytes(GetParam(), bytes);
  ASSERT_TRUE(restored.ok()) << restored.error();
  EXPECT_EQ(restored.value().PrivateBytes(), bytes);
  EXPECT_EQ(restored.value().PublicKey().x(), key.PublicKey().x());
  EXPECT_EQ(restored.value().PublicKey().y(), key.PublicKey().y());
  EXPECT_TRUE(key.PublicKey().Verify("message", restored.value().Sign("message")));
}

TEST_P(SigningRoundTripTest, EachGeneratedKeyIsNew) {
  EXPECT_NE(SigningKey::Generate(GetParam()).PrivateBytes(),
            SigningKey::Generate(GetParam()).PrivateBytes());
}

TEST_P(SigningRoundTripTest, CopiesVerifyFromManyThreads) {
  const SigningKey key = SigningKey::Generate(GetParam());
  const std::string signature = key.Sign("shared");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t, copy = key.PublicKey()] {
      for (int i = 0; i < 50; ++i) {
        if (!copy.Verify("shared", signature)) ++failures[t];
        if (copy.Verify("shares", signature)) ++failures[t];
        if (!copy.Verify("own", key.Sign("own"))) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, SigningRoundTripTest,
                         ::testing::Values(SignatureAlgorithm::kEs256, SignatureAlgorithm::kEdDsa),
                         [](const auto& info) { return std::string(JoseName(info.param)); });

TEST(SignatureTest, Es256SignaturesAreRandomizedButBothVerify) {
  const SigningKey key = SigningKey::Generate(SignatureAlgorithm::kEs256);
  const std::string first = key.Sign("message");
  const std::string second = key.Sign("message");
  EXPECT_NE(first, second);
  EXPECT_TRUE(key.PublicKey().Verify("message", first));
  EXPECT_TRUE(key.PublicKey().Verify("message", second));
}

TEST(SignatureTest, AFlippedBitInMessageOrSignatureIsRefused) {
  for (const Example& example : PublishedExamples()) {
    const std::string_view name = JoseName(example.key.algorithm());
    ASSERT_TRUE(example.key.Verify(example.message, example.signature)) << name;
    for (size_t bit :
         {size_t{0}, size_t{7}, example.message.size() * 4, example.message.size() * 8 - 1}) {
      EXPECT_FALSE(example.key.Verify(FlipBit(example.message, bit), example.signature))
          << name << " message bit " << bit;
    }
    for (size_t bit : {size_t{0}, size_t{7}, example.signature.size() * 4 + 3,
                       example.signature.size() * 8 - 1}) {
      EXPECT_FALSE(example.key.Verify(example.message, FlipBit(example.signature, bit)))
          << name << " signature bit " << bit;
    }
  }
}

TEST(SignatureTest, AWrongLengthSignatureIsRefused) {
  for (const Example& example : PublishedExamples()) {
    const std::string_view name = JoseName(example.key.algorithm());
    const std::string& signature = example.signature;
    EXPECT_FALSE(example.key.Verify(example.message, "")) << name;
    EXPECT_FALSE(example.key.Verify(example.message, signature.substr(0, signature.size() - 1)))
        << name;
    EXPECT_FALSE(example.key.Verify(example.message, signature + '\0')) << name;
    EXPECT_FALSE(example.key.Verify(example.message, '\0' + signature)) << name;
  }
}

TEST(SignatureTest, ADerEncodedEs256SignatureIsRefused) {
  // The A.3 signature as DER (SEC 1): s has its top bit set, hence the 00.
  const std::string der = FromHex(std::string("3045") + "0220" + kEcR + "022100" + kEcS);
  ASSERT_EQ(der.size(), 71u);
  EXPECT_FALSE(EcKey().Verify(kEcInput, der));
}

TEST(SignatureTest, Es256SignatureWithZeroPartIsRefused) {
  const std::string zero(32, '\0');
  EXPECT_FALSE(EcKey().Verify(kEcInput, zero + FromHex(kEcS)));
  EXPECT_FALSE(EcKey().Verify(kEcInput, FromHex(kEcR) + zero));
  EXPECT_FALSE(EcKey().Verify(kEcInput, zero + zero));
}

TEST(SignatureTest, ASignatureOfAnotherAlgorithmIsRefused) {
  // Both are 64 bytes: the length alone does not tell them apart.
  EXPECT_FALSE(EcKey().Verify(kEdInput, FromHex(kEdSignature)));
  EXPECT_FALSE(EdKey().Verify(kEcInput, EcSignature()));
}

TEST(SignatureTest, AnOffCurvePointIsRefused) {
  const std::string x = FromHex(kEcX);
  const std::string y = FlipBit(FromHex(kEcY), 0);
  StatusOr<VerifyingKey> key = VerifyingKey::FromEcP256(x, y);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_NE(key.error().find("not a valid P-256 public key"), std::string::npos) << key.error();
  // No key bytes in the message, raw or as hex.
  EXPECT_EQ(key.error().find(x.substr(0, 8)), std::string::npos);
  EXPECT_EQ(key.error().find(ToHex(x).substr(0, 16)), std::string::npos);
  EXPECT_EQ(key.error().find(ToHex(y).substr(0, 16)), std::string::npos);
}

TEST(SignatureTest, ThePointAtInfinityIsRefused) {
  EXPECT_FALSE(VerifyingKey::FromEcP256(std::string(32, '\0'), std::string(32, '\0')).ok());
}

TEST(SignatureTest, EcCoordinatesOfTheWrongSizeAreRefused) {
  const std::string x = FromHex(kEcX);
  const std::string y = FromHex(kEcY);
  EXPECT_FALSE(VerifyingKey::FromEcP256(x.substr(1), y).ok());
  EXPECT_FALSE(VerifyingKey::FromEcP256(x, y.substr(1)).ok());
  StatusOr<VerifyingKey> padded = VerifyingKey::FromEcP256('\0' + x, y);
  ASSERT_FALSE(padded.ok());
  EXPECT_EQ(padded.error(), "a P-256 public key needs coordinates of 32 bytes each, not 33 and 32");
}

TEST(SignatureTest, ARsaModulusOf1024BitsIsRefused) {
  // The top half of A.2's modulus: 1024 bits, its first byte 0xa1.
  StatusOr<VerifyingKey> key = VerifyingKey::FromRsa(FromHex(kRsaN).substr(0, 128), FromHex(kRsaE));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(key.error(), "an RSA modulus must have 2048 to 8192 bits, not 1024");
  // One bit short is short.
  std::string short_n = FromHex(kRsaN);
  short_n[0] = 0x7f;
  EXPECT_FALSE(VerifyingKey::FromRsa(short_n, FromHex(kRsaE)).ok());
}

TEST(SignatureTest, ARsaModulusAbove8192BitsIsRefused) {
  EXPECT_FALSE(VerifyingKey::FromRsa(std::string(1025, '\xff'), FromHex(kRsaE)).ok());
}

TEST(SignatureTest, WeakRsaExponentsAreRefused) {
  const std::string n = FromHex(kRsaN);
  for (const std::string& e :
       {FromHex("01"), FromHex("00"), std::string(), FromHex("010000"), std::string(33, '\x01')}) {
    StatusOr<VerifyingKey> key = VerifyingKey::FromRsa(n, e);
    EXPECT_FALSE(key.ok()) << ToHex(e);
    EXPECT_EQ(key.error(), "an RSA public exponent must be odd, at least 3 and at most 256 bits");
  }
  EXPECT_TRUE(VerifyingKey::FromRsa(n, FromHex("03")).ok());
}

TEST(SignatureTest, Ed25519KeysOfTheWrongLengthAreRefused) {
  const std::string x = FromHex(kEdX);
  for (const std::string& bad : {x.substr(1), x + '\0', std::string()}) {
    StatusOr<VerifyingKey> key = VerifyingKey::FromEd25519(bad);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error(), "an Ed25519 public key is 32 bytes, not " + std::to_string(bad.size()));
  }
  EXPECT_FALSE(
      SigningKey::FromPrivateBytes(SignatureAlgorithm::kEdDsa, FromHex(kEdSeed).substr(1)).ok());
}

TEST(SignatureTest, OutOfRangeP256PrivateKeysAreRefused) {
  for (const std::string& d :
       {std::string(32, '\0'), FromHex(kP256Order), std::string(32, '\xff')}) {
    StatusOr<SigningKey> key = SigningKey::FromPrivateBytes(SignatureAlgorithm::kEs256, d);
    ASSERT_FALSE(key.ok()) << ToHex(d);
    EXPECT_EQ(key.status().code(), ODMCP_INVALID_ARGUMENT);
    EXPECT_EQ(key.error(),
              "the P-256 private key is out of range (zero, or not below the group order)");
  }
  // One below the order is the largest valid scalar.
  std::string largest = FromHex(kP256Order);
  largest.back() = static_cast<char>(largest.back() - 1);
  EXPECT_TRUE(SigningKey::FromPrivateBytes(SignatureAlgorithm::kEs256, largest).ok());
}

TEST(SignatureTest, PrivateKeysOfTheWrongLengthOrAlgorithmAreRefused) {
  const std::string d = FromHex(kEcD);
  StatusOr<SigningKey> short_key =
      SigningKey::FromPrivateBytes(SignatureAlgorithm::kEs256, d.substr(1));
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.error(), "an ES256 private key is 32 bytes, not 31");
  EXPECT_FALSE(SigningKey::FromPrivateBytes(SignatureAlgorithm::kEs256, d + '\0').ok());
  EXPECT_FALSE(SigningKey::FromPrivateBytes(SignatureAlgorithm::kRs256, d).ok());
}

}  // namespace
}  // namespace odmcp::crypto
