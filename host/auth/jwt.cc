#include "host/auth/jwt.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

#include "host/common/base64.h"
#include "host/common/json.h"

namespace odmcp {
namespace {

using crypto::SignatureAlgorithm;
using crypto::VerifyingKey;

// The JWK key types this module reads and writes, one per algorithm.
struct KeyType {
  SignatureAlgorithm algorithm;
  std::string_view kty;
  std::string_view crv;  // empty for RSA, which has none
};
constexpr KeyType kKeyTypes[] = {{SignatureAlgorithm::kEs256, "EC", "P-256"},
                                 {SignatureAlgorithm::kEdDsa, "OKP", "Ed25519"},
                                 {SignatureAlgorithm::kRs256, "RSA", ""}};

const KeyType& KeyTypeOf(SignatureAlgorithm algorithm) {
  return *std::find_if(std::begin(kKeyTypes), std::end(kKeyTypes),
                       [&](const KeyType& type) { return type.algorithm == algorithm; });
}

Status Refuse(std::string message) { return Status(ODMCP_UNAUTHENTICATED, std::move(message)); }

Status InvalidJwks(std::string message) {
  return Status(ODMCP_INVALID_ARGUMENT, std::move(message));
}

// Whether two members of `object` share a name. RFC 7515 and 7519 let a
// parser refuse such JSON or take the last member; RapidJSON's FindMember
// takes the first, so this module refuses.
bool HasDuplicateMembers(const rapidjson::Value& object) {
  std::vector<std::string_view> names;
  names.reserve(object.MemberCount());
  for (const auto& member : object.GetObject()) names.push_back(AsView(member.name));
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

// Parses `text` into `doc`. Returns what is wrong with it ("is not a JSON
// object", ...), or an empty string once `doc` holds an object whose members
// have distinct names.
std::string ParseObject(std::string_view text, rapidjson::Document& doc) {
  if (ParseJson(text, doc).has_value() || !doc.IsObject()) return "is not a JSON object";
  if (HasDuplicateMembers(doc)) return "has duplicate members";
  return {};
}

// --- JWKS ---

Status BadMember(size_t index, std::string_view member, std::string_view problem) {
  return InvalidJwks("JWKS key " + std::to_string(index) + ": \"" + std::string(member) + "\" " +
                     std::string(problem));
}

// The optional string member `name` of the key at `index`: nullopt when
// absent, an error when not a string.
StatusOr<std::optional<std::string_view>> OptionalString(const rapidjson::Value& jwk, size_t index,
                                                         std::string_view name) {
  const rapidjson::Value* value = FindMember(jwk, name);
  if (value == nullptr) return std::optional<std::string_view>();
  if (!value->IsString()) return BadMember(index, name, "is not a string");
  return std::optional<std::string_view>(AsView(*value));
}

// The base64url member `name` of the key at `index`, decoded; `size`, if
// not 0, is the size it must have.
StatusOr<std::string> DecodedMember(const rapidjson::Value& jwk, size_t index,
                                    std::string_view name, size_t size = 0) {
  StatusOr<std::optional<std::string_view>> text = OptionalString(jwk, index, name);
  if (!text.ok()) return text.status();
  if (!text.value()) return BadMember(index, name, "is missing");
  std::optional<std::string> bytes = Base64UrlDecode(*text.value());
  if (!bytes) return BadMember(index, name, "is not base64url (unpadded)");
  if (size != 0 && bytes->size() != size) {
    return BadMember(index, name,
                     "is " + std::to_string(bytes->size()) + " bytes, not " + std::to_string(size));
  }
  return std::move(*bytes);
}

// The public key of `type` from the members of the key at `index`.
StatusOr<VerifyingKey> KeyFromMembers(const rapidjson::Value& jwk, size_t index,
                                      const KeyType& type) {
  const bool rsa = type.algorithm == SignatureAlgorithm::kRs256;
  const bool ec = type.algorithm == SignatureAlgorithm::kEs256;
  const size_t x_size = ec ? crypto::kP256CoordinateSize : crypto::kEd25519KeySize;
  StatusOr<std::string> first =
      rsa ? DecodedMember(jwk, index, "n") : DecodedMember(jwk, index, "x", x_size);
  if (!first.ok()) return first.status();
  StatusOr<std::string> second = rsa  ? DecodedMember(jwk, index, "e")
                                 : ec ? DecodedMember(jwk, index, "y", crypto::kP256CoordinateSize)
                                      : std::string();
  if (!second.ok()) return second.status();
  StatusOr<VerifyingKey> key = rsa  ? VerifyingKey::FromRsa(first.value(), second.value())
                               : ec ? VerifyingKey::FromEcP256(first.value(), second.value())
                                    : VerifyingKey::FromEd25519(first.value());
  if (!key.ok()) {
    const std::string members = rsa ? R"("n", "e")" : ec ? R"("x", "y")" : R"("x")";
    return InvalidJwks("JWKS key " + std::to_string(index) + " (" + members + "): " + key.error());
  }
  return key;
}

// The key at `index` of a JWKS document: the key, nullopt for a key to skip
// (see ParseJwks), or why it is malformed.
StatusOr<std::optional<PublicJwk>> ParseJwk(const rapidjson::Value& jwk, size_t index) {
  using Skip = std::optional<PublicJwk>;
  if (!jwk.IsObject()) {
    return InvalidJwks("JWKS key " + std::to_string(index) + " is not a JSON object");
  }
  StatusOr<std::optional<std::string_view>> kty = OptionalString(jwk, index, "kty");
  if (!kty.ok()) return kty.status();
  const KeyType* type = nullptr;
  for (const KeyType& candidate : kKeyTypes) {
    if (kty.value() == candidate.kty) type = &candidate;
  }
  if (type == nullptr) return Skip();

  StatusOr<std::optional<std::string_view>> use = OptionalString(jwk, index, "use");
  if (!use.ok()) return use.status();
  if (use.value() && *use.value() != "sig") return Skip();

  if (!type->crv.empty()) {
    StatusOr<std::optional<std::string_view>> crv = OptionalString(jwk, index, "crv");
    if (!crv.ok()) return crv.status();
    if (!crv.value()) return BadMember(index, "crv", "is missing");
    if (*crv.value() != type->crv) return Skip();
  }

  StatusOr<std::optional<std::string_view>> alg = OptionalString(jwk, index, "alg");
  if (!alg.ok()) return alg.status();
  if (alg.value()) {
    const std::optional<SignatureAlgorithm> named = crypto::AlgorithmFromJoseName(*alg.value());
    if (!named) return Skip();
    if (*named != type->algorithm) {
      return BadMember(index, "alg",
                       "is " + std::string(*alg.value()) + ", which a key of this type cannot use");
    }
  }

  StatusOr<std::optional<std::string_view>> kid = OptionalString(jwk, index, "kid");
  if (!kid.ok()) return kid.status();
  if (!kid.value() || kid.value()->empty()) return Skip();

  StatusOr<VerifyingKey> key = KeyFromMembers(jwk, index, *type);
  if (!key.ok()) return key.status();
  return Skip(PublicJwk{std::string(*kid.value()), std::move(key).value()});
}

// --- Claims ---

// A NumericDate claim (RFC 7519 section 2): whole seconds, the fraction
// dropped.
struct NumericDate {
  bool present = false;
  int64_t seconds = 0;
};

// The NumericDate claim `name`, or nullopt if it is present but not a
// number of seconds an int64 holds.
std::optional<NumericDate> ReadNumericDate(const rapidjson::Value& claims, std::string_view name) {
  const rapidjson::Value* value = FindMember(claims, name);
  if (value == nullptr) return NumericDate{};
  if (value->IsInt64()) return NumericDate{true, value->GetInt64()};
  if (value->IsNumber()) {
    const double seconds = std::floor(value->GetDouble());
    // Near 2^63 and beyond is no time an int64 holds.
    if (seconds >= -9.2e18 && seconds <= 9.2e18) {
      return NumericDate{true, static_cast<int64_t>(seconds)};
    }
  }
  return std::nullopt;
}

// Reads the string claim `name`, if present, into `*out`; false if it is
// present but not a string.
bool ReadString(const rapidjson::Value& claims, std::string_view name, std::string* out) {
  const rapidjson::Value* value = FindMember(claims, name);
  if (value == nullptr) return true;
  if (!value->IsString()) return false;
  *out = std::string(AsView(*value));
  return true;
}

// Reads "aud", a string or an array of strings, into `*out`; false if it is
// present but neither.
bool ReadAudience(const rapidjson::Value& claims, std::vector<std::string>* out) {
  const rapidjson::Value* value = FindMember(claims, "aud");
  if (value == nullptr) return true;
  if (value->IsString()) {
    out->emplace_back(AsView(*value));
    return true;
  }
  if (!value->IsArray()) return false;
  for (const rapidjson::Value& entry : value->GetArray()) {
    if (!entry.IsString()) return false;
    out->emplace_back(AsView(entry));
  }
  return true;
}

Status NotOfType(std::string_view claim, std::string_view type) {
  return Refuse("the token's \"" + std::string(claim) + "\" claim is not " + std::string(type));
}

}  // namespace

StatusOr<std::vector<PublicJwk>> ParseJwks(std::string_view json) {
  rapidjson::Document doc;
  if (std::optional<JsonParseError> error = ParseJson(json, doc)) {
    return InvalidJwks("the JWKS document is not JSON (at byte " + std::to_string(error->offset) +
                       ": " + error->message + ")");
  }
  const rapidjson::Value* keys = FindMember(doc, "keys");
  if (keys == nullptr || !keys->IsArray()) {
    return InvalidJwks("the JWKS document has no \"keys\" array");
  }
  if (keys->Size() > kMaxJwksKeys) {
    return InvalidJwks("the JWKS document has " + std::to_string(keys->Size()) +
                       " keys, more than " + std::to_string(kMaxJwksKeys));
  }
  std::vector<PublicJwk> usable;
  for (rapidjson::SizeType i = 0; i < keys->Size(); ++i) {
    StatusOr<std::optional<PublicJwk>> key = ParseJwk((*keys)[i], i);
    if (!key.ok()) return key.status();
    if (key.value()) usable.push_back(std::move(*key.value()));
  }
  return usable;
}

std::string JwksJson(const std::vector<PublicJwk>& keys) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("keys");
  writer.StartArray();
  for (const PublicJwk& jwk : keys) {
    const VerifyingKey& key = jwk.key;
    const KeyType& type = KeyTypeOf(key.algorithm());
    writer.StartObject();
    WriteKeyString(writer, "kid", jwk.kid);
    WriteKeyString(writer, "kty", type.kty);
    if (type.algorithm == SignatureAlgorithm::kRs256) {
      WriteKeyString(writer, "n", Base64UrlEncode(key.n()));
      WriteKeyString(writer, "e", Base64UrlEncode(key.e()));
    } else {
      WriteKeyString(writer, "crv", type.crv);
      WriteKeyString(writer, "x", Base64UrlEncode(key.x()));
      if (type.algorithm == SignatureAlgorithm::kEs256) {
        WriteKeyString(writer, "y", Base64UrlEncode(key.y()));
      }
    }
    WriteKeyString(writer, "alg", crypto::JoseName(key.algorithm()));
    WriteKeyString(writer, "use", "sig");
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

StatusOr<std::string> VerifyJws(std::string_view token, const JwkLookup& key_for) {
  const size_t first_dot = token.find('.');
  const size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Refuse("the token is not a compact JWS (three base64url parts separated by dots)");
  }
  std::optional<std::string> header_json = Base64UrlDecode(token.substr(0, first_dot));
  std::optional<std::string> payload =
      Base64UrlDecode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  std::optional<std::string> signature = Base64UrlDecode(token.substr(second_dot + 1));
  if (!header_json || !payload || !signature) {
    return Refuse("a part of the token is not base64url (unpadded)");
  }

  rapidjson::Document header;
  if (std::string problem = ParseObject(*header_json, header); !problem.empty()) {
    return Refuse("the token's header " + problem);
  }
  const rapidjson::Value* alg = FindMember(header, "alg");
  if (alg == nullptr || !alg->IsString()) {
    return Refuse("the token's header names no algorithm (alg)");
  }
  if (AsView(*alg) == "none") return Refuse("the token is unsigned (alg \"none\")");
  const std::optional<SignatureAlgorithm> algorithm = crypto::AlgorithmFromJoseName(AsView(*alg));
  if (!algorithm) {
    return Refuse("the token's algorithm is not one this server accepts (ES256, EdDSA, RS256)");
  }
  // RFC 7515 4.1.11: a recipient must refuse extensions it does not
  // understand, and this one understands none.
  if (FindMember(header, "crit") != nullptr) {
    return Refuse("the token's header has critical extensions (crit), which this server refuses");
  }
  const rapidjson::Value* kid = FindMember(header, "kid");
  if (kid != nullptr && !kid->IsString()) return Refuse("the token's key id (kid) is not a string");
  const std::string_view kid_text = kid != nullptr ? AsView(*kid) : std::string_view();

  const PublicJwk* jwk = key_for(kid_text);
  if (jwk == nullptr) {
    return Refuse(kid_text.empty() ? "the token's header has no key id (kid)"
                                   : "the token's key id (kid) is not one of the issuer's keys");
  }
  // The algorithm is the key's, not the sender's, to choose: a header
  // naming another one is refused rather than tried.
  if (jwk->key.algorithm() != *algorithm) {
    return Refuse("the token's algorithm is not that of its key");
  }
  if (!jwk->key.Verify(token.substr(0, second_dot), *signature)) {
    return Refuse("the token's signature does not verify");
  }
  return std::move(*payload);
}

StatusOr<JwtClaims> VerifyJwt(std::string_view token, const JwkLookup& key_for,
                              const JwtExpectations& expect) {
  // An empty expectation would let a token without the claim through.
  if (expect.issuer.empty() || expect.audience.empty()) {
    return Status(ODMCP_FAILED_PRECONDITION,
                  "the expected issuer and audience of tokens must be configured");
  }
  StatusOr<std::string> payload = VerifyJws(token, key_for);
  if (!payload.ok()) return payload.status();
  JwtClaims claims;
  if (std::string problem = ParseObject(payload.value(), claims.raw); !problem.empty()) {
    return Refuse("the token's payload " + problem);
  }
  const rapidjson::Value& raw = claims.raw;
  if (!ReadString(raw, "iss", &claims.issuer)) return NotOfType("iss", "a string");
  if (!ReadString(raw, "sub", &claims.subject)) return NotOfType("sub", "a string");
  if (!ReadString(raw, "jti", &claims.jwt_id)) return NotOfType("jti", "a string");
  if (!ReadAudience(raw, &claims.audience)) {
    return NotOfType("aud", "a string or an array of strings");
  }
  const std::optional<NumericDate> exp = ReadNumericDate(raw, "exp");
  if (!exp) return NotOfType("exp", "a number of seconds");
  const std::optional<NumericDate> nbf = ReadNumericDate(raw, "nbf");
  if (!nbf) return NotOfType("nbf", "a number of seconds");
  const std::optional<NumericDate> iat = ReadNumericDate(raw, "iat");
  if (!iat) return NotOfType("iat", "a number of seconds");
  claims.expires_at = exp->seconds;
  claims.not_before = nbf->seconds;
  claims.issued_at = iat->seconds;

  if (FindMember(raw, "iss") == nullptr) return Refuse("the token names no issuer (iss)");
  if (claims.issuer != expect.issuer) return Refuse("the token's issuer is not the expected one");
  if (FindMember(raw, "aud") == nullptr) return Refuse("the token names no audience (aud)");
  if (std::find(claims.audience.begin(), claims.audience.end(), expect.audience) ==
      claims.audience.end()) {
    return Refuse("the token's audience is not this server");
  }
  // Each comparison moves the leeway to the caller's side: adding it to a
  // time from the token could overflow.
  if (!exp->present) {
    if (expect.require_exp) return Refuse("the token has no expiry (exp)");
  } else if (expect.now_s - expect.leeway_s > exp->seconds) {
    return Refuse("the token has expired");
  }
  if (nbf->present && nbf->seconds > expect.now_s + expect.leeway_s) {
    return Refuse("the token is not valid yet (nbf)");
  }
  if (iat->present && iat->seconds > expect.now_s + expect.leeway_s) {
    return Refuse("the token was issued in the future (iat)");
  }
  return claims;
}

std::string SignJwt(const crypto::SigningKey& key, std::string_view kid, std::string_view typ,
                    std::string_view payload_json) {
  rapidjson::StringBuffer header;
  JsonWriter writer(header);
  writer.StartObject();
  WriteKeyString(writer, "alg", crypto::JoseName(key.algorithm()));
  WriteKeyString(writer, "kid", kid);
  if (!typ.empty()) WriteKeyString(writer, "typ", typ);
  writer.EndObject();
  std::string token = Base64UrlEncode(std::string_view(header.GetString(), header.GetSize()));
  token += '.';
  token += Base64UrlEncode(payload_json);
  const std::string signature = key.Sign(token);
  token += '.';
  token += Base64UrlEncode(signature);
  return token;
}

}  // namespace odmcp
