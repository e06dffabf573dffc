// Compact JWS/JWT verification and JWKS documents: tokens this module signs,
// the RFC 7515 examples, each refusal on its own, and JWKS parsing.
#include "host/auth/jwt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/common/base64.h"
#include "host/common/json.h"
#include "host/crypto/hmac.h"

namespace odmcp {
namespace {

using crypto::SignatureAlgorithm;
using crypto::SigningKey;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kIssuer[] = "https://id.example.com/";
constexpr char kAudience[] = "https://mcp.example.com/mcp";
constexpr int64_t kNow = 1'700'000'000;

// What a token of these tests claims unless a test says otherwise.
constexpr char kClaims[] =
    R"({"iss":"https://id.example.com/","aud":"https://mcp.example.com/mcp","sub":"user-1",)"
    R"("iat":1700000000,"exp":1700000600,"jti":"t-1","tenant":"acme","scope":"orders:read"})";

// RFC 7515 A.3: an ES256 JWS (its header, {"alg":"ES256"}, has no kid) and
// its key; A.2: the RS256 JWS of the same payload and its key.
constexpr char kA3Token[] =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQog"
    "Imh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
constexpr char kA3Payload[] =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
constexpr char kA3Jwk[] =
    R"({"kty":"EC","crv":"P-256","kid":"a3","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
    R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";
constexpr char kA2Token[] =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQog"
    "Imh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5j"
    "ujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L"
    "07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYE"
    "UipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
constexpr char kA2Modulus[] =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d"
    "4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexM"
    "dbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvU"
    "K-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
// RFC 8037 A.2: an Ed25519 public key.
constexpr char kEd25519X[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

std::string Jwks(const std::string& keys) { return R"({"keys":[)" + keys + "]}"; }

std::string RsaJwk(const std::string& extra_members) {
  return R"({"kty":"RSA",)" + extra_members + R"("n":")" + kA2Modulus + R"(","e":"AQAB"})";
}

// kClaims with the claim `name` set to the JSON `value`, or removed when
// `value` is empty.
std::string ClaimsWith(std::string_view name, std::string_view value) {
  rapidjson::Document doc;
  doc.Parse(kClaims);
  doc.RemoveMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  if (!value.empty()) {
    rapidjson::Document parsed(&doc.GetAllocator());
    parsed.Parse(value.data(), value.size());
    doc.AddMember(rapidjson::Value(name.data(), static_cast<rapidjson::SizeType>(name.size()),
                                   doc.GetAllocator()),
                  static_cast<rapidjson::Value&>(parsed), doc.GetAllocator());
  }
  return ToJson(doc);
}

// A compact JWS of `header` and `payload` as given, signed by `key`.
std::string Compact(std::string_view header, std::string_view payload, const SigningKey& key) {
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(key.Sign(input));
}

// The dot-separated parts of a token.
std::vector<std::string> Parts(std::string_view token) {
  std::vector<std::string> parts(1);
  for (char c : token) {
    if (c == '.') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

class JwtTest : public ::testing::Test {
 protected:
  JwtTest()
      : es_key_(SigningKey::Generate(SignatureAlgorithm::kEs256)),
        ed_key_(SigningKey::Generate(SignatureAlgorithm::kEdDsa)),
        keys_{{"es-1", es_key_.PublicKey()}, {"ed-1", ed_key_.PublicKey()}} {
    expect_.issuer = kIssuer;
    expect_.audience = kAudience;
    expect_.now_s = kNow;
  }

  // key_for over keys_, which counts its calls and keeps the kid asked for.
  JwkLookup Lookup() {
    return [this](std::string_view kid) -> const PublicJwk* {
      ++lookups_;
      asked_kid_ = std::string(kid);
      for (const PublicJwk& jwk : keys_) {
        if (jwk.kid == kid) return &jwk;
      }
      return nullptr;
    };
  }

  StatusOr<JwtClaims> Verify(std::string_view token) { return VerifyJwt(token, Lookup(), expect_); }

  // The message of the refusal of `token`, which must be refused as
  // unauthenticated without quoting it.
  std::string Refusal(std::string_view token) {
    StatusOr<JwtClaims> claims = Verify(token);
    if (claims.ok()) return "(verified)";
    EXPECT_EQ(claims.status().code(), ODMCP_UNAUTHENTICATED) << claims.error();
    for (const std::string& part : Parts(token)) {
      if (part.size() >= 8) {
        EXPECT_THAT(claims.error(), ::testing::Not(HasSubstr(part)));
      }
    }
    return claims.error();
  }

  std::string EsToken(std::string_view claims) {
    return SignJwt(es_key_, "es-1", "at+jwt", claims);
  }

  const SigningKey es_key_;
  const SigningKey ed_key_;
  std::vector<PublicJwk> keys_;
  JwtExpectations expect_;
  int lookups_ = 0;
  std::string asked_kid_;
};

TEST_F(JwtTest, SignedEs256TokenVerifies) {
  const std::string token = SignJwt(es_key_, "es-1", "at+jwt", kClaims);
  StatusOr<JwtClaims> claims = Verify(token);
  ASSERT_TRUE(claims.ok()) << claims.error();
  EXPECT_EQ(asked_kid_, "es-1");
  EXPECT_EQ(claims.value().issuer, kIssuer);
  EXPECT_EQ(claims.value().subject, "user-1");
  EXPECT_EQ(claims.value().audience, std::vector<std::string>{kAudience});
  EXPECT_EQ(claims.value().issued_at, 1700000000);
  EXPECT_EQ(claims.value().expires_at, 1700000600);
  EXPECT_EQ(claims.value().not_before, 0);
  EXPECT_EQ(claims.value().jwt_id, "t-1");
  ASSERT_TRUE(claims.value().raw.HasMember("tenant"));
  EXPECT_EQ(AsView(claims.value().raw["tenant"]), "acme");
  // The header as written, and the payload as given.
  const std::vector<std::string> parts = Parts(token);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(Base64UrlDecode(parts[0]), R"({"alg":"ES256","kid":"es-1","typ":"at+jwt"})");
  EXPECT_EQ(Base64UrlDecode(parts[1]), kClaims);
}

TEST_F(JwtTest, SignedEdDsaTokenVerifies) {
  const std::string token = SignJwt(ed_key_, "ed-1", "", kClaims);
  StatusOr<JwtClaims> claims = Verify(token);
  ASSERT_TRUE(claims.ok()) << claims.error();
  EXPECT_EQ(asked_kid_, "ed-1");
  EXPECT_EQ(claims.value().subject, "user-1");
  EXPECT_EQ(Base64UrlDecode(Parts(token)[0]), R"({"alg":"EdDSA","kid":"ed-1"})");
}

TEST_F(JwtTest, Rfc7515A3TokenVerifies) {
  StatusOr<std::vector<PublicJwk>> jwks = ParseJwks(Jwks(kA3Jwk));
  ASSERT_TRUE(jwks.ok()) << jwks.error();
  ASSERT_EQ(jwks.value().size(), 1u);
  // The example's header has no kid: the lookup is asked for "".
  std::string asked = "(not asked)";
  const JwkLookup a3_key = [&](std::string_view kid) {
    asked = std::string(kid);
    return &jwks.value()[0];
  };
  StatusOr<std::string> payload = VerifyJws(kA3Token, a3_key);
  ASSERT_TRUE(payload.ok()) << payload.error();
  EXPECT_EQ(payload.value(), kA3Payload);
  EXPECT_EQ(asked, "");
}

TEST_F(JwtTest, Rfc7515A3TokenHasNoAudienceSoIsNoAccessToken) {
  // The example's claims are iss "joe" and exp 1300819380, without "aud":
  // the signature, issuer and everything before pass, the audience fails.
  StatusOr<std::vector<PublicJwk>> jwks = ParseJwks(Jwks(kA3Jwk));
  ASSERT_TRUE(jwks.ok()) << jwks.error();
  const JwkLookup a3_key = [&](std::string_view) { return &jwks.value()[0]; };
  StatusOr<JwtClaims> claims =
      VerifyJwt(kA3Token, a3_key, JwtExpectations{"joe", kAudience, 1300819000});
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error(), "the token names no audience (aud)");
  claims = VerifyJwt(kA3Token, a3_key, JwtExpectations{"jane", kAudience, 1300819000});
  EXPECT_EQ(claims.error(), "the token's issuer is not the expected one");
}

TEST_F(JwtTest, Rfc7515A2Rs256TokenVerifies) {
  StatusOr<std::vector<PublicJwk>> jwks = ParseJwks(Jwks(RsaJwk(R"("kid":"a2",)")));
  ASSERT_TRUE(jwks.ok()) << jwks.error();
  ASSERT_EQ(jwks.value().size(), 1u);
  const JwkLookup a2_key = [&](std::string_view) { return &jwks.value()[0]; };
  StatusOr<std::string> payload = VerifyJws(kA2Token, a2_key);
  ASSERT_TRUE(payload.ok()) << payload.error();
  EXPECT_EQ(payload.value(), kA3Payload);
  // And the ES256 example is not RS256.
  EXPECT_EQ(VerifyJws(kA3Token, a2_key).error(), "the token's algorithm is not that of its key");
}

TEST_F(JwtTest, AlgNoneIsRefused) {
  const std::string unsigned_token =
      Base64UrlEncode(R"({"alg":"none","kid":"es-1"})") + "." + Base64UrlEncode(kClaims) + ".";
  EXPECT_EQ(Refusal(unsigned_token), R"(the token is unsigned (alg "none"))");
  // Nor does a signature, any signature, make it acceptable.
  const std::string with_signature = Compact(R"({"alg":"none","kid":"es-1"})", kClaims, es_key_);
  EXPECT_EQ(Refusal(with_signature), R"(the token is unsigned (alg "none"))");
  EXPECT_EQ(lookups_, 0);
}

TEST_F(JwtTest, Hs256SignedWithThePublicKeyIsRefused) {
  // The classic confusion: the attacker HMACs with the public key (here its
  // JWKS text and its raw x) and hopes the verifier uses it as the secret.
  const std::string input =
      Base64UrlEncode(R"({"alg":"HS256","kid":"es-1"})") + "." + Base64UrlEncode(kClaims);
  for (const std::string& secret : {JwksJson(keys_), es_key_.PublicKey().x()}) {
    const std::string token = input + "." + Base64UrlEncode(crypto::HmacSha256(secret, input));
    EXPECT_EQ(Refusal(token),
              "the token's algorithm is not one this server accepts (ES256, EdDSA, RS256)");
  }
  EXPECT_EQ(lookups_, 0);
}

TEST_F(JwtTest, OtherAlgorithmsAreRefused) {
  for (const char* alg : {"HS512", "ES384", "PS256", "RS512", "Ed25519", "NONE", "es256"}) {
    const std::string token =
        Compact(R"({"alg":")" + std::string(alg) + R"(","kid":"es-1"})", kClaims, es_key_);
    EXPECT_EQ(Refusal(token),
              "the token's algorithm is not one this server accepts (ES256, EdDSA, RS256)")
        << alg;
  }
  EXPECT_EQ(Refusal(Compact(R"({"kid":"es-1"})", kClaims, es_key_)),
            "the token's header names no algorithm (alg)");
  EXPECT_EQ(Refusal(Compact(R"({"alg":7,"kid":"es-1"})", kClaims, es_key_)),
            "the token's header names no algorithm (alg)");
}

TEST_F(JwtTest, UnknownKidIsRefused) {
  const std::string token = SignJwt(es_key_, "es-2", "at+jwt", kClaims);
  EXPECT_EQ(Refusal(token), "the token's key id (kid) is not one of the issuer's keys");
  EXPECT_EQ(lookups_, 1);
  EXPECT_EQ(asked_kid_, "es-2");
}

TEST_F(JwtTest, MissingKidIsRefusedByALookupThatRequiresOne) {
  EXPECT_EQ(Refusal(Compact(R"({"alg":"ES256"})", kClaims, es_key_)),
            "the token's header has no key id (kid)");
  EXPECT_EQ(asked_kid_, "");
  EXPECT_EQ(Refusal(Compact(R"({"alg":"ES256","kid":3})", kClaims, es_key_)),
            "the token's key id (kid) is not a string");
}

TEST_F(JwtTest, KidOfAKeyOfAnotherAlgorithmIsRefused) {
  // Signed with the ES256 key but naming the EdDSA key's kid, either way
  // round, and with a header claiming the kid's algorithm.
  EXPECT_EQ(Refusal(Compact(R"({"alg":"ES256","kid":"ed-1"})", kClaims, es_key_)),
            "the token's algorithm is not that of its key");
  EXPECT_EQ(Refusal(Compact(R"({"alg":"EdDSA","kid":"es-1"})", kClaims, ed_key_)),
            "the token's algorithm is not that of its key");
  EXPECT_EQ(Refusal(Compact(R"({"alg":"EdDSA","kid":"ed-1"})", kClaims, es_key_)),
            "the token's signature does not verify");
}

TEST_F(JwtTest, TamperedPayloadIsRefused) {
  const std::vector<std::string> parts = Parts(EsToken(kClaims));
  const std::string tampered =
      parts[0] + "." + Base64UrlEncode(ClaimsWith("sub", R"("admin")")) + "." + parts[2];
  EXPECT_EQ(Refusal(tampered), "the token's signature does not verify");
  // The header is signed too.
  const std::string retyped = Base64UrlEncode(R"({"alg":"ES256","kid":"es-1","typ":"JWT"})") + "." +
                              parts[1] + "." + parts[2];
  EXPECT_EQ(Refusal(retyped), "the token's signature does not verify");
  // And the signature of another token is no signature of this one.
  const std::string swapped =
      parts[0] + "." + parts[1] + "." + Parts(EsToken(ClaimsWith("sub", R"("admin")")))[2];
  EXPECT_EQ(Refusal(swapped), "the token's signature does not verify");
}

TEST_F(JwtTest, ExpiredTokenIsRefused) {
  // exp 1700000600 with 60 s of leeway: valid through 1700000660.
  expect_.now_s = 1700000661;
  EXPECT_EQ(Refusal(EsToken(kClaims)), "the token has expired");
  expect_.now_s = 1700000660;
  EXPECT_TRUE(Verify(EsToken(kClaims)).ok());
  expect_.leeway_s = 0;
  EXPECT_EQ(Refusal(EsToken(kClaims)), "the token has expired");
}

TEST_F(JwtTest, NotYetValidTokenIsRefused) {
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("nbf", "1700000061"))), "the token is not valid yet (nbf)");
  StatusOr<JwtClaims> claims = Verify(EsToken(ClaimsWith("nbf", "1700000060")));
  ASSERT_TRUE(claims.ok()) << claims.error();
  EXPECT_EQ(claims.value().not_before, 1700000060);
}

TEST_F(JwtTest, TokenIssuedInTheFutureIsRefused) {
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("iat", "1700000061"))),
            "the token was issued in the future (iat)");
  EXPECT_TRUE(Verify(EsToken(ClaimsWith("iat", "1700000060"))).ok());
}

TEST_F(JwtTest, WrongIssuerIsRefused) {
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("iss", R"("https://evil.example.com/")"))),
            "the token's issuer is not the expected one");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("iss", R"("https://id.example.com")"))),
            "the token's issuer is not the expected one");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("iss", ""))), "the token names no issuer (iss)");
}

TEST_F(JwtTest, WrongAudienceIsRefused) {
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("aud", R"("https://other.example.com/mcp")"))),
            "the token's audience is not this server");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("aud", R"(["https://other.example.com/mcp"])"))),
            "the token's audience is not this server");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("aud", "[]"))), "the token's audience is not this server");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("aud", ""))), "the token names no audience (aud)");
}

TEST_F(JwtTest, AudienceArrayContainingThisServerPasses) {
  StatusOr<JwtClaims> claims = Verify(
      EsToken(ClaimsWith("aud", R"(["https://other.example.com","https://mcp.example.com/mcp"])")));
  ASSERT_TRUE(claims.ok()) << claims.error();
  EXPECT_EQ(claims.value().audience,
            (std::vector<std::string>{"https://other.example.com", kAudience}));
}

TEST_F(JwtTest, MissingExpIsRefused) {
  const std::string token = EsToken(ClaimsWith("exp", ""));
  EXPECT_EQ(Refusal(token), "the token has no expiry (exp)");
  expect_.require_exp = false;
  StatusOr<JwtClaims> claims = Verify(token);
  ASSERT_TRUE(claims.ok()) << claims.error();
  EXPECT_EQ(claims.value().expires_at, 0);
}

TEST_F(JwtTest, CritHeaderIsRefused) {
  const std::string token =
      Compact(R"({"alg":"ES256","kid":"es-1","crit":["exp"],"exp":1700000600})", kClaims, es_key_);
  EXPECT_EQ(Refusal(token),
            "the token's header has critical extensions (crit), which this server refuses");
  EXPECT_EQ(lookups_, 0);
}

TEST_F(JwtTest, MalformedBase64IsRefused) {
  const std::vector<std::string> parts = Parts(EsToken(kClaims));
  const std::string kNotBase64Url = "a part of the token is not base64url (unpadded)";
  EXPECT_EQ(Refusal(parts[0] + "=." + parts[1] + "." + parts[2]), kNotBase64Url);
  EXPECT_EQ(Refusal(parts[0] + "." + parts[1] + "." + parts[2] + "=="), kNotBase64Url);
  EXPECT_EQ(Refusal(parts[0] + ".a+b/" + parts[1] + "." + parts[2]), kNotBase64Url);
  EXPECT_EQ(Refusal(parts[0] + "." + parts[1] + ". " + parts[2]), kNotBase64Url);
  // Standard base64 of the same bytes is not base64url.
  EXPECT_EQ(Refusal(parts[0] + "." + parts[1] + "." + Base64Encode(*Base64UrlDecode(parts[2]))),
            kNotBase64Url);
  EXPECT_EQ(lookups_, 0);
}

TEST_F(JwtTest, TwoOrFourPartsAreRefused) {
  const std::vector<std::string> parts = Parts(EsToken(kClaims));
  const std::string kNotCompact =
      "the token is not a compact JWS (three base64url parts separated by dots)";
  EXPECT_EQ(Refusal(parts[0] + "." + parts[1]), kNotCompact);
  EXPECT_EQ(Refusal(parts[0] + "." + parts[1] + "." + parts[2] + "."), kNotCompact);
  EXPECT_EQ(Refusal(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2]), kNotCompact);
  EXPECT_EQ(Refusal(""), kNotCompact);
  EXPECT_EQ(Refusal(parts[0]), kNotCompact);
}

TEST_F(JwtTest, HeaderThatIsNotAJsonObjectIsRefused) {
  EXPECT_EQ(Refusal(Compact(R"(["ES256"])", kClaims, es_key_)),
            "the token's header is not a JSON object");
  EXPECT_EQ(Refusal(Compact(R"({"alg":"ES256")", kClaims, es_key_)),
            "the token's header is not a JSON object");
  EXPECT_EQ(Refusal(Compact("", kClaims, es_key_)), "the token's header is not a JSON object");
  EXPECT_EQ(Refusal(Compact(R"({"alg":"ES256","kid":"es-1","alg":"none"})", kClaims, es_key_)),
            "the token's header has duplicate members");
}

TEST_F(JwtTest, PayloadThatIsNotAJsonObjectIsRefused) {
  EXPECT_EQ(Refusal(EsToken("[1]")), "the token's payload is not a JSON object");
  EXPECT_EQ(Refusal(EsToken("claims")), "the token's payload is not a JSON object");
  EXPECT_EQ(Refusal(EsToken("")), "the token's payload is not a JSON object");
}

TEST_F(JwtTest, DuplicateClaimIsRefused) {
  // A parser that took the last "aud" would see another token than one
  // that took the first.
  const std::string claims =
      std::string(kClaims, sizeof(kClaims) - 2) + R"(,"aud":"https://other.example.com/mcp"})";
  EXPECT_EQ(Refusal(EsToken(claims)), "the token's payload has duplicate members");
}

TEST_F(JwtTest, ClaimsOfTheWrongTypeAreRefused) {
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("exp", R"("1700000600")"))),
            R"(the token's "exp" claim is not a number of seconds)");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("nbf", "1e300"))),
            R"(the token's "nbf" claim is not a number of seconds)");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("iat", "null"))),
            R"(the token's "iat" claim is not a number of seconds)");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("iss", "1"))), R"(the token's "iss" claim is not a string)");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("sub", "{}"))),
            R"(the token's "sub" claim is not a string)");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("jti", "[]"))),
            R"(the token's "jti" claim is not a string)");
  EXPECT_EQ(Refusal(EsToken(ClaimsWith("aud", R"(["https://mcp.example.com/mcp",1])"))),
            R"(the token's "aud" claim is not a string or an array of strings)");
}

TEST_F(JwtTest, FractionalNumericDatesLoseTheirFraction) {
  StatusOr<JwtClaims> claims = Verify(EsToken(ClaimsWith("exp", "1700000600.9")));
  ASSERT_TRUE(claims.ok()) << claims.error();
  EXPECT_EQ(claims.value().expires_at, 1700000600);
}

TEST_F(JwtTest, EmptyExpectationsAreRefusedWhateverTheToken) {
  expect_.audience.clear();
  StatusOr<JwtClaims> claims = Verify(EsToken(ClaimsWith("aud", R"("")")));
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.status().code(), ODMCP_FAILED_PRECONDITION);
}

TEST(JwtJwksTest, MixedDocumentKeepsItsSigningKeys) {
  const std::string document =
      Jwks(RsaJwk(R"("kid":"rsa-enc","use":"enc",)") + "," + kA3Jwk + "," +
           R"({"kty":"OKP","crv":"Ed25519","kid":"ed-1","use":"sig","alg":"EdDSA","x":")" +
           kEd25519X + R"("},)" +
           // Skipped: another curve, another OKP curve, no kid, an algorithm
           // this module does not verify, a symmetric key, no kty at all.
           R"({"kty":"EC","crv":"P-384","kid":"p384","x":"AA","y":"AA"},)"
           R"({"kty":"OKP","crv":"X25519","kid":"x25519","x":"AA"},)" +
           RsaJwk(R"("use":"sig",)") + "," + RsaJwk(R"("kid":"ps","alg":"PS256",)") + "," +
           R"({"kty":"oct","kid":"hmac","k":"c2VjcmV0"},{"kid":"nothing"})");
  StatusOr<std::vector<PublicJwk>> keys = ParseJwks(document);
  ASSERT_TRUE(keys.ok()) << keys.error();
  ASSERT_EQ(keys.value().size(), 2u);
  EXPECT_EQ(keys.value()[0].kid, "a3");
  EXPECT_EQ(keys.value()[0].key.algorithm(), SignatureAlgorithm::kEs256);
  EXPECT_EQ(Base64UrlEncode(keys.value()[0].key.x()),
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
  EXPECT_EQ(Base64UrlEncode(keys.value()[0].key.y()),
            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
  EXPECT_EQ(keys.value()[1].kid, "ed-1");
  EXPECT_EQ(keys.value()[1].key.algorithm(), SignatureAlgorithm::kEdDsa);
  EXPECT_EQ(Base64UrlEncode(keys.value()[1].key.x()), kEd25519X);
}

TEST(JwtJwksTest, RsaSigningKeyIsRead) {
  StatusOr<std::vector<PublicJwk>> keys =
      ParseJwks(Jwks(RsaJwk(R"("kid":"a2","use":"sig","alg":"RS256",)")));
  ASSERT_TRUE(keys.ok()) << keys.error();
  ASSERT_EQ(keys.value().size(), 1u);
  EXPECT_EQ(keys.value()[0].key.algorithm(), SignatureAlgorithm::kRs256);
  EXPECT_EQ(Base64UrlEncode(keys.value()[0].key.n()), kA2Modulus);
  EXPECT_EQ(Base64UrlEncode(keys.value()[0].key.e()), "AQAB");
}

TEST(JwtJwksTest, MalformedMembersAreNamedWithTheKeyIndex) {
  const std::string ok_ec = kA3Jwk;
  const std::string x = R"("x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU")";
  const std::string y = R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0")";
  const std::string ec = R"({"kty":"EC","crv":"P-256","kid":"k",)";
  // The top half of A.2's modulus: 1024 bits.
  const std::string modulus_1024 = Base64UrlEncode(Base64UrlDecode(kA2Modulus)->substr(0, 128));
  const struct {
    std::string keys;
    std::string message;
  } kCases[] = {
      {ok_ec + "," + ec + R"("x":"f83O+3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)" + y + "}",
       R"(JWKS key 1: "x" is not base64url (unpadded))"},
      {ec + x + "}", R"(JWKS key 0: "y" is missing)"},
      {ec + R"("x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVA",)" + y + "}",
       R"(JWKS key 0: "x" is 31 bytes, not 32)"},
      {R"({"kty":"EC","kid":"k",)" + x + "," + y + "}", R"(JWKS key 0: "crv" is missing)"},
      {R"({"kty":"EC","crv":7,"kid":"k",)" + x + "," + y + "}",
       R"(JWKS key 0: "crv" is not a string)"},
      {ok_ec + "," + ok_ec + "," + ec + x +
           R"(,"y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4"})",
       R"(JWKS key 2 ("x", "y"): the point (x, y) is not a valid P-256 public key)"},
      {R"({"kty":"RSA","kid":"k","n":")" + modulus_1024 + R"(","e":"AQAB"})",
       R"(JWKS key 0 ("n", "e"): an RSA modulus must have 2048 to 8192 bits, not 1024)"},
      {R"({"kty":"RSA","kid":"k","n":")" + std::string(kA2Modulus) + R"("})",
       R"(JWKS key 0: "e" is missing)"},
      {R"({"kty":"OKP","crv":"Ed25519","kid":"k","x":32})", R"(JWKS key 0: "x" is not a string)"},
      {ec + R"("alg":"EdDSA",)" + x + "," + y + "}",
       R"(JWKS key 0: "alg" is EdDSA, which a key of this type cannot use)"},
      {R"({"kty":"EC","crv":"P-256","kid":5,)" + x + "," + y + "}",
       R"(JWKS key 0: "kid" is not a string)"},
      {ec + R"("use":["sig"],)" + x + "," + y + "}", R"(JWKS key 0: "use" is not a string)"},
      {ok_ec + R"(,"EC")", "JWKS key 1 is not a JSON object"},
  };
  for (const auto& c : kCases) {
    StatusOr<std::vector<PublicJwk>> keys = ParseJwks(Jwks(c.keys));
    ASSERT_FALSE(keys.ok()) << c.keys;
    EXPECT_EQ(keys.status().code(), ODMCP_INVALID_ARGUMENT);
    EXPECT_THAT(keys.error(), StartsWith(c.message)) << c.keys;
  }
}

TEST(JwtJwksTest, MalformedDocumentsAreRefused) {
  EXPECT_THAT(ParseJwks("{\"keys\":[").error(), StartsWith("the JWKS document is not JSON"));
  EXPECT_EQ(ParseJwks("{}").error(), R"(the JWKS document has no "keys" array)");
  EXPECT_EQ(ParseJwks(R"({"keys":{}})").error(), R"(the JWKS document has no "keys" array)");
  EXPECT_EQ(ParseJwks("[]").error(), R"(the JWKS document has no "keys" array)");
  std::string keys = R"({"kty":"oct"})";
  for (int i = 1; i < 64; ++i) keys += R"(,{"kty":"oct"})";
  StatusOr<std::vector<PublicJwk>> sixty_four = ParseJwks(Jwks(keys));
  ASSERT_TRUE(sixty_four.ok()) << sixty_four.error();
  EXPECT_TRUE(sixty_four.value().empty());
  EXPECT_EQ(ParseJwks(Jwks(keys + R"(,{"kty":"oct"})")).error(),
            "the JWKS document has 65 keys, more than 64");
}

TEST(JwtJwksTest, JwksJsonRoundTripsThroughParseJwks) {
  const SigningKey es = SigningKey::Generate(SignatureAlgorithm::kEs256);
  const SigningKey ed = SigningKey::Generate(SignatureAlgorithm::kEdDsa);
  StatusOr<std::vector<PublicJwk>> rsa = ParseJwks(Jwks(RsaJwk(R"("kid":"rsa-1",)")));
  ASSERT_TRUE(rsa.ok()) << rsa.error();
  const std::vector<PublicJwk> published = {
      {"es-1", es.PublicKey()}, {"ed-1", ed.PublicKey()}, rsa.value()[0]};
  const std::string json = JwksJson(published);
  EXPECT_THAT(json, HasSubstr(R"("kid":"es-1","kty":"EC","crv":"P-256","x":")"));
  EXPECT_THAT(json, HasSubstr(R"("alg":"EdDSA","use":"sig")"));
  StatusOr<std::vector<PublicJwk>> parsed = ParseJwks(json);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  ASSERT_EQ(parsed.value().size(), published.size());
  for (size_t i = 0; i < published.size(); ++i) {
    const crypto::VerifyingKey& want = published[i].key;
    const crypto::VerifyingKey& got = parsed.value()[i].key;
    EXPECT_EQ(parsed.value()[i].kid, published[i].kid);
    EXPECT_EQ(got.algorithm(), want.algorithm());
    EXPECT_EQ(got.x(), want.x());
    EXPECT_EQ(got.y(), want.y());
    EXPECT_EQ(got.n(), want.n());
    EXPECT_EQ(got.e(), want.e());
  }
  // What the keys sign, the published document verifies.
  const JwkLookup lookup = [&](std::string_view kid) -> const PublicJwk* {
    for (const PublicJwk& jwk : parsed.value()) {
      if (jwk.kid == kid) return &jwk;
    }
    return nullptr;
  };
  EXPECT_TRUE(VerifyJws(SignJwt(ed, "ed-1", "at+jwt", kClaims), lookup).ok());
  EXPECT_TRUE(VerifyJws(SignJwt(es, "es-1", "at+jwt", kClaims), lookup).ok());
  EXPECT_FALSE(VerifyJws(SignJwt(es, "ed-1", "at+jwt", kClaims), lookup).ok());
}

}  // namespace
}  // namespace odmcp
