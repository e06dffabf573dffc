// Fuzzes what an access token's sender and an identity provider control:
// JWKS documents (host/auth/jwt.h ParseJwks) and tokens (VerifyJwt). The
// input is two parts, a JWKS document and a token:
//
//   {"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"...","y":"..."}]}
//   %%
//   eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOi...
//
// Covers base64url, JSON with duplicate-member refusal, every key type's
// import (EC points, Ed25519, RSA moduli and exponents), the three
// signature checks, and the claims checks.
//
// Asserts, beyond no crash and no sanitizer report:
//   - a document that parses publishes (JwksJson) to one that parses to
//     the same key ids, and whose keys verify what the originals verify;
//   - a token verified against the fixed keys below was signed by one of
//     them: it is refused once any character of its signature changes;
//   - the second part, when it is a JSON object, signed with a fixed key
//     verifies exactly when its claims meet the expectations, and then
//     yields those claims; and no refusal message quotes the token.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/input_parts.h"
#include "host/auth/jwt.h"
#include "host/common/json.h"

namespace odmcp {
namespace {

constexpr int64_t kNowS = 1'800'000'000;

const JwtExpectations& Expect() {
  static const JwtExpectations expect{"https://idp.example.com", "https://mcp.example.com/mcp",
                                      kNowS, 60, true};
  return expect;
}

// Fixed keys: the same bytes on every run, so seeds stay meaningful.
const crypto::SigningKey& Es256Key() {
  static const crypto::SigningKey key =
      crypto::SigningKey::FromPrivateBytes(crypto::SignatureAlgorithm::kEs256,
                                           std::string(32, '\x11'))
          .value();
  return key;
}
const crypto::SigningKey& EdDsaKey() {
  static const crypto::SigningKey key =
      crypto::SigningKey::FromPrivateBytes(crypto::SignatureAlgorithm::kEdDsa,
                                           std::string(32, '\x22'))
          .value();
  return key;
}
const std::vector<PublicJwk>& FixedKeys() {
  static const std::vector<PublicJwk> keys = {{"es", Es256Key().PublicKey()},
                                              {"ed", EdDsaKey().PublicKey()}};
  return keys;
}

JwkLookup LookupIn(const std::vector<PublicJwk>& keys) {
  return [&keys](std::string_view kid) -> const PublicJwk* {
    for (const PublicJwk& key : keys) {
      if (key.kid == kid) return &key;
    }
    return nullptr;
  };
}

void CheckJwks(std::string_view document, std::string_view token) {
  StatusOr<std::vector<PublicJwk>> keys = ParseJwks(document);
  if (!keys.ok()) return;
  StatusOr<std::vector<PublicJwk>> again = ParseJwks(JwksJson(keys.value()));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again.value().size() == keys.value().size());
  for (size_t i = 0; i < keys.value().size(); ++i) {
    FUZZ_CHECK(again.value()[i].kid == keys.value()[i].kid);
  }
  // Fuzzed keys against a fuzzed token: whatever the keys, no crash, and
  // the published copies judge the token alike.
  const bool original = VerifyJws(token, LookupIn(keys.value())).ok();
  FUZZ_CHECK(VerifyJws(token, LookupIn(again.value())).ok() == original);
}

void CheckToken(std::string_view token) {
  StatusOr<JwtClaims> claims = VerifyJwt(token, LookupIn(FixedKeys()), Expect());
  if (!claims.ok()) {
    // Checked for tokens no message could hold by itself: long, and
    // without the spaces of its prose (the longest unbroken word a message
    // carries is an expected issuer or audience, under 40 characters).
    if (token.size() >= 40 && token.find(' ') == std::string_view::npos) {
      FUZZ_CHECK(claims.error().find(token) == std::string::npos);
    }
    return;
  }
  std::string altered(token);
  const size_t dot = altered.rfind('.');
  FUZZ_CHECK(dot != std::string::npos && dot + 1 < altered.size());
  char& c = altered[dot + 1 + token.size() % (altered.size() - dot - 1)];
  c = c == 'A' ? 'B' : 'A';
  FUZZ_CHECK(!VerifyJwt(altered, LookupIn(FixedKeys()), Expect()).ok());
}

// Whether `payload`'s claims meet Expect(), judged here independently of
// the module; nullopt for shapes left to the module's unit tests (nbf and
// iat, audience arrays, fractional or non-integer times, sub or jti that
// are not strings).
std::optional<bool> Judge(const rapidjson::Value& payload) {
  for (const char* name : {"nbf", "iat"}) {
    if (FindMember(payload, name) != nullptr) return std::nullopt;
  }
  for (const char* name : {"sub", "jti"}) {
    const rapidjson::Value* value = FindMember(payload, name);
    if (value != nullptr && !value->IsString()) return std::nullopt;
  }
  const rapidjson::Value* iss = FindMember(payload, "iss");
  const rapidjson::Value* aud = FindMember(payload, "aud");
  const rapidjson::Value* exp = FindMember(payload, "exp");
  if (aud != nullptr && aud->IsArray()) return std::nullopt;
  if (exp != nullptr && exp->IsNumber() && !exp->IsInt64()) return std::nullopt;
  return iss != nullptr && iss->IsString() && AsView(*iss) == Expect().issuer && aud != nullptr &&
         aud->IsString() && AsView(*aud) == Expect().audience && exp != nullptr && exp->IsInt64() &&
         exp->GetInt64() >= kNowS - Expect().leeway_s;
}

bool HasDuplicateMembers(const rapidjson::Value& object) {
  std::vector<std::string_view> names;
  for (const auto& member : object.GetObject()) names.push_back(AsView(member.name));
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

void CheckSigned(std::string_view payload_json) {
  rapidjson::Document payload;
  if (ParseJson(payload_json, payload) || !payload.IsObject() || HasDuplicateMembers(payload)) {
    return;  // duplicates are refused by design (jwt.h)
  }
  const std::optional<bool> acceptable = Judge(payload);
  if (!acceptable) return;
  const std::string text = ToJson(payload);
  rapidjson::Document signed_payload;  // what the module will read
  FUZZ_CHECK(!ParseJson(text, signed_payload));
  for (const auto& [kid, key] : {std::pair{"es", &Es256Key()}, std::pair{"ed", &EdDsaKey()}}) {
    StatusOr<JwtClaims> claims =
        VerifyJwt(SignJwt(*key, kid, "at+jwt", text), LookupIn(FixedKeys()), Expect());
    FUZZ_CHECK(claims.ok() == *acceptable);
    if (claims.ok()) FUZZ_CHECK(ToJson(claims.value().raw) == ToJson(signed_payload));
  }
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  const std::vector<std::string_view> parts = fuzz::SplitParts(data, size, 2);
  CheckJwks(parts[0], parts[1]);
  CheckToken(parts[1]);
  CheckSigned(parts[1]);
  return 0;
}
