// plugin.hpp's ParseDocument: what a plugin parses from outside (settings,
// an upstream service's replies) is bounded in depth like the host's input.
#include <gtest/gtest.h>
#include <odmcp/plugin.hpp>

namespace odmcp {
namespace {

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(ParseDocumentTest, ParsesAnObject) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseDocument(R"({"order":{"id":"1001"}})", doc));
  EXPECT_EQ(doc["order"]["id"], "1001");
}

TEST(ParseDocumentTest, RefusesWhatIsNotJsonAndLeavesNull) {
  rapidjson::Document doc;
  EXPECT_FALSE(ParseDocument(R"({"order":)", doc));
  EXPECT_TRUE(doc.IsNull());
}

TEST(ParseDocumentTest, RefusesNestingBeyondTheLimitWithoutRecursing) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseDocument(Nested(kMaxJsonDepth), doc));
  EXPECT_FALSE(ParseDocument(Nested(kMaxJsonDepth + 1), doc));
  EXPECT_FALSE(ParseDocument(Nested(1000000), doc));
  EXPECT_TRUE(doc.IsNull());
}

}  // namespace
}  // namespace odmcp
