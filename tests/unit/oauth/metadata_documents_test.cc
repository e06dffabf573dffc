// MetadataDocuments: a client identified by the URL of its Client ID
// Metadata Document, over a fake fetch and a manual clock -- what makes a
// document acceptable (client_id exactly the URL, client_name,
// redirect_uris, public client only), how long an accepted one is kept
// (Cache-Control max-age between a minute and a day, five minutes without
// one, never with no-store), and which URLs may be fetched at all.
#include "host/auth/server/metadata_documents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/manual_clock.h"

namespace odmcp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kUrl[] = "https://app.example.com/oauth/client-metadata.json";
constexpr char kRedirect[] = "http://127.0.0.1:33418/callback";
constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kDayMs = 24 * 60 * kMinuteMs;

std::string Document(std::string_view client_id = kUrl, std::string_view extra = "") {
  return R"({"client_id":")" + std::string(client_id) +
         R"(","client_name":"Example Agent","redirect_uris":[")" + kRedirect +
         R"(","https://app.example.com/cb"])" + std::string(extra) + "}";
}

class MetadataDocumentsTest : public ::testing::Test {
 protected:
  // The documents, fetching through Fetch below.
  MetadataDocuments& Documents() {
    if (!documents_) {
      documents_ = std::make_unique<MetadataDocuments>(
          [this](const std::string& url) -> StatusOr<FetchedDocument> {
            ++fetches_;
            fetched_urls_.push_back(url);
            if (!failure_.empty()) return Status(ODMCP_UNAVAILABLE, failure_);
            return FetchedDocument{body_, cache_control_};
          },
          &clock_);
    }
    return *documents_;
  }

  OAuthClient MustFind(std::string_view url = kUrl) {
    StatusOr<OAuthClient> client = Documents().Find(url);
    EXPECT_TRUE(client.ok()) << client.error();
    return client.ok() ? client.value() : OAuthClient{};
  }

  // The message of the refusal of `url`, or "(accepted)".
  std::string Refusal(std::string_view url = kUrl) {
    StatusOr<OAuthClient> client = Documents().Find(url);
    if (client.ok()) return "(accepted)";
    EXPECT_EQ(client.status().code(), ODMCP_INVALID_ARGUMENT) << client.error();
    return client.error();
  }

  // Finds kUrl `ms` from now and says whether that fetched it anew.
  bool FetchedAfter(int64_t ms) {
    clock_.Advance(ms);
    const int before = fetches_;
    MustFind();
    return fetches_ > before;
  }

  testing::ManualClock clock_;
  std::string body_ = Document();
  std::string cache_control_;
  std::string failure_;
  int fetches_ = 0;
  std::vector<std::string> fetched_urls_;
  std::unique_ptr<MetadataDocuments> documents_;
};

// --- Accepted documents ---------------------------------------------------

TEST_F(MetadataDocumentsTest, ValidDocumentDescribesAPublicClient) {
  OAuthClient client = MustFind();
  EXPECT_EQ(client.client_id, kUrl);
  EXPECT_EQ(client.name, "Example Agent");
  EXPECT_THAT(client.redirect_uris, ElementsAre(kRedirect, "https://app.example.com/cb"));
  EXPECT_EQ(client.auth_method, "none");
  EXPECT_THAT(client.secret_hash, IsEmpty());
  EXPECT_EQ(fetches_, 1);
  EXPECT_THAT(fetched_urls_, ElementsAre(kUrl));
}

TEST_F(MetadataDocumentsTest, AuthMethodNoneAndUnknownMembersAreAccepted) {
  body_ = Document(kUrl, R"(,"token_endpoint_auth_method":"none","logo_uri":"https://x/l.png",)"
                         R"("grant_types":["authorization_code"],"software_id":"agent")");
  OAuthClient client = MustFind();
  EXPECT_EQ(client.auth_method, "none");
  EXPECT_EQ(client.name, "Example Agent");
}

TEST_F(MetadataDocumentsTest, UrlWithAQueryIsItsOwnClientId) {
  const std::string url = "https://app.example.com/clients?id=7";
  body_ = Document(url);
  EXPECT_EQ(MustFind(url).client_id, url);
}

// --- Caching --------------------------------------------------------------

TEST_F(MetadataDocumentsTest, KeptFiveMinutesWithoutCacheControl) {
  MustFind();
  EXPECT_FALSE(FetchedAfter(0));
  EXPECT_FALSE(FetchedAfter(5 * kMinuteMs - kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
  EXPECT_EQ(fetches_, 2);
}

TEST_F(MetadataDocumentsTest, KeptAsLongAsMaxAgeSays) {
  cache_control_ = "public, max-age=600";
  MustFind();
  EXPECT_FALSE(FetchedAfter(599 * kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
  // Kept again after the new fetch, from its time.
  EXPECT_FALSE(FetchedAfter(599 * kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
  EXPECT_EQ(fetches_, 3);
}

TEST_F(MetadataDocumentsTest, MaxAgeIsReadWhateverItsCaseAndPlace) {
  cache_control_ = "must-revalidate,  Max-Age=120 ";
  MustFind();
  EXPECT_FALSE(FetchedAfter(119 * kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
}

TEST_F(MetadataDocumentsTest, ShortMaxAgeIsKeptAMinute) {
  for (const char* cache_control : {"max-age=10", "max-age=0", "max-age=-5"}) {
    SCOPED_TRACE(cache_control);
    cache_control_ = cache_control;
    documents_.reset();
    fetches_ = 0;
    MustFind();
    EXPECT_FALSE(FetchedAfter(59 * kSecondMs));
    EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
  }
}

TEST_F(MetadataDocumentsTest, LongMaxAgeIsKeptADay) {
  cache_control_ = "max-age=31536000";
  MustFind();
  EXPECT_FALSE(FetchedAfter(kDayMs - kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
}

TEST_F(MetadataDocumentsTest, HugeMaxAgeIsKeptADayToo) {
  // Seconds that overflow int64 once turned into milliseconds.
  cache_control_ = "max-age=9223372036854776";
  MustFind();
  EXPECT_FALSE(FetchedAfter(kDayMs - kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
}

TEST_F(MetadataDocumentsTest, UnreadableMaxAgeMeansFiveMinutes) {
  cache_control_ = "max-age=abc";
  MustFind();
  EXPECT_FALSE(FetchedAfter(5 * kMinuteMs - kSecondMs));
  EXPECT_TRUE(FetchedAfter(2 * kSecondMs));
}

TEST_F(MetadataDocumentsTest, NoStoreIsFetchedEveryTime) {
  for (const char* cache_control : {"no-store", "max-age=600, no-store", "No-Store", "no-cache"}) {
    SCOPED_TRACE(cache_control);
    cache_control_ = cache_control;
    documents_.reset();
    fetches_ = 0;
    MustFind();
    MustFind();
    EXPECT_TRUE(FetchedAfter(0));
    EXPECT_EQ(fetches_, 3);
  }
}

TEST_F(MetadataDocumentsTest, EachUrlIsKeptOnItsOwn) {
  const std::string other = "https://other.example.com/client.json";
  MustFind();
  body_ = Document(other);
  EXPECT_EQ(MustFind(other).client_id, other);
  EXPECT_EQ(MustFind(kUrl).client_id, kUrl);
  EXPECT_EQ(MustFind(other).client_id, other);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(MetadataDocumentsTest, ARefusedDocumentIsNotKept) {
  body_ = "{}";
  EXPECT_NE(Refusal(), "(accepted)");
  body_ = Document();
  MustFind();
  EXPECT_EQ(fetches_, 2);
}

TEST_F(MetadataDocumentsTest, AnExpiredDocumentIsNotUsedWhenTheFetchFails) {
  MustFind();
  clock_.Advance(5 * kMinuteMs + kSecondMs);
  failure_ = "connection refused";
  EXPECT_THAT(Refusal(), HasSubstr("connection refused"));
  EXPECT_EQ(fetches_, 2);
}

// --- Refused documents ----------------------------------------------------

TEST_F(MetadataDocumentsTest, ClientIdMustBeTheUrlExactly) {
  for (const std::string& id : {
           std::string(kUrl) + "/",
           std::string("https://app.example.com/oauth/client-metadata.json?x"),
           std::string("https://APP.example.com/oauth/client-metadata.json"),
           std::string("https://app.example.com/oauth/other.json"),
           std::string("https://evil.example.com/oauth/client-metadata.json"),
           std::string(""),
       }) {
    SCOPED_TRACE(id);
    body_ = Document(id);
    EXPECT_THAT(Refusal(), HasSubstr("client_id"));
  }
  // A URL with a trailing slash whose document lacks it.
  body_ = Document(kUrl);
  EXPECT_THAT(Refusal(std::string(kUrl) + "/"), HasSubstr("client_id"));
}

TEST_F(MetadataDocumentsTest, ClientIdMissingOrNotAStringIsRefused) {
  body_ = R"({"client_name":"x","redirect_uris":["https://app.example.com/cb"]})";
  EXPECT_THAT(Refusal(), HasSubstr("client_id"));
  body_ = R"({"client_id":7,"client_name":"x","redirect_uris":["https://app.example.com/cb"]})";
  EXPECT_THAT(Refusal(), HasSubstr("client_id"));
}

TEST_F(MetadataDocumentsTest, ClientNameIsRequired) {
  const std::string start = std::string(R"({"client_id":")") + kUrl + "\",";
  const std::string uris = std::string(R"("redirect_uris":[")") + kRedirect + R"("])";
  for (const std::string& body : {
           start + uris + "}",
           start + R"("client_name":"",)" + uris + "}",
           start + R"("client_name":42,)" + uris + "}",
           start + R"("client_name":")" + std::string(201, 'n') + "\"," + uris + "}",
       }) {
    SCOPED_TRACE(body.substr(0, 120));
    body_ = body;
    EXPECT_THAT(Refusal(), HasSubstr("client_name"));
  }
}

TEST_F(MetadataDocumentsTest, RedirectUrisMustBePresentAndValid) {
  const std::string start =
      std::string(R"({"client_id":")") + kUrl + R"(","client_name":"Example Agent")";
  std::string eleven;
  for (int i = 0; i < 11; ++i) {
    eleven +=
        std::string(i == 0 ? "" : ",") + "\"https://app.example.com/cb" + std::to_string(i) + "\"";
  }
  struct Case {
    std::string members;
    std::vector<const char*> names;
  };
  for (const Case& c : std::vector<Case>{
           {"", {"redirect_uris"}},
           {R"(,"redirect_uris":[])", {"redirect_uris"}},
           {R"(,"redirect_uris":"https://app.example.com/cb")", {"redirect_uris"}},
           {",\"redirect_uris\":[" + eleven + "]", {"redirect_uris"}},
           {R"(,"redirect_uris":["https://app.example.com/cb",5])", {"redirect_uris", "string"}},
           {R"(,"redirect_uris":["https://app.example.com/cb","http://app.example.com/cb"])",
            {"redirect_uris[1]", "loopback"}},
           {R"(,"redirect_uris":["https://app.example.com/cb#x"])",
            {"redirect_uris[0]", "fragment"}},
           {R"(,"redirect_uris":["app.example.com/cb"])", {"redirect_uris[0]"}},
       }) {
    SCOPED_TRACE(c.members.substr(0, 120));
    body_ = start + c.members + "}";
    const std::string refusal = Refusal();
    for (const char* name : c.names) EXPECT_THAT(refusal, HasSubstr(name));
  }
}

TEST_F(MetadataDocumentsTest, OnlyAPublicClientIsAccepted) {
  for (const char* method : {R"("client_secret_basic")", R"("client_secret_post")",
                             R"("private_key_jwt")", R"("")", "null", "1"}) {
    SCOPED_TRACE(method);
    body_ = Document(kUrl, std::string(R"(,"token_endpoint_auth_method":)") + method);
    EXPECT_THAT(Refusal(), HasSubstr("token_endpoint_auth_method"));
  }
}

TEST_F(MetadataDocumentsTest, NonJsonIsRefused) {
  for (const char* body : {"", "<html>hello</html>", "{\"client_id\":", "[]", "\"x\"", "null"}) {
    SCOPED_TRACE(body);
    body_ = body;
    EXPECT_THAT(Refusal(), HasSubstr("JSON"));
  }
}

TEST_F(MetadataDocumentsTest, FetchFailureIsInvalidArgumentSayingWhy) {
  failure_ = "it answered HTTP 404, not 200";
  EXPECT_THAT(Refusal(), HasSubstr("HTTP 404"));
  EXPECT_THAT(Refusal(), HasSubstr("fetched"));
  EXPECT_EQ(fetches_, 2) << "a failed fetch is not kept";
  failure_.clear();
  EXPECT_EQ(MustFind().client_id, kUrl);
}

TEST_F(MetadataDocumentsTest, UnacceptableUrlIsNeverFetched) {
  for (const std::string& url : {
           std::string("http://app.example.com/client.json"),
           std::string("https://app.example.com/"),
           std::string("https://app.example.com"),
           std::string("https://app.example.com/client.json#x"),
           std::string("https://user@app.example.com/client.json"),
           "https://app.example.com/" + std::string(2100, 'a'),
       }) {
    SCOPED_TRACE(url.substr(0, 80));
    body_ = Document(url);
    EXPECT_THAT(Refusal(url), HasSubstr("client_id URL"));
  }
  EXPECT_EQ(fetches_, 0);
}

// --- URLs -----------------------------------------------------------------

TEST(MetadataDocumentsUrlTest, MetadataUrlProblemAcceptsHttpsWithAPath) {
  EXPECT_EQ(MetadataUrlProblem(kUrl), "");
  EXPECT_EQ(MetadataUrlProblem("https://app.example.com/c"), "");
  EXPECT_EQ(MetadataUrlProblem("https://app.example.com:8443/oauth/client.json"), "");
  EXPECT_EQ(MetadataUrlProblem("https://app.example.com/" + std::string(2000, 'a')), "");
}

TEST(MetadataDocumentsUrlTest, MetadataUrlProblemSaysWhatIsWrong) {
  EXPECT_THAT(MetadataUrlProblem("http://app.example.com/client.json"), HasSubstr("https"));
  EXPECT_THAT(MetadataUrlProblem("http://localhost:3000/client.json"), HasSubstr("https"));
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com/"), HasSubstr("path"));
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com"), HasSubstr("path"));
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com/client.json#x"), HasSubstr("fragment"));
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com/#"), HasSubstr("fragment"));
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com/" + std::string(2100, 'a')),
              HasSubstr("longer than"));
  for (const char* url :
       {"", "client-id-1234", "app.example.com/client.json", "ftp://app.example.com/client.json",
        "https://user:pw@app.example.com/client.json",
        "https://app.example.com:99999/client.json"}) {
    EXPECT_NE(MetadataUrlProblem(url), "") << url;
  }
}

TEST(MetadataDocumentsUrlTest, RootPathWithAQueryIsStillTheRootPath) {
  // "a path other than /" (the header): a query does not make one.
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com/?client=1"), HasSubstr("path"));
  EXPECT_THAT(MetadataUrlProblem("https://app.example.com?client=1"), HasSubstr("path"));
}

TEST(MetadataDocumentsUrlTest, IsMetadataUrlTellsUrlsFromRegisteredIds) {
  EXPECT_TRUE(MetadataDocuments::IsMetadataUrl(kUrl));
  EXPECT_TRUE(MetadataDocuments::IsMetadataUrl("https://app.example.com/c"));
  EXPECT_FALSE(MetadataDocuments::IsMetadataUrl("Qm9ndXNJZEZyb21SZWdpc3Ry"));
  EXPECT_FALSE(MetadataDocuments::IsMetadataUrl(""));
  EXPECT_FALSE(MetadataDocuments::IsMetadataUrl("https:"));
  EXPECT_FALSE(MetadataDocuments::IsMetadataUrl("http://app.example.com/client.json"));
  EXPECT_FALSE(MetadataDocuments::IsMetadataUrl("ftp://app.example.com/client.json"));
}

}  // namespace
}  // namespace odmcp
