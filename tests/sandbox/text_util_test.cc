// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/text_util.h"

#include "gtest/gtest.h"

namespace odmcp::sandbox {
namespace {

TEST(TextUtilTest, FormatsCentsExactly) {
  EXPECT_EQ(FormatCentsShort(1000), "10");
  EXPECT_EQ(FormatCentsShort(1050), "10.5");
  EXPECT_EQ(FormatCentsShort(2117), "21.17");
  EXPECT_EQ(FormatCentsShort(7), "0.07");
  EXPECT_EQ(FormatCentsShort(-170), "-1.7");
  EXPECT_EQ(FormatCentsFixed(170), "1.70");
  EXPECT_EQ(FormatCentsFixed(0), "0.00");
  EXPECT_EQ(ToCents(21.17), 2117);
  EXPECT_EQ(ToCents(0.1 + 0.2), 30);
  EXPECT_EQ(FormatDecimal(0.8), "0.8");
  EXPECT_EQ(FormatDecimal(2.0), "2");
}

TEST(TextUtilTest, ParsesStrictIntegers) {
  int64_t value = 0;
  EXPECT_TRUE(ParseInt64("500", &value));
  EXPECT_EQ(value, 500);
  EXPECT_TRUE(ParseInt64("-3", &value));
  for (const char* text : {"", "+5", " 5", "5 ", "5.0", "1e3", "0x10", "99999999999999999999"}) {
    EXPECT_FALSE(ParseInt64(text, &value)) << text;
  }
}

TEST(TextUtilTest, ComparesIgnoringAsciiCase) {
  EXPECT_TRUE(EqualsIgnoreCase("Shopify", "SHOPIFY"));
  EXPECT_FALSE(EqualsIgnoreCase("Shopify", "Shopif"));
  EXPECT_TRUE(ContainsIgnoreCase("800 Emmet St", "emmet"));
  EXPECT_FALSE(ContainsIgnoreCase("800 Emmet St", "emmett"));
  EXPECT_LT(CompareIgnoreCase("apple", "Banana"), 0);
}

TEST(TextUtilTest, SplitsCommaLists) {
  const std::vector<std::string_view> pieces = SplitCommaList(" 1004, 1009,,1010 ");
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0], "1004");
  EXPECT_EQ(pieces[2], "1010");
}

TEST(TextUtilTest, Utf8HandlingNeverSplitsOrPassesInvalidSequences) {
  EXPECT_EQ(TruncateUtf8("caf\xc3\xa9!", 4), "caf");
  EXPECT_EQ(TruncateUtf8("caf\xc3\xa9!", 5), "caf\xc3\xa9");
  EXPECT_EQ(SanitizeUtf8("ok \xc3\xa9 \xff \xc3 \xe2\x82\xac"), "ok \xc3\xa9 ? ? \xe2\x82\xac");
  EXPECT_EQ(SanitizeUtf8("\xc0\xaf"), "??");  // overlong '/'
  EXPECT_EQ(SanitizeUtf8("\xed\xa0\x80"), "???");  // a surrogate
}

}  // namespace
}  // namespace odmcp::sandbox
