// JwksSource: when an identity provider's keys are fetched, and how often a
// token naming an unknown key can make the host fetch them again.
#include "host/auth/jwks_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "host/crypto/signature.h"
#include "tests/support/manual_clock.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://idp.example.com";
constexpr int64_t kRefreshMs = 3600000;
constexpr int64_t kMinRefetchMs = 30000;

// A provider whose documents the test sets; counts the fetches of each URL.
class FakeProvider {
 public:
  std::map<std::string, std::string> documents;
  std::map<std::string, int> fetches;

  JwksSource::Fetch AsFetch() {
    return [this](const std::string& url) -> StatusOr<std::string> {
      ++fetches[url];
      auto it = documents.find(url);
      if (it == documents.end()) return Status(ODMCP_UNAVAILABLE, "answered HTTP 404, not 200");
      return it->second;
    };
  }
};

std::string Jwks(const std::vector<std::string>& kids) {
  std::vector<PublicJwk> keys;
  for (const std::string& kid : kids) {
    keys.push_back(
        {kid, crypto::SigningKey::Generate(crypto::SignatureAlgorithm::kEs256).PublicKey()});
  }
  return JwksJson(keys);
}

class JwksSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<JwksSource> Source(std::string jwks_uri) {
    JwksSourceOptions options;
    options.issuer = kIssuer;
    options.jwks_uri = std::move(jwks_uri);
    options.refresh_ms = kRefreshMs;
    options.min_refetch_ms = kMinRefetchMs;
    return std::make_unique<JwksSource>(options, provider_.AsFetch(), &clock_);
  }

  // Whether `source` has key `kid` now (a fetch failure fails the test).
  bool Has(JwksSource& source, const std::string& kid) {
    auto key = source.Key(kid);
    EXPECT_TRUE(key.ok()) << key.error();
    return key.ok() && key.value() != nullptr && key.value()->kid == kid;
  }

  FakeProvider provider_;
  testing::ManualClock clock_;
  const std::string jwks_url_ = std::string(kIssuer) + "/jwks";
  const std::string discovery_url_ = std::string(kIssuer) + "/.well-known/openid-configuration";
};

TEST_F(JwksSourceTest, KeysAreFetchedOnFirstUseAndKeptUntilTheRefreshPeriodEnds) {
  provider_.documents[jwks_url_] = Jwks({"k1", "k2"});
  std::unique_ptr<JwksSource> source = Source(jwks_url_);
  EXPECT_TRUE(provider_.fetches.empty());
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_TRUE(Has(*source, "k2"));
  clock_.Advance(kRefreshMs - 1);
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_EQ(provider_.fetches[jwks_url_], 1);
  clock_.Advance(1);
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_EQ(provider_.fetches[jwks_url_], 2);
}

TEST_F(JwksSourceTest, AnUnknownKidRefetchesAtMostOncePerMinimumInterval) {
  provider_.documents[jwks_url_] = Jwks({"k1"});
  std::unique_ptr<JwksSource> source = Source(jwks_url_);
  ASSERT_TRUE(Has(*source, "k1"));
  // The provider rotates: the first token with the new key fetches.
  provider_.documents[jwks_url_] = Jwks({"k2"});
  EXPECT_TRUE(Has(*source, "k2"));
  EXPECT_EQ(provider_.fetches[jwks_url_], 2);
  // Made-up kids: no fetch until the interval has passed, then one.
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(source->Key("made-up-" + std::to_string(i)).value(), nullptr);
  EXPECT_EQ(provider_.fetches[jwks_url_], 2);
  clock_.Advance(kMinRefetchMs);
  EXPECT_EQ(source->Key("made-up").value(), nullptr);
  EXPECT_EQ(source->Key("made-up").value(), nullptr);
  EXPECT_EQ(provider_.fetches[jwks_url_], 3);
  EXPECT_TRUE(Has(*source, "k2"));  // known keys still answer at once
  EXPECT_EQ(provider_.fetches[jwks_url_], 3);
}

TEST_F(JwksSourceTest, TheJwksAddressIsDiscoveredFromTheIssuerItMustName) {
  provider_.documents[discovery_url_] =
      std::string(R"({"issuer":")") + kIssuer + R"(","jwks_uri":")" + jwks_url_ + R"("})";
  provider_.documents[jwks_url_] = Jwks({"k1"});
  std::unique_ptr<JwksSource> source = Source("");
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_EQ(provider_.fetches[discovery_url_], 1);

  provider_.documents[discovery_url_] =
      R"({"issuer":"https://evil.example.com","jwks_uri":"https://evil.example.com/jwks"})";
  std::unique_ptr<JwksSource> misled = Source("");
  auto key = misled->Key("k1");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), ODMCP_UNAVAILABLE);
  EXPECT_THAT(key.error(), HasSubstr("names another issuer"));
}

TEST_F(JwksSourceTest, AFailedFetchKeepsTheKeysHeldAndIsNotRetriedAtOnce) {
  provider_.documents[jwks_url_] = Jwks({"k1"});
  std::unique_ptr<JwksSource> source = Source(jwks_url_);
  ASSERT_TRUE(Has(*source, "k1"));
  provider_.documents[jwks_url_] = "not json";
  clock_.Advance(kRefreshMs);
  EXPECT_TRUE(Has(*source, "k1"));  // the refresh failed; the old keys stand
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_EQ(provider_.fetches[jwks_url_], 2);
  clock_.Advance(kMinRefetchMs);
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_EQ(provider_.fetches[jwks_url_], 3);
}

TEST_F(JwksSourceTest, WithoutAnyKeysAProviderDownIsUnavailableAndRetriedAfterTheInterval) {
  std::unique_ptr<JwksSource> source = Source(jwks_url_);
  auto first = source->Key("k1");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), ODMCP_UNAVAILABLE);
  EXPECT_THAT(first.error(), HasSubstr("404"));
  EXPECT_FALSE(source->Key("k1").ok());
  EXPECT_EQ(provider_.fetches[jwks_url_], 1);
  provider_.documents[jwks_url_] = Jwks({"k1"});
  clock_.Advance(kMinRefetchMs);
  EXPECT_TRUE(Has(*source, "k1"));
  EXPECT_EQ(provider_.fetches[jwks_url_], 2);
}

}  // namespace
}  // namespace odmcp
