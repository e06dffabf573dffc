// ParseJson: RapidJSON without recursion, and with a nesting limit that a
// hostile document cannot pass.
#include "host/common/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace odmcp {
namespace {

using ::testing::HasSubstr;

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonTest, ParsesAValue) {
  rapidjson::Document doc;
  ASSERT_EQ(ParseJson(R"( {"a":[1,"two",{"b":null}]} )", doc), std::nullopt);
  EXPECT_EQ(doc["a"][1], "two");
}

TEST(JsonTest, SaysWhereTextIsNotJson) {
  rapidjson::Document doc;
  std::optional<JsonParseError> error = ParseJson(R"({"a":1,})", doc);
  ASSERT_TRUE(error);
  EXPECT_FALSE(error->too_deep);
  EXPECT_EQ(error->offset, 7u);
  EXPECT_TRUE(doc.IsNull());
  ASSERT_TRUE(ParseJson("{} {}", doc));
  EXPECT_THAT(ParseJson("{} {}", doc)->message, HasSubstr("root"));
}

TEST(JsonTest, NestingUpToTheLimitParsesAndOneMoreLevelIsRefused) {
  rapidjson::Document doc;
  EXPECT_EQ(ParseJson(Nested(kMaxJsonDepth), doc), std::nullopt);
  std::optional<JsonParseError> error = ParseJson(Nested(kMaxJsonDepth + 1), doc);
  ASSERT_TRUE(error);
  EXPECT_TRUE(error->too_deep);
  EXPECT_EQ(error->offset, static_cast<size_t>(kMaxJsonDepth));
  EXPECT_THAT(error->message, HasSubstr("deeper than 128 levels"));
}

TEST(JsonTest, AMillionLevelsAreRefusedWithoutExhaustingTheStack) {
  rapidjson::Document doc;
  std::optional<JsonParseError> error = ParseJson(Nested(1000000), doc);
  ASSERT_TRUE(error);
  EXPECT_TRUE(error->too_deep);
  // Unbalanced, as an attacker sends it: still refused at the limit.
  EXPECT_TRUE(ParseJson(std::string(1000000, '{'), doc)->offset < 1000000u);
}

}  // namespace
}  // namespace odmcp
