#include "host/crypto/signature.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rsa.h>

#include <array>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "host/crypto/openssl_glue.h"

namespace odmcp::crypto {
namespace {

using internal::Bytes;

// Owners of OpenSSL objects, each freed by its own function.
template <auto Free>
struct FreeWith {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};
template <class T, auto Free>
using Owned = std::unique_ptr<T, FreeWith<Free>>;

using PkeyContext = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using DigestContext = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using ParamBuilder = Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
// A builder's parameters; a private scalar pushed as a secure BIGNUM lives
// in OpenSSL's secure heap, which OSSL_PARAM_free wipes.
using Params = Owned<OSSL_PARAM, OSSL_PARAM_free>;
using Bignum = Owned<BIGNUM, BN_clear_free>;  // some hold private scalars
using BignumContext = Owned<BN_CTX, BN_CTX_free>;
using EcGroup = Owned<EC_GROUP, EC_GROUP_free>;
using EcPoint = Owned<EC_POINT, EC_POINT_free>;
using EcdsaSignature = Owned<ECDSA_SIG, ECDSA_SIG_free>;

constexpr std::array<std::string_view, 3> kJoseNames = {"ES256", "EdDSA", "RS256"};

// OpenSSL's name for NIST P-256.
constexpr char kP256[] = "prime256v1";
// An uncompressed SEC 1 point: 0x04 || x || y.
constexpr size_t kP256PointSize = 1 + 2 * kP256CoordinateSize;

unsigned char* Writable(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

Status Invalid(std::string message) { return Status(ODMCP_INVALID_ARGUMENT, std::move(message)); }

Status OpenSslFailure(const char* what) {
  return Status(ODMCP_INTERNAL, std::string(what) + " failed: " + internal::TakeOpenSslError());
}

std::shared_ptr<EVP_PKEY> Share(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

// A key of OpenSSL type `type` ("EC", "ED25519", "RSA") from the parameters
// pushed on `builder`; `selection` is EVP_PKEY_PUBLIC_KEY or
// EVP_PKEY_KEYPAIR. Null when OpenSSL refuses them (its reason is left on
// the error queue).
std::shared_ptr<EVP_PKEY> FromData(const char* type, int selection, OSSL_PARAM_BLD* builder) {
  const Params params(OSSL_PARAM_BLD_to_param(builder));
  const PkeyContext ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) != 1) {
    return nullptr;
  }
  return Share(key);
}

// The full public key check (for EC: on the curve, not the point at
// infinity, of the group's order). OpenSSL 3.0's import already refuses a
// point off the curve, but does not document it; the contract here should
// not rest on that.
bool PassesPublicCheck(EVP_PKEY* key) {
  const PkeyContext ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  return ctx != nullptr && EVP_PKEY_public_check(ctx.get()) == 1;
}

// The unsigned big-endian integer parameter `name` of `key`, left-padded to
// `size` bytes. For parameters every key of its type has: aborts if OpenSSL
// cannot produce it.
std::string BignumParam(const EVP_PKEY* key, const char* name, size_t size) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) internal::AbortOnOpenSslFailure(name);
  const Bignum value(raw);
  std::string bytes(size, '\0');
  if (BN_bn2binpad(value.get(), Writable(bytes), static_cast<int>(size)) !=
      static_cast<int>(size)) {
    internal::AbortOnOpenSslFailure(name);
  }
  return bytes;
}

// The octet-string parameter `name` of `key`, which must be `size` bytes;
// aborts otherwise, as BignumParam does.
std::string OctetStringParam(const EVP_PKEY* key, const char* name, size_t size) {
  std::string bytes(size, '\0');
  size_t written = 0;
  if (EVP_PKEY_get_octet_string_param(key, name, Writable(bytes), size, &written) != 1 ||
      written != size) {
    internal::AbortOnOpenSslFailure(name);
  }
  return bytes;
}

// The DER ECDSA-Sig-Value (SEC 1) that OpenSSL verifies, from JOSE's fixed
// r || s; empty if OpenSSL fails.
std::string EcdsaDerFromJose(std::string_view rs) {
  const int half = static_cast<int>(rs.size() / 2);
  Bignum r(BN_bin2bn(Bytes(rs), half, nullptr));
  Bignum s(BN_bin2bn(Bytes(rs) + half, half, nullptr));
  const EcdsaSignature signature(ECDSA_SIG_new());
  if (r == nullptr || s == nullptr || signature == nullptr ||
      ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return {};
  }
  // Now the signature's.
  static_cast<void>(r.release());
  static_cast<void>(s.release());
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(signature.get(), &der);
  if (size <= 0) return {};
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(size));
  OPENSSL_free(der);
  return out;
}

// JOSE's r || s from the DER signature OpenSSL made. Aborts if it does not
// parse: OpenSSL wrote it a moment ago.
std::string EcdsaJoseFromDer(std::string_view der) {
  const unsigned char* p = Bytes(der);
  const EcdsaSignature signature(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (signature == nullptr) internal::AbortOnOpenSslFailure("decoding an ECDSA signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(signature.get(), &r, &s);
  std::string rs(kEs256SignatureSize, '\0');
  constexpr int kHalf = static_cast<int>(kEs256SignatureSize / 2);
  if (BN_bn2binpad(r, Writable(rs), kHalf) != kHalf ||
      BN_bn2binpad(s, Writable(rs) + kHalf, kHalf) != kHalf) {
    internal::AbortOnOpenSslFailure("encoding an ECDSA signature");
  }
  return rs;
}

// The view without its leading zero bytes.
std::string_view StripLeadingZeros(std::string_view bytes) {
  const size_t first = bytes.find_first_not_of('\0');
  return first == std::string_view::npos ? std::string_view() : bytes.substr(first);
}

// The number of significant bits of a big-endian integer without leading
// zero bytes.
int BitLength(std::string_view minimal) {
  if (minimal.empty()) return 0;
  return static_cast<int>((minimal.size() - 1) * 8) +
         std::bit_width(static_cast<unsigned char>(minimal.front()));
}

EVP_PKEY* GenerateKey(const char* type, const char* group) {
  const PkeyContext ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      (group != nullptr && EVP_PKEY_CTX_set_group_name(ctx.get(), group) != 1) ||
      EVP_PKEY_generate(ctx.get(), &key) != 1) {
    internal::AbortOnOpenSslFailure("generating a signing key");
  }
  return key;
}

// The key pair for the P-256 scalar `d` (32 bytes). OpenSSL's EC import
// takes the public point as given instead of computing it from the scalar
// (its Ed25519 import does compute it), so d * G is computed here.
StatusOr<std::shared_ptr<EVP_PKEY>> P256KeyPair(std::string_view d_bytes) {
  const Bignum d(BN_secure_new());
  const EcGroup group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  const BignumContext bn_ctx(BN_CTX_secure_new());
  if (d == nullptr || group == nullptr || bn_ctx == nullptr ||
      BN_bin2bn(Bytes(d_bytes), static_cast<int>(d_bytes.size()), d.get()) == nullptr) {
    return OpenSslFailure("importing a P-256 private key");
  }
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return Invalid("the P-256 private key is out of range (zero, or not below the group order)");
  }
  const EcPoint q(EC_POINT_new(group.get()));
  std::string point(kP256PointSize, '\0');
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (q == nullptr || builder == nullptr ||
      EC_POINT_mul(group.get(), q.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(group.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, Writable(point),
                         point.size(), bn_ctx.get()) != point.size() ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, kP256, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1) {
    return OpenSslFailure("importing a P-256 private key");
  }
  std::shared_ptr<EVP_PKEY> key = FromData("EC", EVP_PKEY_KEYPAIR, builder.get());
  if (key == nullptr) return OpenSslFailure("importing a P-256 private key");
  return key;
}

StatusOr<std::shared_ptr<EVP_PKEY>> Ed25519KeyPair(std::string_view seed) {
  // Not through a parameter builder: it would copy the seed to ordinary
  // memory and free it unwiped. OpenSSL derives the public key.
  EVP_PKEY* key =
      EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr, Bytes(seed), seed.size());
  if (key == nullptr) return OpenSslFailure("importing an Ed25519 private key");
  return Share(key);
}

// The public half of a private key of `algorithm`, as a key of its own that
// holds no private material. Aborts if OpenSSL cannot produce it: every key
// pair it made or imported has one.
VerifyingKey PublicHalf(SignatureAlgorithm algorithm, const EVP_PKEY* key) {
  StatusOr<VerifyingKey> public_key =
      algorithm == SignatureAlgorithm::kEs256
          ? VerifyingKey::FromEcP256(
                BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateSize),
                BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateSize))
          : VerifyingKey::FromEd25519(
                OctetStringParam(key, OSSL_PKEY_PARAM_PUB_KEY, kEd25519KeySize));
  if (!public_key.ok()) internal::AbortOnOpenSslFailure("deriving a public key");
  return std::move(public_key).value();
}

}  // namespace

std::string_view JoseName(SignatureAlgorithm algorithm) {
  return kJoseNames[static_cast<size_t>(algorithm)];
}

std::optional<SignatureAlgorithm> AlgorithmFromJoseName(std::string_view name) {
  for (size_t i = 0; i < kJoseNames.size(); ++i) {
    if (kJoseNames[i] == name) return static_cast<SignatureAlgorithm>(i);
  }
  return std::nullopt;
}

StatusOr<VerifyingKey> VerifyingKey::FromEcP256(std::string_view x, std::string_view y) {
  if (x.size() != kP256CoordinateSize || y.size() != kP256CoordinateSize) {
    return Invalid("a P-256 public key needs coordinates of 32 bytes each, not " +
                   std::to_string(x.size()) + " and " + std::to_string(y.size()));
  }
  std::string point;
  point.reserve(kP256PointSize);
  point.push_back('\x04');
  point.append(x).append(y);
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, kP256, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return OpenSslFailure("importing a P-256 public key");
  }
  std::shared_ptr<EVP_PKEY> key = FromData("EC", EVP_PKEY_PUBLIC_KEY, builder.get());
  if (key == nullptr || !PassesPublicCheck(key.get())) {
    return Invalid("the point (x, y) is not a valid P-256 public key: " +
                   internal::TakeOpenSslError());
  }
  VerifyingKey verifying(SignatureAlgorithm::kEs256, std::move(key));
  verifying.x_ = std::string(x);
  verifying.y_ = std::string(y);
  return verifying;
}

StatusOr<VerifyingKey> VerifyingKey::FromEd25519(std::string_view x) {
  if (x.size() != kEd25519KeySize) {
    return Invalid("an Ed25519 public key is 32 bytes, not " + std::to_string(x.size()));
  }
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr || OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                             x.data(), x.size()) != 1) {
    return OpenSslFailure("importing an Ed25519 public key");
  }
  // OpenSSL does not decode the point until it verifies: a key that is not
  // a curve point is accepted here and then verifies nothing.
  std::shared_ptr<EVP_PKEY> key = FromData("ED25519", EVP_PKEY_PUBLIC_KEY, builder.get());
  if (key == nullptr) return OpenSslFailure("importing an Ed25519 public key");
  VerifyingKey verifying(SignatureAlgorithm::kEdDsa, std::move(key));
  verifying.x_ = std::string(x);
  return verifying;
}

StatusOr<VerifyingKey> VerifyingKey::FromRsa(std::string_view n, std::string_view e) {
  n = StripLeadingZeros(n);
  e = StripLeadingZeros(e);
  const int bits = BitLength(n);
  if (bits < kRsaMinModulusBits || bits > kRsaMaxModulusBits) {
    return Invalid("an RSA modulus must have " + std::to_string(kRsaMinModulusBits) + " to " +
                   std::to_string(kRsaMaxModulusBits) + " bits, not " + std::to_string(bits));
  }
  const int exponent_bits = BitLength(e);
  if (exponent_bits < 2 || exponent_bits > 256 || (e.back() & 1) == 0) {
    return Invalid("an RSA public exponent must be odd, at least 3 and at most 256 bits");
  }
  const Bignum n_value(BN_bin2bn(Bytes(n), static_cast<int>(n.size()), nullptr));
  const Bignum e_value(BN_bin2bn(Bytes(e), static_cast<int>(e.size()), nullptr));
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (n_value == nullptr || e_value == nullptr || builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n_value.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e_value.get()) != 1) {
    return OpenSslFailure("importing an RSA public key");
  }
  std::shared_ptr<EVP_PKEY> key = FromData("RSA", EVP_PKEY_PUBLIC_KEY, builder.get());
  if (key == nullptr) return OpenSslFailure("importing an RSA public key");
  VerifyingKey verifying(SignatureAlgorithm::kRs256, std::move(key));
  verifying.n_ = std::string(n);
  verifying.e_ = std::string(e);
  return verifying;
}

bool VerifyingKey::Verify(std::string_view message, std::string_view signature) const {
  const char* digest = "SHA256";
  std::string der;
  if (algorithm_ == SignatureAlgorithm::kEs256) {
    if (signature.size() != kEs256SignatureSize) return false;
    der = EcdsaDerFromJose(signature);
    if (der.empty()) return false;
    signature = der;
  } else if (algorithm_ == SignatureAlgorithm::kEdDsa) {
    if (signature.size() != kEdDsaSignatureSize) return false;
    digest = nullptr;  // Ed25519 hashes the message itself
  }
  // RS256: OpenSSL refuses a signature of another length than the modulus.
  const DigestContext ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_ctx = nullptr;  // owned by ctx
  bool verified = ctx != nullptr && EVP_DigestVerifyInit_ex(ctx.get(), &key_ctx, digest, nullptr,
                                                            nullptr, key_.get(), nullptr) == 1;
  if (verified && algorithm_ == SignatureAlgorithm::kRs256) {
    // PKCS#1 v1.5 is OpenSSL's default; stated so that no default can change it.
    verified = EVP_PKEY_CTX_set_rsa_padding(key_ctx, RSA_PKCS1_PADDING) == 1;
  }
  verified = verified && EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(),
                                          Bytes(message), message.size()) == 1;
  // A refused signature leaves its reason queued; it must not be blamed on
  // a later, unrelated call on this thread.
  ERR_clear_error();
  return verified;
}

SigningKey SigningKey::Generate(SignatureAlgorithm algorithm) {
  if (algorithm == SignatureAlgorithm::kRs256) {
    // A programming error: this host signs only with ES256 and EdDSA.
    std::fputs("orderdesk-mcp: SigningKey::Generate called for RS256\n", stderr);
    std::abort();
  }
  std::shared_ptr<EVP_PKEY> key =
      Share(algorithm == SignatureAlgorithm::kEs256 ? GenerateKey("EC", kP256)
                                                    : GenerateKey("ED25519", nullptr));
  VerifyingKey public_key = PublicHalf(algorithm, key.get());
  return SigningKey(std::move(key), std::move(public_key));
}

std::string SigningKey::PrivateBytes() const {
  return algorithm() == SignatureAlgorithm::kEs256
             ? BignumParam(key_.get(), OSSL_PKEY_PARAM_PRIV_KEY, kP256PrivateKeySize)
             : OctetStringParam(key_.get(), OSSL_PKEY_PARAM_PRIV_KEY, kEd25519KeySize);
}

StatusOr<SigningKey> SigningKey::FromPrivateBytes(SignatureAlgorithm algorithm,
                                                  std::string_view bytes) {
  if (algorithm == SignatureAlgorithm::kRs256) {
    return Invalid("RS256 keys only verify here; there is no RS256 signing key");
  }
  if (bytes.size() != kP256PrivateKeySize) {  // == kEd25519KeySize
    return Invalid("an " + std::string(JoseName(algorithm)) + " private key is 32 bytes, not " +
                   std::to_string(bytes.size()));
  }
  StatusOr<std::shared_ptr<EVP_PKEY>> key =
      algorithm == SignatureAlgorithm::kEs256 ? P256KeyPair(bytes) : Ed25519KeyPair(bytes);
  if (!key.ok()) return key.status();
  VerifyingKey public_key = PublicHalf(algorithm, key.value().get());
  return SigningKey(std::move(key).value(), std::move(public_key));
}

std::string SigningKey::Sign(std::string_view message) const {
  const bool ecdsa = algorithm() == SignatureAlgorithm::kEs256;
  const DigestContext ctx(EVP_MD_CTX_new());
  size_t size = 0;
  // The first EVP_DigestSign asks for the largest size, the second signs.
  if (ctx == nullptr ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, ecdsa ? "SHA256" : nullptr, nullptr, nullptr,
                            key_.get(), nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, Bytes(message), message.size()) != 1) {
    internal::AbortOnOpenSslFailure("signing");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), Writable(signature), &size, Bytes(message), message.size()) != 1) {
    internal::AbortOnOpenSslFailure("signing");
  }
  signature.resize(size);
  return ecdsa ? EcdsaJoseFromDer(signature) : signature;
}

}  // namespace odmcp::crypto
