// AuthorizationServer: the whole authorization code flow through its
// endpoints, as a browser and a client drive it, and each refusal the
// OAuth rules require -- with its error code, and nothing issued.
#include "host/auth/server/authorization_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "host/common/base64.h"
#include "host/common/json.h"
#include "host/common/url_form.h"
#include "host/crypto/sha256.h"
#include "host/services/audit/audit_log.h"
#include "tests/unit/services/tenant_db_test.h"

namespace odmcp {
namespace {

using services_test::RawDb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIssuer[] = "https://mcp.example.com";
constexpr char kResource[] = "https://mcp.example.com/mcp";
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kRedirect[] = "http://localhost:4000/oauth/callback";
constexpr char kAddress[] = "203.0.113.9";

std::string Challenge(std::string_view verifier) {
  return Base64UrlEncode(crypto::Sha256(verifier));
}

std::string Header(const OAuthResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

// The query parameters of a redirect's Location.
std::string LocationParameter(const OAuthResponse& response, std::string_view name) {
  const std::string location = Header(response, "Location");
  const size_t mark = location.find('?');
  if (mark == std::string::npos) return "";
  return UrlFormValue(std::string_view(location).substr(mark + 1), name).value_or("");
}

std::string RequestId(const std::string& html) {
  std::smatch match;
  static const std::regex kHidden(R"re(name="request" value="([^"]+)")re");
  return std::regex_search(html, match, kHidden) ? match[1].str() : "";
}

class AuthorizationServerTest : public services_test::TenantDbTest {
 protected:
  void SetUp() override {
    TenantDbTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NE(AddTenant("alice", &master_key_), nullptr);
    GrantStoreOptions grant_options;
    grant_options.code_ttl_ms = 60000;
    grants_ = std::make_unique<GrantStore>(*db_, kms_, &clock_, grant_options);
    keys_ = std::make_unique<SigningKeys>(*db_, kms_, &clock_, 3600000);
    ASSERT_TRUE(keys_->Load().ok());
    options_.issuer = kIssuer;
    options_.resource = kResource;
    options_.ttl_s = 3600;
    tokens_ =
        std::make_unique<IssuedTokens>(options_, *keys_, *grants_, *tenants_, *db_, kms_, &clock_);
    master_keys_ = std::make_unique<MasterKeyAuthenticator>(*tenants_, MasterKeyAuthOptions{});
    AuditOptions audit_options;
    audit_options.clock = &clock_;
    audit_ = std::make_unique<AuditLog>(*db_, audit_options);
    server_ = std::make_unique<AuthorizationServer>(options_, *grants_, nullptr, *tokens_, *keys_,
                                                    *master_keys_, audit_.get(), &clock_);
  }

  OAuthResponse Call(std::string_view method, std::string_view path, std::string_view query,
                     std::string_view body = "",
                     std::string_view type = "application/x-www-form-urlencoded",
                     std::string_view authorization = "") {
    OAuthRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.body = body;
    request.content_type = type;
    request.authorization = authorization;
    request.client_address = kAddress;
    return server_->Handle(request);
  }

  // Registers a client; returns the registration response.
  rapidjson::Document Register(std::string_view metadata) {
    OAuthResponse response = Call("POST", "/register", "", metadata, "application/json");
    EXPECT_EQ(response.status, 201) << response.body;
    rapidjson::Document doc;
    ParseJson(response.body, doc);
    return doc;
  }

  std::string PublicClient() {
    rapidjson::Document doc = Register(R"({"redirect_uris":["http://localhost:4000/oauth/callback"],
        "token_endpoint_auth_method":"none","client_name":"MCP CLI <Client>"})");
    return doc.HasMember("client_id") ? std::string(AsView(doc["client_id"])) : "";
  }

  std::string AuthorizeQuery(std::string_view client_id, std::string redirect = kRedirect,
                             std::string extra = "&scope=tools%3Aread&state=st-1") {
    return "response_type=code&client_id=" + UrlEncode(client_id) +
           "&redirect_uri=" + UrlEncode(redirect) + "&code_challenge=" + Challenge(kVerifier) +
           "&code_challenge_method=S256&resource=" + UrlEncode(kResource) + extra;
  }

  // Drives the pages as a browser does, allowing; returns the redirect.
  OAuthResponse SignInAndAllow(std::string_view client_id, std::string redirect = kRedirect,
                               std::string decision = "allow") {
    OAuthResponse page = Call("GET", "/authorize", AuthorizeQuery(client_id, redirect));
    EXPECT_EQ(page.status, 200) << page.body;
    const std::string id = RequestId(page.body);
    OAuthResponse consent =
        Call("POST", "/authorize", "", "request=" + id + "&master_key=" + UrlEncode(master_key_));
    EXPECT_EQ(consent.status, 200) << consent.body;
    return Call("POST", "/authorize", "", "request=" + id + "&decision=" + decision);
  }

  OAuthResponse Exchange(std::string_view client_id, std::string_view code,
                         std::string verifier = kVerifier) {
    return Call("POST", "/token", "",
                "grant_type=authorization_code&code=" + UrlEncode(code) +
                    "&code_verifier=" + verifier + "&redirect_uri=" + UrlEncode(kRedirect) +
                    "&client_id=" + UrlEncode(client_id) + "&resource=" + UrlEncode(kResource));
  }

  static std::string Error(const OAuthResponse& response) {
    rapidjson::Document doc;
    if (ParseJson(response.body, doc) || !doc.IsObject() || !doc.HasMember("error")) return "";
    return std::string(AsView(doc["error"]));
  }

  // The audit rows written: "tool outcome" lines.
  std::vector<std::string> AuditLines() {
    audit_->Flush();
    std::vector<std::string> lines;
    RawDb(path_).Query("SELECT tool, outcome, arguments FROM audit_log ORDER BY id", {},
                       [&](sqlite3_stmt* s) {
                         lines.push_back(RawDb::ColumnBytes(s, 0) + " " + RawDb::ColumnBytes(s, 1) +
                                         " " + RawDb::ColumnBytes(s, 2));
                       });
    return lines;
  }

  std::string master_key_;
  std::unique_ptr<GrantStore> grants_;
  std::unique_ptr<SigningKeys> keys_;
  IssuedTokenOptions options_;
  std::unique_ptr<IssuedTokens> tokens_;
  std::unique_ptr<MasterKeyAuthenticator> master_keys_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AuthorizationServer> server_;
};

TEST_F(AuthorizationServerTest, TheMetadataNamesEveryEndpointAndWhatItSupports) {
  OAuthResponse response = Call("GET", "/.well-known/oauth-authorization-server", "");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  rapidjson::Document doc;
  ASSERT_FALSE(ParseJson(response.body, doc));
  EXPECT_EQ(AsView(doc["issuer"]), kIssuer);
  EXPECT_EQ(AsView(doc["authorization_endpoint"]), "https://mcp.example.com/authorize");
  EXPECT_EQ(AsView(doc["token_endpoint"]), "https://mcp.example.com/token");
  EXPECT_EQ(AsView(doc["registration_endpoint"]), "https://mcp.example.com/register");
  EXPECT_EQ(AsView(doc["revocation_endpoint"]), "https://mcp.example.com/revoke");
  EXPECT_EQ(AsView(doc["jwks_uri"]), "https://mcp.example.com/jwks");
  EXPECT_EQ(ToJson(doc["code_challenge_methods_supported"]), R"(["S256"])");
  EXPECT_EQ(ToJson(doc["response_types_supported"]), R"(["code"])");
  EXPECT_TRUE(doc["authorization_response_iss_parameter_supported"].GetBool());
  EXPECT_FALSE(doc["client_id_metadata_document_supported"].GetBool());

  OAuthResponse jwks = Call("GET", "/jwks", "");
  ASSERT_EQ(jwks.status, 200);
  auto parsed = ParseJwks(jwks.body);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed.value().size(), 1u);
  EXPECT_EQ(Call("POST", "/jwks", "").status, 405);
  EXPECT_EQ(Call("PUT", "/authorize", "").status, 405);
  EXPECT_EQ(IssuerOf("https://mcp.example.com:8443/mcp"), "https://mcp.example.com:8443");
  EXPECT_EQ(IssuerOf("ftp://x/mcp"), "");
}

TEST_F(AuthorizationServerTest, ThePagesNameTheClientItsRedirectHostAndTheScopes) {
  const std::string client = PublicClient();
  OAuthResponse page = Call("GET", "/authorize", AuthorizeQuery(client));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(page.body, HasSubstr("MCP CLI &lt;Client&gt;"));
  EXPECT_THAT(page.body, Not(HasSubstr("<Client>")));
  EXPECT_THAT(page.body, HasSubstr("localhost"));
  EXPECT_THAT(page.body, HasSubstr("tools:read"));
  EXPECT_THAT(page.body, HasSubstr(R"(name="master_key")"));
  EXPECT_THAT(Header(page, "Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(Header(page, "Cache-Control"), "no-store");
  // Not no-referrer: a browser would then post the form with Origin "null".
  EXPECT_EQ(Header(page, "Referrer-Policy"), "same-origin");

  const std::string id = RequestId(page.body);
  OAuthResponse wrong = Call("POST", "/authorize", "", "request=" + id + "&master_key=wrong");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_THAT(wrong.body, HasSubstr("opens no tenant"));
  // Allow before signing in is not a consent.
  OAuthResponse early = Call("POST", "/authorize", "", "request=" + id + "&decision=allow");
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(Header(early, "Location"), "");

  OAuthResponse consent =
      Call("POST", "/authorize", "", "request=" + id + "&master_key=" + UrlEncode(master_key_));
  ASSERT_EQ(consent.status, 200);
  EXPECT_THAT(consent.body, HasSubstr("alice"));
  EXPECT_THAT(consent.body, HasSubstr(R"(name="decision" value="allow")"));
  EXPECT_THAT(consent.body, HasSubstr(R"(name="decision" value="deny")"));
  EXPECT_THAT(consent.body, Not(HasSubstr(master_key_)));
}

TEST_F(AuthorizationServerTest, TheCodeFlowIssuesAnAccessTokenAndARefreshToken) {
  const std::string client = PublicClient();
  OAuthResponse redirect = SignInAndAllow(client);
  ASSERT_EQ(redirect.status, 302);
  EXPECT_THAT(Header(redirect, "Location"), ::testing::StartsWith(std::string(kRedirect) + "?"));
  EXPECT_EQ(LocationParameter(redirect, "state"), "st-1");
  EXPECT_EQ(LocationParameter(redirect, "iss"), kIssuer);
  const std::string code = LocationParameter(redirect, "code");
  ASSERT_FALSE(code.empty());

  OAuthResponse tokens = Exchange(client, code);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(tokens.content_type, "application/json");
  EXPECT_EQ(Header(tokens, "Cache-Control"), "no-store");
  rapidjson::Document doc;
  ASSERT_FALSE(ParseJson(tokens.body, doc));
  EXPECT_EQ(AsView(doc["token_type"]), "Bearer");
  EXPECT_EQ(doc["expires_in"].GetInt(), 3600);
  EXPECT_EQ(AsView(doc["scope"]), "tools:read");
  auto holder = tokens_->Verify(AsView(doc["access_token"]), true);
  ASSERT_TRUE(holder.ok()) << holder.error();
  EXPECT_EQ(holder.value().tenant->name, "alice");

  OAuthResponse refreshed = Call("POST", "/token", "",
                                 "grant_type=refresh_token&client_id=" + UrlEncode(client) +
                                     "&refresh_token=" + UrlEncode(AsView(doc["refresh_token"])));
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  rapidjson::Document next;
  ASSERT_FALSE(ParseJson(refreshed.body, next));
  EXPECT_NE(AsView(next["refresh_token"]), AsView(doc["refresh_token"]));
  EXPECT_TRUE(tokens_->Verify(AsView(next["access_token"]), true).ok());

  const std::vector<std::string> audit = AuditLines();
  ASSERT_GE(audit.size(), 5u);
  for (const std::string& line : audit) {
    EXPECT_EQ(line.find(code), std::string::npos);
    EXPECT_EQ(line.find(master_key_), std::string::npos);
    EXPECT_EQ(line.find(std::string(AsView(doc["refresh_token"]))), std::string::npos);
  }
  EXPECT_THAT(audit, ::testing::Contains(HasSubstr("oauth.sign_in ok")));
  EXPECT_THAT(audit, ::testing::Contains(HasSubstr("oauth.consent ok")));
  EXPECT_THAT(audit, ::testing::Contains(HasSubstr("oauth.token ok")));
  EXPECT_THAT(audit, ::testing::Contains(HasSubstr("oauth.refresh ok")));
}

TEST_F(AuthorizationServerTest, AnUnknownClientOrRedirectUriGetsAPageNeverARedirect) {
  const std::string client = PublicClient();
  OAuthResponse unknown = Call("GET", "/authorize", AuthorizeQuery("no-such-client"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Header(unknown, "Location"), "");
  OAuthResponse elsewhere =
      Call("GET", "/authorize", AuthorizeQuery(client, "https://attacker.example/cb"));
  EXPECT_EQ(elsewhere.status, 400);
  EXPECT_EQ(Header(elsewhere, "Location"), "");
  EXPECT_THAT(elsewhere.body, HasSubstr("not one the application registered"));
  // A native client's loopback redirect may come back on another port.
  OAuthResponse other_port =
      Call("GET", "/authorize", AuthorizeQuery(client, "http://localhost:51234/oauth/callback"));
  EXPECT_EQ(other_port.status, 200);
  OAuthResponse other_host =
      Call("GET", "/authorize", AuthorizeQuery(client, "http://127.0.0.1:4000/oauth/callback"));
  EXPECT_EQ(other_host.status, 400);
}

TEST_F(AuthorizationServerTest, OtherBadRequestsGoBackToTheClientWithTheirErrorStateAndIss) {
  const std::string client = PublicClient();
  struct Case {
    std::string query;
    std::string error;
  };
  const std::string base = "client_id=" + client + "&redirect_uri=" + UrlEncode(kRedirect) +
                           "&state=s&resource=" + UrlEncode(kResource);
  const std::string pkce =
      "&code_challenge=" + Challenge(kVerifier) + "&code_challenge_method=S256";
  for (const Case& c : {
           Case{base + "&response_type=token" + pkce, "unsupported_response_type"},
           Case{base + "&response_type=code", "invalid_request"},
           Case{base + "&response_type=code&code_challenge=" + Challenge(kVerifier) +
                    "&code_challenge_method=plain",
                "invalid_request"},
           Case{base + "&response_type=code&code_challenge=short&code_challenge_method=S256",
                "invalid_request"},
           Case{"client_id=" + client + "&redirect_uri=" + UrlEncode(kRedirect) +
                    "&state=s&response_type=code&resource=https%3A%2F%2Fother.example%2Fmcp" + pkce,
                "invalid_target"},
           Case{base + "&response_type=code&scope=openid%20profile" + pkce, "invalid_scope"},
       }) {
    OAuthResponse response = Call("GET", "/authorize", c.query);
    EXPECT_EQ(response.status, 302) << c.query;
    EXPECT_EQ(LocationParameter(response, "error"), c.error) << c.query;
    EXPECT_EQ(LocationParameter(response, "state"), "s") << c.query;
    EXPECT_EQ(LocationParameter(response, "iss"), kIssuer) << c.query;
    EXPECT_EQ(LocationParameter(response, "code"), "") << c.query;
  }
}

TEST_F(AuthorizationServerTest, DenyingSendsAccessDeniedAndNoCode) {
  OAuthResponse redirect = SignInAndAllow(PublicClient(), kRedirect, "deny");
  ASSERT_EQ(redirect.status, 302);
  EXPECT_EQ(LocationParameter(redirect, "error"), "access_denied");
  EXPECT_EQ(LocationParameter(redirect, "state"), "st-1");
  EXPECT_EQ(LocationParameter(redirect, "iss"), kIssuer);
  EXPECT_EQ(LocationParameter(redirect, "code"), "");
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM oauth_codes"), 0);
}

TEST_F(AuthorizationServerTest, APkceMismatchIsInvalidGrantAndIssuesNothing) {
  const std::string client = PublicClient();
  const std::string code = LocationParameter(SignInAndAllow(client), "code");
  OAuthResponse refused = Exchange(client, code, "wrong-verifier-wrong-verifier-wrong-verifier-x");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Error(refused), "invalid_grant");
  EXPECT_THAT(refused.body, HasSubstr("code_verifier"));
  EXPECT_THAT(refused.body, Not(HasSubstr("access_token")));
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM oauth_refresh_tokens"), 0);
}

TEST_F(AuthorizationServerTest, AReusedCodeIsRefusedAndTheTokensFromItRevoked) {
  const std::string client = PublicClient();
  const std::string code = LocationParameter(SignInAndAllow(client), "code");
  OAuthResponse first = Exchange(client, code);
  ASSERT_EQ(first.status, 200);
  rapidjson::Document doc;
  ParseJson(first.body, doc);
  const std::string access(AsView(doc["access_token"]));
  ASSERT_TRUE(tokens_->Verify(access, true).ok());

  OAuthResponse second = Exchange(client, code);
  EXPECT_EQ(second.status, 400);
  EXPECT_EQ(Error(second), "invalid_grant");
  auto after = tokens_->Verify(access, true);
  ASSERT_FALSE(after.ok());
  EXPECT_THAT(after.error(), HasSubstr("revoked"));
}

TEST_F(AuthorizationServerTest, AnExpiredCodeIsInvalidGrant) {
  const std::string client = PublicClient();
  const std::string code = LocationParameter(SignInAndAllow(client), "code");
  clock_.Advance(60000);
  OAuthResponse refused = Exchange(client, code);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Error(refused), "invalid_grant");
  EXPECT_THAT(refused.body, HasSubstr("expired"));
}

TEST_F(AuthorizationServerTest, ACodeIsBoundToItsClientAndRedirectUri) {
  const std::string client = PublicClient();
  const std::string other = PublicClient();
  std::string code = LocationParameter(SignInAndAllow(client), "code");
  OAuthResponse stolen = Exchange(other, code);
  EXPECT_EQ(Error(stolen), "invalid_grant");
  EXPECT_THAT(stolen.body, HasSubstr("another client"));

  code = LocationParameter(SignInAndAllow(client), "code");
  OAuthResponse moved =
      Call("POST", "/token", "",
           "grant_type=authorization_code&code=" + UrlEncode(code) + "&code_verifier=" + kVerifier +
               "&redirect_uri=" + UrlEncode("http://localhost:4000/other") +
               "&client_id=" + UrlEncode(client));
  EXPECT_EQ(Error(moved), "invalid_grant");
}

TEST_F(AuthorizationServerTest, AReusedRefreshTokenRevokesTheWholeFamily) {
  const std::string client = PublicClient();
  OAuthResponse tokens = Exchange(client, LocationParameter(SignInAndAllow(client), "code"));
  rapidjson::Document first;
  ParseJson(tokens.body, first);
  auto refresh = [&](std::string_view token) {
    return Call("POST", "/token", "",
                "grant_type=refresh_token&client_id=" + UrlEncode(client) +
                    "&refresh_token=" + UrlEncode(token));
  };
  OAuthResponse rotated = refresh(AsView(first["refresh_token"]));
  ASSERT_EQ(rotated.status, 200);
  rapidjson::Document second;
  ParseJson(rotated.body, second);

  OAuthResponse replay = refresh(AsView(first["refresh_token"]));
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(Error(replay), "invalid_grant");
  EXPECT_EQ(Error(refresh(AsView(second["refresh_token"]))), "invalid_grant");
  EXPECT_FALSE(tokens_->Verify(AsView(second["access_token"]), true).ok());
}

TEST_F(AuthorizationServerTest, ARefreshMayNarrowTheScopeButNeverWidenIt) {
  const std::string client = PublicClient();
  rapidjson::Document doc;  // a grant of tools:read
  ParseJson(Exchange(client, LocationParameter(SignInAndAllow(client), "code")).body, doc);
  auto refresh = [&](std::string_view scope, std::string_view token) {
    return Call("POST", "/token", "",
                "grant_type=refresh_token&scope=" + UrlEncode(scope) +
                    "&client_id=" + UrlEncode(client) + "&refresh_token=" + UrlEncode(token));
  };
  OAuthResponse narrowed = refresh("orders:read", AsView(doc["refresh_token"]));
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  rapidjson::Document next;
  ParseJson(narrowed.body, next);
  EXPECT_EQ(AsView(next["scope"]), "orders:read");
  OAuthResponse widened = refresh("tools:write", AsView(next["refresh_token"]));
  EXPECT_EQ(Error(widened), "invalid_scope");
  EXPECT_THAT(widened.body, HasSubstr("tools:read"));
  // The refused refresh did not use the token up.
  EXPECT_EQ(refresh("tools:read", AsView(next["refresh_token"])).status, 200);
}

TEST_F(AuthorizationServerTest, RevocationEndsTheGrantAndAlwaysAnswers200) {
  const std::string client = PublicClient();
  OAuthResponse tokens = Exchange(client, LocationParameter(SignInAndAllow(client), "code"));
  rapidjson::Document doc;
  ParseJson(tokens.body, doc);
  const std::string access(AsView(doc["access_token"]));
  ASSERT_TRUE(tokens_->Verify(access, true).ok());
  OAuthResponse revoked =
      Call("POST", "/revoke", "", "token=" + UrlEncode(access) + "&client_id=" + UrlEncode(client));
  EXPECT_EQ(revoked.status, 200);
  EXPECT_FALSE(tokens_->Verify(access, true).ok());
  EXPECT_EQ(Error(Call("POST", "/token", "",
                       "grant_type=refresh_token&client_id=" + UrlEncode(client) +
                           "&refresh_token=" + UrlEncode(AsView(doc["refresh_token"])))),
            "invalid_grant");
  EXPECT_EQ(Call("POST", "/revoke", "", "token=unknown&client_id=" + UrlEncode(client)).status,
            200);
  EXPECT_THAT(AuditLines(), ::testing::Contains(HasSubstr("oauth.revoke ok")));
}

TEST_F(AuthorizationServerTest, AConfidentialClientMustAuthenticateWithItsSecret) {
  rapidjson::Document registered =
      Register(R"({"redirect_uris":["http://localhost:4000/oauth/callback"]})");
  ASSERT_TRUE(registered.HasMember("client_secret"));
  EXPECT_EQ(AsView(registered["token_endpoint_auth_method"]), "client_secret_basic");
  const std::string id(AsView(registered["client_id"]));
  const std::string secret(AsView(registered["client_secret"]));
  const std::string code = LocationParameter(SignInAndAllow(id), "code");

  OAuthResponse without = Exchange(id, code);
  EXPECT_EQ(without.status, 401);
  EXPECT_EQ(Error(without), "invalid_client");
  const std::string form = "grant_type=authorization_code&code=" + UrlEncode(code) +
                           "&code_verifier=" + kVerifier + "&redirect_uri=" + UrlEncode(kRedirect);
  OAuthResponse wrong = Call("POST", "/token", "", form, "application/x-www-form-urlencoded",
                             "Basic " + Base64Encode(id + ":wrong"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Header(wrong, "WWW-Authenticate"), "Basic realm=\"orderdesk-mcp\"");
  // The refused attempts did not use the code up.
  OAuthResponse basic = Call("POST", "/token", "", form, "application/x-www-form-urlencoded",
                             "Basic " + Base64Encode(id + ":" + secret));
  EXPECT_EQ(basic.status, 200) << basic.body;
}

TEST_F(AuthorizationServerTest, MalformedTokenRequestsAreRefusedWithTheirCodes) {
  const std::string client = PublicClient();
  EXPECT_EQ(Error(Call("POST", "/token", "", "grant_type=password&client_id=" + client)),
            "unsupported_grant_type");
  EXPECT_EQ(Error(Call("POST", "/token", "", "grant_type=authorization_code&client_id=" + client)),
            "invalid_request");
  OAuthResponse json = Call("POST", "/token", "", "{}", "application/json");
  EXPECT_EQ(Error(json), "invalid_request");
  EXPECT_EQ(
      Error(Call("POST", "/token", "",
                 "grant_type=refresh_token&grant_type=authorization_code&client_id=" + client)),
      "invalid_request");
  EXPECT_EQ(Error(Call("POST", "/token", "", "grant_type=refresh_token&client_id=nobody")),
            "invalid_client");
  EXPECT_EQ(Call("POST", "/register", "", "{}", "application/json").status, 400);
  EXPECT_EQ(Error(Call("POST", "/register", "", "{}", "application/json")), "invalid_redirect_uri");
}

TEST_F(AuthorizationServerTest, TooManyWrongKeysFromOneAddressAreRefusedWith429) {
  const std::string client = PublicClient();
  const std::string id = RequestId(Call("GET", "/authorize", AuthorizeQuery(client)).body);
  int last = 0;
  for (int i = 0; i < 12; ++i) {
    last =
        Call("POST", "/authorize", "", "request=" + id + "&master_key=wrong-" + std::to_string(i))
            .status;
  }
  EXPECT_EQ(last, 429);
}

TEST_F(AuthorizationServerTest, OneAddressCannotFillTheRegistryOrThePendingSignIns) {
  const std::string metadata = R"({"redirect_uris":["https://app.example/cb"],
      "token_endpoint_auth_method":"none"})";
  for (int i = 0; i < AuthorizationServer::kRegistrationsPerHour; ++i) {
    ASSERT_EQ(Call("POST", "/register", "", metadata, "application/json").status, 201) << i;
  }
  OAuthResponse refused = Call("POST", "/register", "", metadata, "application/json");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(Error(refused), "temporarily_unavailable");
  EXPECT_FALSE(Header(refused, "Retry-After").empty());
  EXPECT_THAT(AuditLines(), ::testing::Contains(HasSubstr("rate limited")));
  // The allowance comes back at its rate: one registration each 3 minutes.
  clock_.Advance(2 * 3600 * 1000 / AuthorizationServer::kRegistrationsPerHour);
  EXPECT_EQ(Call("POST", "/register", "", metadata, "application/json").status, 201);

  const std::string client = PublicClient();
  for (int i = 0; i < AuthorizationServer::kSignInsPer10Minutes; ++i) {
    ASSERT_EQ(Call("GET", "/authorize", AuthorizeQuery(client)).status, 200) << i;
  }
  OAuthResponse busy = Call("GET", "/authorize", AuthorizeQuery(client));
  EXPECT_EQ(busy.status, 429);
  EXPECT_EQ(Header(busy, "Location"), "");
  EXPECT_FALSE(Header(busy, "Retry-After").empty());
}

TEST_F(AuthorizationServerTest, ASignInPageExpires) {
  const std::string id = RequestId(Call("GET", "/authorize", AuthorizeQuery(PublicClient())).body);
  clock_.Advance(AuthorizationServer::kPendingMs);
  OAuthResponse late =
      Call("POST", "/authorize", "", "request=" + id + "&master_key=" + UrlEncode(master_key_));
  EXPECT_EQ(late.status, 400);
  EXPECT_THAT(late.body, HasSubstr("expired"));
}

}  // namespace
}  // namespace odmcp
