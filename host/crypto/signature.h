// Asymmetric signatures in their JOSE forms (RFC 7518 section 3, RFC 8037):
// ES256 (ECDSA on P-256 with SHA-256), EdDSA (Ed25519) and RS256 (RSASSA
// PKCS#1 v1.5 with SHA-256, verification only). Keys come from and go to the
// raw members of a JWK (RFC 7517), already base64url-decoded.
//
// Keys are immutable values: copies share one OpenSSL key, and every method
// may be called from any thread. Messages never contain key bytes.
#ifndef ODMCP_HOST_CRYPTO_SIGNATURE_H_
#define ODMCP_HOST_CRYPTO_SIGNATURE_H_

#include <openssl/types.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/status.h"

namespace odmcp::crypto {

enum class SignatureAlgorithm { kEs256, kEdDsa, kRs256 };

// "ES256", "EdDSA" or "RS256": the JOSE "alg" value.
std::string_view JoseName(SignatureAlgorithm algorithm);

// The algorithm whose JOSE name is exactly `name` (case matters), or nullopt
// for any other name: "none", the HMAC algorithms, other curves and sizes.
std::optional<SignatureAlgorithm> AlgorithmFromJoseName(std::string_view name);

// The sizes of the raw members and signatures.
inline constexpr size_t kP256CoordinateSize = 32;
inline constexpr size_t kP256PrivateKeySize = 32;
inline constexpr size_t kEd25519KeySize = 32;
inline constexpr size_t kEs256SignatureSize = 64;
inline constexpr size_t kEdDsaSignatureSize = 64;
// The RSA moduli accepted: 2048 bits is the floor RFC 7518 sets for RS256;
// no issuer uses more than 8192, and checking a larger key costs more.
inline constexpr int kRsaMinModulusBits = 2048;
inline constexpr int kRsaMaxModulusBits = 8192;

// A public key that verifies signatures of one algorithm.
class VerifyingKey {
 public:
  // An EC P-256 public key from its JWK "x" and "y" members: big-endian
  // coordinates of exactly 32 bytes each. Fails if the point is not on the
  // curve. The key verifies ES256.
  static StatusOr<VerifyingKey> FromEcP256(std::string_view x, std::string_view y);
  // An Ed25519 public key from its JWK "x" member (32 bytes). The key
  // verifies EdDSA.
  static StatusOr<VerifyingKey> FromEd25519(std::string_view x);
  // An RSA public key from its JWK "n" and "e" members (big-endian unsigned
  // integers; leading zero bytes are ignored). Fails for a modulus outside
  // kRsaMinModulusBits..kRsaMaxModulusBits or an exponent that is even or
  // below 3 (e = 1 would make every value its own signature). The key
  // verifies RS256.
  static StatusOr<VerifyingKey> FromRsa(std::string_view n, std::string_view e);

  SignatureAlgorithm algorithm() const { return algorithm_; }

  // Whether `signature` is this key's signature of `message`, in the JOSE
  // form of algorithm(): for ES256 the 64 bytes r || s (not DER), for EdDSA
  // 64 bytes, for RS256 as many bytes as the modulus. False for any
  // mismatch and any malformed signature. ECDSA signatures are malleable
  // ((r, order - s) verifies as well), so a signature must never serve as
  // the identity of what it signs.
  bool Verify(std::string_view message, std::string_view signature) const;

  // The key's public JWK members as raw bytes: "x" and "y" of an EC key
  // (32 bytes each), "x" of an Ed25519 key (y() empty), "n" and "e" of an
  // RSA key (minimal big-endian; x() and y() empty). The members not listed
  // for a key are empty.
  const std::string& x() const { return x_; }
  const std::string& y() const { return y_; }
  const std::string& n() const { return n_; }
  const std::string& e() const { return e_; }

 private:
  VerifyingKey(SignatureAlgorithm algorithm, std::shared_ptr<EVP_PKEY> key)
      : algorithm_(algorithm), key_(std::move(key)) {}

  SignatureAlgorithm algorithm_;
  std::shared_ptr<EVP_PKEY> key_;
  std::string x_, y_, n_, e_;
};

// A private key that signs with ES256 or EdDSA (this host never signs with
// RSA). Copies share one OpenSSL key, which wipes the private key when the
// last copy goes.
class SigningKey {
 public:
  // A new random key. `algorithm` must not be kRs256: the process aborts if
  // it is, or if OpenSSL cannot make a key (a broken installation), as
  // RandomBytes does.
  static SigningKey Generate(SignatureAlgorithm algorithm);

  // The private key as raw bytes, for sealing in the vault: the 32-byte
  // big-endian P-256 scalar d, or the 32-byte Ed25519 seed (RFC 8032's
  // private key, the JWK "d" member). The caller wipes the result
  // (crypto::Wipe) once it is sealed.
  std::string PrivateBytes() const;
  // Reverses PrivateBytes. Fails for kRs256, for a length other than 32,
  // and for a P-256 scalar that is zero or not below the group order.
  static StatusOr<SigningKey> FromPrivateBytes(SignatureAlgorithm algorithm,
                                               std::string_view bytes);

  SignatureAlgorithm algorithm() const { return public_key_.algorithm(); }
  // The matching public key (which holds no private material).
  const VerifyingKey& PublicKey() const { return public_key_; }

  // The JOSE-form signature of `message` (r || s for ES256; ECDSA draws a
  // fresh nonce each time, Ed25519 is deterministic). Aborts only if
  // OpenSSL is broken or out of memory.
  std::string Sign(std::string_view message) const;

 private:
  SigningKey(std::shared_ptr<EVP_PKEY> key, VerifyingKey public_key)
      : key_(std::move(key)), public_key_(std::move(public_key)) {}

  std::shared_ptr<EVP_PKEY> key_;
  VerifyingKey public_key_;
};

}  // namespace odmcp::crypto

#endif  // ODMCP_HOST_CRYPTO_SIGNATURE_H_
