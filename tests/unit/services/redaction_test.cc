// Redaction: secret names, JSON redaction at any depth, text scrubbing, and
// the process-wide SecretRegistry as the Logger's last net.
#include "host/services/redaction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <stdio.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "host/services/log.h"

namespace odmcp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Whether two JSON texts mean the same (same DOM; member order matters, as
// redaction keeps it).
::testing::AssertionResult SameJson(const std::string& actual, const std::string& expected) {
  rapidjson::Document a;
  rapidjson::Document e;
  a.Parse(actual.data(), actual.size());
  e.Parse(expected.data(), expected.size());
  if (a.HasParseError()) return ::testing::AssertionFailure() << "not JSON: " << actual;
  if (e.HasParseError()) return ::testing::AssertionFailure() << "bad expectation: " << expected;
  if (a != e) return ::testing::AssertionFailure() << actual << "\n  expected: " << expected;
  return ::testing::AssertionSuccess();
}

// A Logger writing to memory; Text() is everything written so far.
class MemoryLog {
 public:
  MemoryLog() : file_(open_memstream(&buffer_, &size_)) {}
  MemoryLog(const MemoryLog&) = delete;
  MemoryLog& operator=(const MemoryLog&) = delete;
  ~MemoryLog() {
    if (file_ != nullptr) fclose(file_);
    free(buffer_);
  }
  FILE* file() { return file_; }
  std::string Text() {
    fflush(file_);
    return buffer_ != nullptr ? std::string(buffer_, size_) : std::string();
  }

 private:
  char* buffer_ = nullptr;
  size_t size_ = 0;
  FILE* file_;
};

TEST(IsSecretNameTest, NamesThatHoldSecrets) {
  for (const char* name :
       {"api_key", "API-KEY", "apiKey", "ApiKey", "x-api-key", "Authorization", "authorization",
        "Proxy-Authorization", "password", "PASSWORD", "db_password", "secret", "client_secret",
        "token", "access_token", "refresh_token", "credential", "credentials", "master_key",
        "private_key", "kms", "kms_key", "KMS_KEY"}) {
    EXPECT_TRUE(IsSecretName(name)) << name;
  }
}

TEST(IsSecretNameTest, OrdinaryNames) {
  for (const char* name : {"store", "store_id", "name", "url", "limit", "order_id", "key",
                           "api", "master", "pass", "auth", ""}) {
    EXPECT_FALSE(IsSecretName(name)) << name;
  }
}

// Matching is by case-insensitive substring: camelCase spellings are caught,
// and so are names that merely contain a listed word ("tokens_used"):
// redacting too much is the safe mistake.
TEST(IsSecretNameTest, DocumentedEdgeCases) {
  EXPECT_TRUE(IsSecretName("masterKey"));
  EXPECT_TRUE(IsSecretName("privateKey"));
  EXPECT_TRUE(IsSecretName("MASTER_KEY"));
  EXPECT_TRUE(IsSecretName("tokens_used"));
  EXPECT_TRUE(IsSecretName("secretary"));
}

TEST(RedactJsonTest, ReplacesSecretNamedValuesAtAnyDepthAndInArrays) {
  const std::string input = R"({
    "store": "shop-eu",
    "limit": 50,
    "ratio": 1.5,
    "password": "hunter2",
    "auth": {
      "Authorization": "Bearer abc.def",
      "nested": {"api_key": 12345, "list": [{"token": "t-1"}, {"ok": "visible"}]}
    },
    "items": [{"client_secret": {"deep": "object"}}, "plain", 3, null, true, false, [[{"x-api-key": ["a"]}]]],
    "unicode": "caf\u00e9 \u2713",
    "empty": {},
    "none": []
  })";
  const std::string expected = R"({
    "store": "shop-eu",
    "limit": 50,
    "ratio": 1.5,
    "password": "[redacted]",
    "auth": {
      "Authorization": "[redacted]",
      "nested": {"api_key": "[redacted]", "list": [{"token": "[redacted]"}, {"ok": "visible"}]}
    },
    "items": [{"client_secret": "[redacted]"}, "plain", 3, null, true, false, [[{"x-api-key": "[redacted]"}]]],
    "unicode": "caf\u00e9 \u2713",
    "empty": {},
    "none": []
  })";
  const std::string output = RedactJson(input);
  EXPECT_TRUE(SameJson(output, expected));
  EXPECT_THAT(output, Not(HasSubstr("hunter2")));
  EXPECT_THAT(output, Not(HasSubstr("abc.def")));
  EXPECT_THAT(output, Not(HasSubstr("t-1")));
  EXPECT_THAT(output, Not(HasSubstr("object")));
}

TEST(RedactJsonTest, LeavesJsonWithoutSecretsAsItMeans) {
  const std::string input =
      R"({"a":[1,2.25,-3e2,"x",{"b":null}],"c":"line\nbreak \"quoted\" \\ slash","d":true})";
  EXPECT_TRUE(SameJson(RedactJson(input), input));
  EXPECT_TRUE(SameJson(RedactJson("[1,2,3]"), "[1,2,3]"));
  EXPECT_TRUE(SameJson(RedactJson(R"("just a string")"), R"("just a string")"));
}

TEST(RedactJsonTest, ScrubsGivenSecretsFromEveryString) {
  const std::vector<std::string> secrets = {"s3cr3t-value-0001"};
  const std::string output = RedactJson(
      R"({"note":"sent s3cr3t-value-0001 twice: s3cr3t-value-0001","list":["xs3cr3t-value-0001y"],"n":1})",
      secrets);
  EXPECT_TRUE(SameJson(output,
                       R"({"note":"sent [redacted] twice: [redacted]","list":["x[redacted]y"],"n":1})"));
}

TEST(RedactJsonTest, TextThatIsNotJsonIsScrubbedAsText) {
  EXPECT_EQ(RedactJson("login failed for s3cr3t-value-0002 {", {"s3cr3t-value-0002"}),
            "login failed for [redacted] {");
  EXPECT_EQ(RedactJson("", {}), "");
}

TEST(ScrubTextTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(ScrubText("abcSECRETdefSECRETSECRET SECRET", {"SECRET"}),
            "abc[redacted]def[redacted][redacted] [redacted]");
  EXPECT_EQ(ScrubText("one two three", {"one", "three"}), "[redacted] two [redacted]");
  EXPECT_EQ(ScrubText("aaaa", {"aa"}), "[redacted][redacted]");
  EXPECT_EQ(ScrubText("nothing here", {"absent"}), "nothing here");
  EXPECT_EQ(ScrubText("nothing here", {""}), "nothing here");  // empty secrets ignored
  EXPECT_EQ(ScrubText("", {"x"}), "");
  EXPECT_EQ(ScrubText("SECRET", {}), "SECRET");
}

TEST(SecretValuesInTest, CollectsStringValuesOfSecretNamedMembers) {
  rapidjson::Document args;
  args.Parse(R"({"Authorization":"Bearer a","x":{"list":[{"api_key":"b"}]},"token":5,"store":"c"})");
  EXPECT_THAT(SecretValuesIn(args), ElementsAre("Bearer a", "b"));
  rapidjson::Document plain;
  plain.Parse(R"({"store":"c","limit":5})");
  EXPECT_THAT(SecretValuesIn(plain), IsEmpty());
}

TEST(RedactJsonTest, AParsedValueIsRedactedLikeItsText) {
  const char* text = R"({"api_key":"k-0123456789abc","store":"1001","nested":{"password":"p"}})";
  rapidjson::Document parsed;
  parsed.Parse(text);
  EXPECT_EQ(RedactJson(parsed), RedactJson(text));
  EXPECT_EQ(RedactJson(parsed), R"({"api_key":"[redacted]","store":"1001","nested":{"password":"[redacted]"}})");
}

TEST(SecretRegistryTest, AShortStringIsIgnoredALongOneIsScrubbedFromTheLog) {
  SecretRegistry& registry = SecretRegistry::Process();
  const std::string short_one = "short-1234";  // < kMinLength
  ASSERT_LT(short_one.size(), SecretRegistry::kMinLength);
  const std::string long_one = "sk_live_RegistryTest_0123456789";
  registry.Add(short_one);
  registry.Add(long_one);
  registry.Add(long_one);  // twice is once
  EXPECT_FALSE(registry.empty());
  EXPECT_EQ(registry.Scrub("a " + short_one + " b"), "a " + short_one + " b");
  EXPECT_EQ(registry.Scrub("a " + long_one + " b " + long_one), "a [redacted] b [redacted]");

  MemoryLog memory;
  ASSERT_NE(memory.file(), nullptr);
  Logger logger(memory.file(), ODMCP_LOG_DEBUG);
  logger.Info("calling with " + long_one + " and " + short_one,
              {{"header", "Bearer " + long_one}, {"store", "shop-eu"}, {"password", "hunter2-pw"}});
  const std::string text = memory.Text();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // one line
  EXPECT_THAT(text, Not(HasSubstr(long_one)));
  EXPECT_THAT(text, Not(HasSubstr("hunter2-pw")));
  EXPECT_THAT(text, HasSubstr("calling with [redacted] and " + short_one));
  EXPECT_THAT(text, HasSubstr(R"("header":"Bearer [redacted]")"));
  EXPECT_THAT(text, HasSubstr(R"("store":"shop-eu")"));
  EXPECT_THAT(text, HasSubstr(R"("password":"[redacted]")"));
  EXPECT_THAT(text, HasSubstr(R"("level":"info")"));

  // RedactJson consults the registry as well.
  EXPECT_TRUE(SameJson(RedactJson(R"({"note":")" + long_one + R"("})"),
                       R"({"note":"[redacted]"})"));
}

TEST(SecretRegistryTest, KeepsTheNewestSecretsUpToItsCapacity) {
  SecretRegistry& registry = SecretRegistry::Process();
  auto secret = [](size_t i) { return "capacity-test-secret-" + std::to_string(i) + "-end"; };
  for (size_t i = 0; i <= SecretRegistry::kCapacity; ++i) registry.Add(secret(i));
  EXPECT_EQ(registry.Scrub(secret(0) + "!"), secret(0) + "!");  // the oldest went
  EXPECT_EQ(registry.Scrub(secret(1) + "!"), "[redacted]!");
  EXPECT_EQ(registry.Scrub(secret(SecretRegistry::kCapacity)), "[redacted]");
}

TEST(LoggerTest, LevelsBelowTheMinimumAreNotWritten) {
  MemoryLog memory;
  ASSERT_NE(memory.file(), nullptr);
  Logger logger(memory.file(), ODMCP_LOG_WARNING);
  logger.Info("quiet");
  EXPECT_EQ(memory.Text(), "");
  logger.Error("loud");
  EXPECT_THAT(memory.Text(), HasSubstr(R"("msg":"loud")"));
}

TEST(LoggerTest, LongValuesAreCutAtACharacterSayingHowMuchWasLeftOut) {
  MemoryLog memory;
  ASSERT_NE(memory.file(), nullptr);
  Logger logger(memory.file(), ODMCP_LOG_DEBUG);
  // 1,023 ASCII bytes, then two-byte characters: the cut falls inside one.
  std::string long_value(Logger::kMaxValueBytes - 1, 'a');
  for (int i = 0; i < 100; ++i) long_value += "\u00e9";
  logger.Warning(std::string(5000, 'm'), {{"host", long_value}});
  const std::string text = memory.Text();
  EXPECT_LT(text.size(), 2 * Logger::kMaxValueBytes + 200);
  EXPECT_THAT(text, HasSubstr(std::string(Logger::kMaxValueBytes, 'm') + "... (3976 more bytes)"));
  EXPECT_THAT(text, HasSubstr(std::string(Logger::kMaxValueBytes - 1, 'a') + "... (200 more bytes)"));
  EXPECT_TRUE(rapidjson::Document().Parse(text.c_str()).IsObject()) << "the line is valid JSON";
}

TEST(LoggerTest, ASecretAcrossTheCutIsScrubbedNotHalved) {
  const std::string secret = "sk_live_AcrossTheCut_0123456789";
  SecretRegistry::Process().Add(secret);
  MemoryLog memory;
  ASSERT_NE(memory.file(), nullptr);
  Logger logger(memory.file(), ODMCP_LOG_DEBUG);
  logger.Info("x", {{"value", std::string(Logger::kMaxValueBytes - 10, 'v') + secret}});
  EXPECT_THAT(memory.Text(), Not(HasSubstr("sk_live_Ac")));
  EXPECT_THAT(memory.Text(), HasSubstr("[redacted]"));
}

}  // namespace
}  // namespace odmcp
