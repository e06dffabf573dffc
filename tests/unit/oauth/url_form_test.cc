// url_form: decoding application/x-www-form-urlencoded text ('+' as a
// space, %XX, malformed escapes refused, empty pairs skipped, order kept),
// looking a value up, and percent-encoding every byte but the unreserved
// ones so that encoding then decoding gives every byte back.
#include "host/common/url_form.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace odmcp {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(UrlFormTest, DecodesPlusAsSpaceAndPercentEscapes) {
  auto pairs = ParseUrlForm("greeting=hello+world&path=%2Fa%2fb%20c&plus=%2B");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_THAT(*pairs, ElementsAre(Pair("greeting", "hello world"), Pair("path", "/a/b c"),
                                  Pair("plus", "+")));
}

TEST(UrlFormTest, DecodesNamesToo) {
  auto pairs = ParseUrlForm("a+b%3Dc=1");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_THAT(*pairs, ElementsAre(Pair("a b=c", "1")));
}

TEST(UrlFormTest, DecodesNonAsciiAndNulBytes) {
  auto pairs = ParseUrlForm("v=%C3%A9%00%FF");
  ASSERT_TRUE(pairs.has_value());
  ASSERT_EQ(pairs->size(), 1u);
  EXPECT_EQ((*pairs)[0].second, std::string("\xC3\xA9\0\xFF", 4));
}

TEST(UrlFormTest, KeepsOrderAndRepeatedNames) {
  auto pairs = ParseUrlForm("z=1&a=2&z=3&m=4");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_THAT(*pairs, ElementsAre(Pair("z", "1"), Pair("a", "2"), Pair("z", "3"), Pair("m", "4")));
}

TEST(UrlFormTest, SkipsEmptyPairs) {
  auto pairs = ParseUrlForm("&&a=1&&b=2&");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_THAT(*pairs, ElementsAre(Pair("a", "1"), Pair("b", "2")));
}

TEST(UrlFormTest, EmptyTextHasNoPairs) {
  auto pairs = ParseUrlForm("");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_TRUE(pairs->empty());
}

TEST(UrlFormTest, PairWithoutEqualsHasEmptyValue) {
  auto pairs = ParseUrlForm("flag&a=1&other");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_THAT(*pairs, ElementsAre(Pair("flag", ""), Pair("a", "1"), Pair("other", "")));
}

TEST(UrlFormTest, OnlyTheFirstEqualsSplits) {
  auto pairs = ParseUrlForm("a=b=c&=v&n=");
  ASSERT_TRUE(pairs.has_value());
  EXPECT_THAT(*pairs, ElementsAre(Pair("a", "b=c"), Pair("", "v"), Pair("n", "")));
}

TEST(UrlFormTest, RefusesBadPercentSequences) {
  for (const char* text : {"a=%", "a=%4", "a=%G1", "a=%1G", "a=%zz", "a=%%41", "a=% 1", "a=%+1",
                           "a=%-1", "a=1%", "%=1", "%4=1", "ok=1&bad=%x", "a=%4&b=2"}) {
    EXPECT_EQ(ParseUrlForm(text), std::nullopt) << text;
  }
}

TEST(UrlFormTest, PercentAtTheVeryEndOfAValueBeforeAnAmpersandIsRefused) {
  // The escape may not borrow the '&' or what follows it.
  EXPECT_EQ(ParseUrlForm("a=%4&1=x"), std::nullopt);
  EXPECT_EQ(ParseUrlForm("a=%&41"), std::nullopt);
}

TEST(UrlFormTest, ValueOfFindsTheDecodedValue) {
  const std::string text =
      "grant_type=authorization_code&redirect_uri=http%3A%2F%2Flocalhost%3A"
      "3000%2Fcb&code_verifier=a+b&empty=&flag";
  EXPECT_THAT(UrlFormValue(text, "grant_type"), Optional(std::string("authorization_code")));
  EXPECT_THAT(UrlFormValue(text, "redirect_uri"),
              Optional(std::string("http://localhost:3000/cb")));
  EXPECT_THAT(UrlFormValue(text, "code_verifier"), Optional(std::string("a b")));
  EXPECT_THAT(UrlFormValue(text, "empty"), Optional(std::string("")));
  EXPECT_THAT(UrlFormValue(text, "flag"), Optional(std::string("")));
  EXPECT_EQ(UrlFormValue(text, "missing"), std::nullopt);
  EXPECT_EQ(UrlFormValue(text, "grant"), std::nullopt);
  EXPECT_EQ(UrlFormValue("", "a"), std::nullopt);
}

TEST(UrlFormTest, ValueOfMatchesTheDecodedName) {
  EXPECT_THAT(UrlFormValue("client%5Fid=x", "client_id"), Optional(std::string("x")));
  EXPECT_THAT(UrlFormValue("a+b=1", "a b"), Optional(std::string("1")));
}

TEST(UrlFormTest, ValueOfIsTheFirstOfRepeatedNames) {
  EXPECT_THAT(UrlFormValue("a=1&a=2", "a"), Optional(std::string("1")));
}

TEST(UrlFormTest, ValueOfAnUndecodableValueIsNullopt) {
  EXPECT_EQ(UrlFormValue("a=%zz", "a"), std::nullopt);
  EXPECT_EQ(UrlFormValue("b=1&a=%4", "a"), std::nullopt);
}

TEST(UrlFormTest, EncodeLeavesUnreservedBytesAlone) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_EQ(UrlEncode(unreserved), unreserved);
  EXPECT_EQ(UrlEncode(""), "");
}

TEST(UrlFormTest, EncodeEscapesEveryOtherByteAsUpperCaseHex) {
  EXPECT_EQ(UrlEncode(" "), "%20");
  EXPECT_EQ(UrlEncode("+"), "%2B");
  EXPECT_EQ(UrlEncode("a b&c=d/e?f#g%h"), "a%20b%26c%3Dd%2Fe%3Ff%23g%25h");
  EXPECT_EQ(UrlEncode(std::string("\0\xff\x7f", 3)), "%00%FF%7F");
  EXPECT_EQ(UrlEncode("\xC3\xA9"), "%C3%A9");
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    const std::string encoded = UrlEncode(std::string(1, c));
    if (unreserved) {
      EXPECT_EQ(encoded, std::string(1, c)) << byte;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const std::string expected = {'%', kHex[byte >> 4], kHex[byte & 15]};
      EXPECT_EQ(encoded, expected) << byte;
    }
  }
}

TEST(UrlFormTest, EveryByteSurvivesEncodeThenDecode) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) all += static_cast<char>(byte);
  // One value holding every byte, and a pair per byte, named by it.
  std::string text = "all=" + UrlEncode(all);
  Pairs expected = {{"all", all}};
  for (int byte = 0; byte < 256; ++byte) {
    const std::string one(1, static_cast<char>(byte));
    text += "&" + UrlEncode(one) + "=" + UrlEncode(one + one);
    expected.emplace_back(one, one + one);
  }
  auto pairs = ParseUrlForm(text);
  ASSERT_TRUE(pairs.has_value());
  EXPECT_EQ(*pairs, expected);
  EXPECT_THAT(UrlFormValue(text, "all"), Optional(all));
  EXPECT_THAT(UrlFormValue(text, "&"), Optional(std::string("&&")));
  EXPECT_THAT(UrlFormValue(text, "="), Optional(std::string("==")));
  EXPECT_THAT(UrlFormValue(text, "+"), Optional(std::string("++")));
}

}  // namespace
}  // namespace odmcp
