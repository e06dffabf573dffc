// oauth_clients: Dynamic Client Registration (RFC 7591) on a real GrantStore
// -- public and confidential clients, each refusal with its error code and
// the field it names, the secret kept only hashed, the max_clients bound and
// the room old unused clients make -- and the redirect URI rules: exact
// match, any port for loopback http (RFC 8252), nothing else.
#include "host/auth/server/oauth_clients.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/auth/server/metadata_documents.h"
#include "host/common/json.h"
#include "host/crypto/sha256.h"
#include "host/services/oauth/grant_store.h"
#include "tests/unit/services/tenant_db_test.h"

namespace odmcp {
namespace {

using services_test::RawDb;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kLoopback[] = "http://localhost:3000/callback";
constexpr char kHttps[] = "https://app.example.com/oauth/callback";
constexpr int64_t kDayMs = int64_t{24} * 3600 * 1000;

// The strings of a JSON array member, or nullopt if it is not one.
std::optional<std::vector<std::string>> Strings(const rapidjson::Value& object,
                                                std::string_view key) {
  const rapidjson::Value* array = FindMember(object, key);
  if (array == nullptr || !array->IsArray()) return std::nullopt;
  std::vector<std::string> out;
  for (const rapidjson::Value& v : array->GetArray()) {
    if (!v.IsString()) return std::nullopt;
    out.emplace_back(AsView(v));
  }
  return out;
}

std::string StringMember(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* v = FindMember(object, key);
  return v != nullptr && v->IsString() ? std::string(AsView(*v)) : "(not a string)";
}

// Registration metadata naming `n` https redirect URIs.
std::string ManyUris(int n) {
  std::string uris;
  for (int i = 0; i < n; ++i) {
    uris +=
        std::string(i == 0 ? "" : ",") + "\"https://app.example.com/cb" + std::to_string(i) + "\"";
  }
  return R"({"redirect_uris":[)" + uris + "]}";
}

class OAuthClientsTest : public services_test::TenantDbTest {
 protected:
  void SetUp() override {
    TenantDbTest::SetUp();
    if (HasFatalFailure()) return;
    grants_ = std::make_unique<GrantStore>(*db_, kms_, &clock_, GrantStoreOptions{});
  }

  int64_t NowS() const { return clock_.UnixMillis() / 1000; }

  // Registers `body`, expecting success; returns the response, parsed.
  rapidjson::Document MustRegister(std::string_view body, GrantStore* store = nullptr) {
    Registration r = RegisterClient(store != nullptr ? *store : *grants_, body, NowS());
    EXPECT_FALSE(r.error.has_value())
        << body << ": " << r.error->error << ": " << r.error->description;
    rapidjson::Document doc;
    EXPECT_EQ(ParseJson(r.response_json, doc), std::nullopt) << r.response_json;
    EXPECT_TRUE(doc.IsObject()) << r.response_json;
    return doc;
  }

  std::string MustRegisterId(std::string_view body, GrantStore* store = nullptr) {
    rapidjson::Document doc = MustRegister(body, store);
    return doc.IsObject() ? StringMember(doc, "client_id") : "";
  }

  std::optional<OAuthClient> MustFind(std::string_view client_id) {
    auto found = FindClient(*grants_, nullptr, client_id);
    EXPECT_TRUE(found.ok()) << found.error();
    return found.ok() ? found.value() : std::nullopt;
  }

  int64_t StoredClients() {
    RawDb raw(path_);
    return raw.Int("SELECT COUNT(*) FROM oauth_clients").value_or(-1);
  }

  std::unique_ptr<GrantStore> grants_;
};

// --- Registration ---------------------------------------------------------

TEST_F(OAuthClientsTest, PublicClientRegistersWithoutSecret) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kLoopback + R"(",")" + kHttps +
                           R"("],"token_endpoint_auth_method":"none","client_name":"Claude"})";
  Registration r = RegisterClient(*grants_, body, NowS());
  ASSERT_FALSE(r.error.has_value()) << r.error->description;
  rapidjson::Document doc;
  ASSERT_EQ(ParseJson(r.response_json, doc), std::nullopt) << r.response_json;
  ASSERT_TRUE(doc.IsObject());
  EXPECT_THAT(Strings(doc, "redirect_uris"), ::testing::Optional(ElementsAre(kLoopback, kHttps)));
  EXPECT_EQ(StringMember(doc, "token_endpoint_auth_method"), "none");
  EXPECT_EQ(StringMember(doc, "client_name"), "Claude");
  EXPECT_THAT(StringMember(doc, "client_id"), Not(IsEmpty()));
  EXPECT_NE(StringMember(doc, "client_id"), "(not a string)");
  EXPECT_EQ(FindMember(doc, "client_secret"), nullptr) << r.response_json;
  EXPECT_EQ(FindMember(doc, "client_secret_expires_at"), nullptr) << r.response_json;
  const rapidjson::Value* issued = FindMember(doc, "client_id_issued_at");
  ASSERT_NE(issued, nullptr);
  ASSERT_TRUE(issued->IsInt64());
  EXPECT_EQ(issued->GetInt64(), NowS());
  EXPECT_THAT(Strings(doc, "grant_types"),
              ::testing::Optional(ElementsAre("authorization_code", "refresh_token")));
  EXPECT_THAT(Strings(doc, "response_types"), ::testing::Optional(ElementsAre("code")));
  EXPECT_EQ(StoredClients(), 1);
}

TEST_F(OAuthClientsTest, EachRegistrationGetsItsOwnClientId) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kLoopback +
                           R"("],"token_endpoint_auth_method":"none"})";
  const std::string first = MustRegisterId(body);
  const std::string second = MustRegisterId(body);
  EXPECT_THAT(first, Not(IsEmpty()));
  EXPECT_NE(first, second);
  EXPECT_EQ(StoredClients(), 2);
}

TEST_F(OAuthClientsTest, OmittedAuthMethodMeansConfidentialClientSecretBasic) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kHttps + R"("]})";
  rapidjson::Document doc = MustRegister(body);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(StringMember(doc, "token_endpoint_auth_method"), "client_secret_basic");
  const std::string secret = StringMember(doc, "client_secret");
  EXPECT_NE(secret, "(not a string)");
  EXPECT_GE(secret.size(), 32u) << "a secret should carry at least 128 bits";
  const rapidjson::Value* expires = FindMember(doc, "client_secret_expires_at");
  ASSERT_NE(expires, nullptr);
  ASSERT_TRUE(expires->IsInt64());
  EXPECT_EQ(expires->GetInt64(), 0);

  const std::string client_id = StringMember(doc, "client_id");
  std::optional<OAuthClient> client = MustFind(client_id);
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->auth_method, "client_secret_basic");
  EXPECT_EQ(client->secret_hash, crypto::Sha256(secret));

  // Not a byte of the database holds the secret itself.
  RawDb raw(path_);
  const std::vector<std::string> values = raw.AllValues();
  ASSERT_FALSE(values.empty());
  bool found_client = false;
  for (const std::string& value : values) {
    EXPECT_THAT(value, Not(HasSubstr(secret)));
    if (value == client_id) found_client = true;
  }
  EXPECT_TRUE(found_client) << "AllValues did not see the oauth_clients table";
  EXPECT_THAT(services_test::ReadFileBytes(path_), Not(HasSubstr(secret)));
}

TEST_F(OAuthClientsTest, ClientSecretPostGetsASecret) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kHttps +
                           R"("],"token_endpoint_auth_method":"client_secret_post"})";
  rapidjson::Document doc = MustRegister(body);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(StringMember(doc, "token_endpoint_auth_method"), "client_secret_post");
  const std::string secret = StringMember(doc, "client_secret");
  ASSERT_NE(secret, "(not a string)");
  std::optional<OAuthClient> client = MustFind(StringMember(doc, "client_id"));
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->auth_method, "client_secret_post");
  EXPECT_EQ(client->secret_hash, crypto::Sha256(secret));
}

TEST_F(OAuthClientsTest, TwoConfidentialClientsGetDifferentSecrets) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kHttps + R"("]})";
  rapidjson::Document a = MustRegister(body);
  rapidjson::Document b = MustRegister(body);
  ASSERT_TRUE(a.IsObject() && b.IsObject());
  EXPECT_NE(StringMember(a, "client_secret"), StringMember(b, "client_secret"));
}

TEST_F(OAuthClientsTest, KeepsOnlyWhatItUnderstoodAndEchoesExplicitGrantTypes) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kLoopback +
                           R"("],"token_endpoint_auth_method":"none",)"
                           R"("grant_types":["authorization_code"],"response_types":["code"],)"
                           R"("client_uri":"https://app.example.com","scope":"x","logo_uri":"y"})";
  rapidjson::Document doc = MustRegister(body);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_THAT(Strings(doc, "grant_types"), ::testing::Optional(ElementsAre("authorization_code")));
  EXPECT_EQ(StringMember(doc, "client_uri"), "https://app.example.com");
}

TEST_F(OAuthClientsTest, ClientNameOfTwoHundredBytesIsAccepted) {
  const std::string body = std::string(R"({"redirect_uris":[")") + kLoopback +
                           R"("],"client_name":")" + std::string(200, 'n') + R"("})";
  rapidjson::Document doc = MustRegister(body);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(StringMember(doc, "client_name"), std::string(200, 'n'));
}

TEST_F(OAuthClientsTest, TenRedirectUrisAreAccepted) {
  rapidjson::Document doc = MustRegister(ManyUris(10));
  ASSERT_TRUE(doc.IsObject());
  auto registered = Strings(doc, "redirect_uris");
  ASSERT_TRUE(registered.has_value());
  EXPECT_EQ(registered->size(), 10u);
}

struct Refusal {
  const char* what;
  std::string body;
  const char* error;
  std::vector<const char*> description_names;
};

TEST_F(OAuthClientsTest, RefusesBadMetadataWithItsErrorCodeNamingTheField) {
  const std::string uris = std::string(R"("redirect_uris":[")") + kLoopback + R"("])";
  const std::vector<Refusal> refusals = {
      {"not JSON", "{\"redirect_uris\":", "invalid_client_metadata", {"JSON"}},
      {"empty body", "", "invalid_client_metadata", {"JSON"}},
      {"a JSON array", "[]", "invalid_client_metadata", {"JSON object"}},
      {"a JSON string", "\"x\"", "invalid_client_metadata", {"JSON object"}},
      {"no redirect_uris", R"({"client_name":"x"})", "invalid_redirect_uri", {"redirect_uris"}},
      {"empty redirect_uris", R"({"redirect_uris":[]})", "invalid_redirect_uri", {"redirect_uris"}},
      {"redirect_uris a string",
       R"({"redirect_uris":"https://app.example.com/cb"})",
       "invalid_redirect_uri",
       {"redirect_uris"}},
      {"non-string entry",
       R"({"redirect_uris":["https://app.example.com/cb",42]})",
       "invalid_redirect_uri",
       {"redirect_uris", "string"}},
      {"http non-loopback",
       R"({"redirect_uris":["https://app.example.com/cb","http://app.example.com/cb"]})",
       "invalid_redirect_uri",
       {"redirect_uris[1]", "loopback"}},
      {"http on a name that only starts like localhost",
       R"({"redirect_uris":["http://localhost.evil.example/cb"]})",
       "invalid_redirect_uri",
       {"redirect_uris[0]", "loopback"}},
      {"fragment",
       R"({"redirect_uris":["https://app.example.com/cb#frag"]})",
       "invalid_redirect_uri",
       {"redirect_uris[0]", "fragment"}},
      {"not a URL",
       R"({"redirect_uris":["app.example.com/cb"]})",
       "invalid_redirect_uri",
       {"redirect_uris[0]"}},
      {"custom scheme",
       R"({"redirect_uris":["com.example.app:/cb"]})",
       "invalid_redirect_uri",
       {"redirect_uris[0]"}},
      {"too many URIs", ManyUris(11), "invalid_redirect_uri", {"redirect_uris", "10"}},
      {"unsupported auth method",
       "{" + uris + R"(,"token_endpoint_auth_method":"private_key_jwt"})",
       "invalid_client_metadata",
       {"token_endpoint_auth_method", "private_key_jwt"}},
      {"auth method not a string",
       "{" + uris + R"(,"token_endpoint_auth_method":1})",
       "invalid_client_metadata",
       {"token_endpoint_auth_method"}},
      {"client_credentials grant",
       "{" + uris + R"(,"grant_types":["client_credentials"]})",
       "invalid_client_metadata",
       {"grant_types"}},
      {"implicit grant",
       "{" + uris + R"(,"grant_types":["authorization_code","implicit"]})",
       "invalid_client_metadata",
       {"grant_types"}},
      {"grant_types not an array",
       "{" + uris + R"(,"grant_types":"authorization_code"})",
       "invalid_client_metadata",
       {"grant_types"}},
      {"response type token",
       "{" + uris + R"(,"response_types":["token"]})",
       "invalid_client_metadata",
       {"response_types"}},
      {"two response types",
       "{" + uris + R"(,"response_types":["code","token"]})",
       "invalid_client_metadata",
       {"response_types"}},
      {"response_types a string",
       "{" + uris + R"(,"response_types":"code"})",
       "invalid_client_metadata",
       {"response_types"}},
      {"empty response_types",
       "{" + uris + R"(,"response_types":[]})",
       "invalid_client_metadata",
       {"response_types"}},
      {"client_name too long",
       "{" + uris + R"(,"client_name":")" + std::string(201, 'n') + "\"}",
       "invalid_client_metadata",
       {"client_name", "200"}},
      {"client_name not a string",
       "{" + uris + R"(,"client_name":["x"]})",
       "invalid_client_metadata",
       {"client_name"}},
      {"body too large",
       "{" + uris + R"(,"padding":")" + std::string(17 * 1024, 'p') + "\"}",
       "invalid_client_metadata",
       {"bytes"}},
  };
  for (const Refusal& refusal : refusals) {
    SCOPED_TRACE(refusal.what);
    Registration r = RegisterClient(*grants_, refusal.body, NowS());
    ASSERT_TRUE(r.error.has_value()) << r.response_json;
    EXPECT_EQ(r.error->status, 400);
    EXPECT_EQ(r.error->error, refusal.error) << r.error->description;
    for (const char* name : refusal.description_names) {
      EXPECT_THAT(r.error->description, HasSubstr(name));
    }
    EXPECT_THAT(r.response_json, IsEmpty());
  }
  EXPECT_EQ(StoredClients(), 0) << "a refused registration was stored";
}

TEST_F(OAuthClientsTest, ErrorDescriptionDoesNotEchoALongAuthMethodWhole) {
  const std::string method(1000, 'm');
  Registration r = RegisterClient(*grants_,
                                  std::string(R"({"redirect_uris":[")") + kHttps +
                                      R"("],"token_endpoint_auth_method":")" + method + "\"}",
                                  NowS());
  ASSERT_TRUE(r.error.has_value());
  EXPECT_THAT(r.error->description, Not(HasSubstr(method)));
  EXPECT_LT(r.error->description.size(), 300u);
}

// --- max_clients ----------------------------------------------------------

class OAuthClientsLimitTest : public OAuthClientsTest {
 protected:
  void SetUp() override {
    OAuthClientsTest::SetUp();
    if (HasFatalFailure()) return;
    GrantStoreOptions options;
    options.max_clients = 2;
    limited_ = std::make_unique<GrantStore>(*db_, kms_, &clock_, options);
  }

  std::string Body() const {
    return std::string(R"({"redirect_uris":[")") + kLoopback +
           R"("],"token_endpoint_auth_method":"none"})";
  }

  std::unique_ptr<GrantStore> limited_;
};

TEST_F(OAuthClientsLimitTest, ThirdClientIsRefusedAsTemporarilyUnavailable) {
  EXPECT_THAT(MustRegisterId(Body(), limited_.get()), Not(IsEmpty()));
  clock_.Advance(1000);
  EXPECT_THAT(MustRegisterId(Body(), limited_.get()), Not(IsEmpty()));
  clock_.Advance(1000);
  Registration third = RegisterClient(*limited_, Body(), NowS());
  ASSERT_TRUE(third.error.has_value()) << third.response_json;
  EXPECT_EQ(third.error->error, "temporarily_unavailable");
  EXPECT_EQ(third.error->status, 503);
  EXPECT_THAT(third.error->description, HasSubstr("max_clients"));
  EXPECT_THAT(third.response_json, IsEmpty());
  EXPECT_EQ(StoredClients(), 2);

  // Less than a day later the old clients still hold their places.
  clock_.Advance(kDayMs - 10 * 1000);
  Registration still = RegisterClient(*limited_, Body(), NowS());
  ASSERT_TRUE(still.error.has_value());
  EXPECT_EQ(still.error->error, "temporarily_unavailable");
  EXPECT_EQ(StoredClients(), 2);
}

TEST_F(OAuthClientsLimitTest, ClientsUnusedForADayMakeRoomOldestFirst) {
  const std::string first = MustRegisterId(Body(), limited_.get());
  clock_.Advance(1000);
  const std::string second = MustRegisterId(Body(), limited_.get());
  clock_.Advance(kDayMs);  // the first is a day and a second old, the second a day
  const std::string third = MustRegisterId(Body(), limited_.get());
  EXPECT_THAT(third, Not(IsEmpty()));
  EXPECT_EQ(StoredClients(), 2);
  EXPECT_EQ(MustFind(first), std::nullopt) << "the oldest unused client should make room";
  EXPECT_NE(MustFind(second), std::nullopt);
  EXPECT_NE(MustFind(third), std::nullopt);

  // The second is not more than a day old yet: no room for a fourth.
  Registration fourth = RegisterClient(*limited_, Body(), NowS());
  ASSERT_TRUE(fourth.error.has_value());
  EXPECT_EQ(fourth.error->error, "temporarily_unavailable");
  clock_.Advance(1000);
  EXPECT_THAT(MustRegisterId(Body(), limited_.get()), Not(IsEmpty()));
  EXPECT_EQ(MustFind(second), std::nullopt);
  EXPECT_NE(MustFind(third), std::nullopt);
}

TEST_F(OAuthClientsLimitTest, ClientsThatCompletedAnAuthorizationKeepTheirPlace) {
  const std::shared_ptr<const Tenant> tenant = AddTenant("alice");
  ASSERT_NE(tenant, nullptr);

  const std::string first = MustRegisterId(Body(), limited_.get());
  const std::string second = MustRegisterId(Body(), limited_.get());
  for (const std::string& client : {first, second}) {
    auto code =
        limited_->IssueCode({tenant->id, client, "tools", "https://mcp.example.com"}, kLoopback,
                            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", tenant->vault_key);
    ASSERT_TRUE(code.ok()) << code.error();
  }
  clock_.Advance(2 * kDayMs);
  Registration third = RegisterClient(*limited_, Body(), NowS());
  ASSERT_TRUE(third.error.has_value()) << "a used client was evicted";
  EXPECT_EQ(third.error->error, "temporarily_unavailable");
  EXPECT_NE(MustFind(first), std::nullopt);
  EXPECT_NE(MustFind(second), std::nullopt);
}

// --- FindClient -----------------------------------------------------------

TEST_F(OAuthClientsTest, FindClientReturnsWhatWasRegistered) {
  const std::string id =
      MustRegisterId(std::string(R"({"redirect_uris":[")") + kLoopback + R"(",")" + kHttps +
                     R"("],"token_endpoint_auth_method":"none",)"
                     R"("client_name":"Inspector"})");
  std::optional<OAuthClient> client = MustFind(id);
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->client_id, id);
  EXPECT_EQ(client->name, "Inspector");
  EXPECT_THAT(client->redirect_uris, ElementsAre(kLoopback, kHttps));
  EXPECT_EQ(client->auth_method, "none");
  EXPECT_THAT(client->secret_hash, IsEmpty());
}

TEST_F(OAuthClientsTest, FindClientNamesANamelessClientByItsId) {
  const std::string id = MustRegisterId(std::string(R"({"redirect_uris":[")") + kHttps + R"("]})");
  std::optional<OAuthClient> client = MustFind(id);
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->name, id);
  EXPECT_EQ(client->auth_method, "client_secret_basic");
  EXPECT_EQ(client->secret_hash.size(), crypto::kSha256Size);
}

TEST_F(OAuthClientsTest, FindClientOfAnUnknownIdIsNullopt) {
  MustRegisterId(std::string(R"({"redirect_uris":[")") + kHttps + R"("]})");
  for (std::string_view id : {"unknown", "", "https://app.example.com/client.json"}) {
    auto found = FindClient(*grants_, nullptr, id);
    ASSERT_TRUE(found.ok()) << found.error();
    EXPECT_EQ(found.value(), std::nullopt) << id;
  }
}

TEST_F(OAuthClientsTest, FindClientAsksTheMetadataDocumentsForAUrlOnly) {
  const std::string url = "https://app.example.com/oauth/client.json";
  int fetches = 0;
  MetadataDocuments documents(
      [&](const std::string& fetched) -> StatusOr<FetchedDocument> {
        ++fetches;
        EXPECT_EQ(fetched, url);
        return FetchedDocument{R"({"client_id":")" + url +
                                   R"(","client_name":"Doc client",)"
                                   R"("redirect_uris":[")" +
                                   std::string(kHttps) + R"("]})",
                               ""};
      },
      &clock_);
  auto found = FindClient(*grants_, &documents, url);
  ASSERT_TRUE(found.ok()) << found.error();
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->client_id, url);
  EXPECT_EQ(found.value()->name, "Doc client");
  EXPECT_EQ(fetches, 1);

  const std::string id = MustRegisterId(std::string(R"({"redirect_uris":[")") + kHttps + R"("]})");
  auto registered = FindClient(*grants_, &documents, id);
  ASSERT_TRUE(registered.ok()) << registered.error();
  ASSERT_TRUE(registered.value().has_value());
  EXPECT_EQ(registered.value()->client_id, id);
  auto unknown = FindClient(*grants_, &documents, "unknown");
  ASSERT_TRUE(unknown.ok()) << unknown.error();
  EXPECT_EQ(unknown.value(), std::nullopt);
  EXPECT_EQ(fetches, 1) << "a registered client's id is not a document URL";
}

TEST_F(OAuthClientsTest, FindClientReportsAnUnacceptableDocument) {
  MetadataDocuments documents(
      [](const std::string&) -> StatusOr<FetchedDocument> {
        return Status(ODMCP_UNAVAILABLE, "connection refused");
      },
      &clock_);
  auto found = FindClient(*grants_, &documents, "https://app.example.com/client.json");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_THAT(found.error(), HasSubstr("connection refused"));
}

// --- Redirect URIs --------------------------------------------------------

OAuthClient ClientWith(std::vector<std::string> uris) {
  OAuthClient client;
  client.client_id = "c";
  client.redirect_uris = std::move(uris);
  return client;
}

TEST(OAuthClientsRedirectTest, ExactMatchIsAllowed) {
  const OAuthClient client = ClientWith({kHttps, "https://other.example.com/cb?x=1"});
  EXPECT_TRUE(RedirectUriAllowed(client, kHttps));
  EXPECT_TRUE(RedirectUriAllowed(client, "https://other.example.com/cb?x=1"));
}

TEST(OAuthClientsRedirectTest, AnythingElseThanAnExactHttpsMatchIsRefused) {
  const OAuthClient client = ClientWith({kHttps});
  for (const char* given : {
           "https://app.example.com/oauth/callback/",
           "https://app.example.com/oauth/callback2",
           "https://app.example.com/oauth/other",
           "https://app.example.com/oauth/callback?x=1",
           "https://app.example.com/oauth/callback#x",
           "https://app.example.com:8443/oauth/callback",  // https: the port must match
           "http://app.example.com/oauth/callback",
           "https://evil.example.com/oauth/callback",
           "https://app.example.com.evil.example/oauth/callback",
           "",
       }) {
    EXPECT_FALSE(RedirectUriAllowed(client, given)) << given;
  }
  EXPECT_FALSE(RedirectUriAllowed(ClientWith({}), kHttps));
}

TEST(OAuthClientsRedirectTest, HttpsPortMustMatchEvenOnLoopback) {
  const OAuthClient client = ClientWith({"https://localhost:8443/cb"});
  EXPECT_TRUE(RedirectUriAllowed(client, "https://localhost:8443/cb"));
  EXPECT_FALSE(RedirectUriAllowed(client, "https://localhost:9443/cb"));
  EXPECT_FALSE(RedirectUriAllowed(client, "https://localhost/cb"));
}

TEST(OAuthClientsRedirectTest, LoopbackHttpMayUseAnyPort) {
  const OAuthClient client =
      ClientWith({"http://localhost:3000/callback", "http://127.0.0.1/cb?state=1",
                  "http://[::1]:8080/native"});
  for (const char* given : {
           "http://localhost:3000/callback",
           "http://localhost:51234/callback",
           "http://localhost/callback",
           "http://127.0.0.1/cb?state=1",
           "http://127.0.0.1:9999/cb?state=1",
           "http://[::1]:8080/native",
           "http://[::1]:1/native",
           "http://[::1]/native",
       }) {
    EXPECT_TRUE(RedirectUriAllowed(client, given)) << given;
  }
}

TEST(OAuthClientsRedirectTest, LoopbackHttpMustKeepHostPathAndQuery) {
  const OAuthClient client =
      ClientWith({"http://localhost:3000/callback", "http://127.0.0.1/cb?state=1",
                  "http://[::1]:8080/native"});
  for (const char* given : {
           "http://localhost:51234/other",
           "http://localhost:51234/callback/",
           "http://localhost:51234/callback?x=1",
           "http://localhost:51234/callback#x",
           "http://localhost:51234",
           "http://127.0.0.1:9999/cb?state=2",
           "http://127.0.0.1:9999/cb",
           "https://localhost:3000/callback",
           "http://localhost:3000@evil.example/callback",
           "http://evil.example:3000/callback",
           "http://localhost.evil.example:3000/callback",
           "http://[::1]:8080/other",
       }) {
    EXPECT_FALSE(RedirectUriAllowed(client, given)) << given;
  }
}

TEST(OAuthClientsRedirectTest, LoopbackHostsNeverStandForEachOther) {
  EXPECT_FALSE(
      RedirectUriAllowed(ClientWith({"http://localhost:3000/cb"}), "http://127.0.0.1:3000/cb"));
  EXPECT_FALSE(
      RedirectUriAllowed(ClientWith({"http://localhost:3000/cb"}), "http://[::1]:3000/cb"));
  EXPECT_FALSE(
      RedirectUriAllowed(ClientWith({"http://127.0.0.1:3000/cb"}), "http://localhost:3000/cb"));
  EXPECT_FALSE(
      RedirectUriAllowed(ClientWith({"http://127.0.0.1:3000/cb"}), "http://[::1]:3000/cb"));
  EXPECT_FALSE(
      RedirectUriAllowed(ClientWith({"http://[::1]:3000/cb"}), "http://127.0.0.1:3000/cb"));
}

TEST(OAuthClientsRedirectTest, RedirectHostIsTheHost) {
  EXPECT_EQ(RedirectHost("https://app.example.com/oauth/callback"), "app.example.com");
  EXPECT_EQ(RedirectHost("https://App.Example.COM:8443/cb?x=1"), "app.example.com");
  EXPECT_EQ(RedirectHost("http://localhost:3000/callback"), "localhost");
  EXPECT_EQ(RedirectHost("http://127.0.0.1:5/cb"), "127.0.0.1");
  EXPECT_EQ(RedirectHost("http://[::1]:8080/cb"), "::1");
}

TEST(OAuthClientsRedirectTest, RedirectUriProblemAcceptsHttpsAndLoopbackHttp) {
  for (const char* uri : {
           "https://app.example.com/cb",
           "https://app.example.com:8443/cb?x=1",
           "https://app.example.com",
           "http://localhost:3000/callback",
           "http://localhost/callback",
           "http://127.0.0.1:1234/cb",
           "http://[::1]:8080/cb",
       }) {
    EXPECT_EQ(RedirectUriProblem(uri), "") << uri;
  }
}

TEST(OAuthClientsRedirectTest, RedirectUriProblemSaysWhatIsWrong) {
  EXPECT_THAT(RedirectUriProblem("http://app.example.com/cb"), HasSubstr("loopback"));
  EXPECT_THAT(RedirectUriProblem("http://localhost.evil.example/cb"), HasSubstr("loopback"));
  EXPECT_THAT(RedirectUriProblem("http://127.0.0.1.evil.example/cb"), HasSubstr("loopback"));
  EXPECT_THAT(RedirectUriProblem("http://10.0.0.1/cb"), HasSubstr("loopback"));
  EXPECT_THAT(RedirectUriProblem("https://app.example.com/cb#x"), HasSubstr("fragment"));
  EXPECT_THAT(RedirectUriProblem("http://localhost:3000/cb#"), HasSubstr("fragment"));
  EXPECT_THAT(RedirectUriProblem("https://app.example.com/" + std::string(2100, 'a')),
              HasSubstr("longer than"));
  for (const char* uri :
       {"ftp://app.example.com/cb", "/callback", "app.example.com/cb", "com.example.app:/cb",
        "javascript:alert(1)", "", "https://user:pass@app.example.com/cb",
        "https://app.example.com:x/cb", "https://app.example.com/c\nb"}) {
    EXPECT_NE(RedirectUriProblem(uri), "") << uri;
  }
}

}  // namespace
}  // namespace odmcp
