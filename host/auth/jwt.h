// JSON Web Tokens in the compact JWS serialization (RFC 7515, RFC 7519),
// signed with ES256, EdDSA or RS256 (crypto/signature.h), and the JWKS
// documents (RFC 7517) that publish their keys.
//
// What verification refuses is the point: "none", the HMAC algorithms
// (whose "key" could be a public key anyone has), a key of another algorithm
// than the header names, "crit" extensions, duplicate member names. Every
// refusal is a Status of code ODMCP_UNAUTHENTICATED whose message says what
// failed and never quotes the token. All functions are thread-safe (the
// key_for callback is called on the caller's thread).
#ifndef ODMCP_HOST_AUTH_JWT_H_
#define ODMCP_HOST_AUTH_JWT_H_

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/status.h"
#include "host/crypto/signature.h"

namespace odmcp {

// A verification key and its key id ("kid", never empty).
struct PublicJwk {
  std::string kid;
  crypto::VerifyingKey key;
};

// The most keys a JWKS document may hold: real ones hold a handful, and
// each key costs a check when it is parsed.
inline constexpr size_t kMaxJwksKeys = 64;

// The signing keys of a JWKS document: kty "EC" with crv "P-256" (ES256),
// "OKP" with crv "Ed25519" (EdDSA) and "RSA" (RS256). A key is skipped, not
// an error, when it is of another kty or crv, when its "use" is not "sig",
// when its "alg" is one this module does not verify, or when it has no
// "kid": real documents carry encryption keys and algorithms of every kind.
// The document fails (ODMCP_INVALID_ARGUMENT) when it is not JSON, has no
// "keys" array or more than kMaxJwksKeys entries, or when a key of a
// supported type is malformed (a member missing, of the wrong type, not
// base64url, of the wrong size, an off-curve point, an "alg" that
// contradicts its type); the message names the key's index and member.
// "key_ops" and X.509 members are not read.
StatusOr<std::vector<PublicJwk>> ParseJwks(std::string_view json);

// The JWKS document publishing `keys` (kid, kty, crv, x and y or n and e,
// alg, use "sig"), which ParseJwks reads back as the same keys.
std::string JwksJson(const std::vector<PublicJwk>& keys);

// The key whose kid is `kid`, or nullptr for none; `kid` is empty when the
// token's header has no "kid", and a caller that requires kids answers
// nullptr for it. The pointer must stay valid until VerifyJws/VerifyJwt
// returns. A caller may refetch its JWKS on an unknown kid (rate-limited:
// the kid is the token sender's choice).
using JwkLookup = std::function<const PublicJwk*(std::string_view kid)>;

// The checks of the signature layer, in this order: three base64url parts
// (unpadded); a header that is a JSON object without duplicate members,
// whose "alg" is ES256, EdDSA or RS256 and which has no "crit"; the key
// key_for returns for its "kid"; that the key's algorithm is "alg"; the
// signature over the first two parts. Returns the payload's bytes, whose
// form it does not check.
StatusOr<std::string> VerifyJws(std::string_view token, const JwkLookup& key_for);

struct JwtClaims {
  std::string issuer;                 // iss
  std::string subject;                // sub, empty when absent
  std::vector<std::string> audience;  // aud, a string or an array of strings
  // NumericDates in seconds since the epoch (fractions dropped), 0 when absent.
  int64_t expires_at = 0;  // exp
  int64_t not_before = 0;  // nbf
  int64_t issued_at = 0;   // iat
  std::string jwt_id;      // jti, empty when absent
  // The whole payload, for the claims the caller names (tenant, scope).
  rapidjson::Document raw;
};

// issuer and audience must not be empty: VerifyJwt fails with
// ODMCP_FAILED_PRECONDITION, whatever the token, if either is.
struct JwtExpectations {
  std::string issuer;    // the token's iss must equal it
  std::string audience;  // the token's aud must contain it
  int64_t now_s = 0;     // the time to judge exp, nbf and iat by
  // Clock difference tolerated between the issuer and this host.
  int64_t leeway_s = 60;
  bool require_exp = true;
};

// VerifyJws, then the claims, in this order: a JSON object without
// duplicate members; the registered claims of their types (iss, sub, jti
// strings; aud a string or array of strings; exp, nbf, iat numbers); iss
// present and equal to expect.issuer; aud present and containing
// expect.audience; exp present (unless !expect.require_exp) and
// now_s <= exp + leeway_s; nbf, if present, <= now_s + leeway_s; iat, if
// present, <= now_s + leeway_s.
StatusOr<JwtClaims> VerifyJwt(std::string_view token, const JwkLookup& key_for,
                              const JwtExpectations& expect);

// A signed token: the header {"alg":..,"kid":..,"typ":..} ("typ" left out
// when empty; RFC 9068 access tokens use "at+jwt") and `payload_json`, which
// must be a JSON object and is signed as given.
std::string SignJwt(const crypto::SigningKey& key, std::string_view kid, std::string_view typ,
                    std::string_view payload_json);

}  // namespace odmcp

#endif  // ODMCP_HOST_AUTH_JWT_H_
