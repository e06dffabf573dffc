// JsonSchema: validation messages name the field and what was expected,
// never echo string values, and 2020-12 local $refs resolve.
#include "host/common/json_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::optional<std::string> Check(const std::string& schema, const std::string& value) {
  StatusOr<std::unique_ptr<JsonSchema>> compiled = JsonSchema::Compile(schema);
  EXPECT_TRUE(compiled.ok());
  rapidjson::Document doc;
  doc.Parse(value.c_str());
  EXPECT_FALSE(doc.HasParseError()) << value;
  return compiled.value()->Validate(doc);
}

const char* kOrderSchema = R"({"type":"object","properties":{
  "limit":{"type":"integer","minimum":1,"maximum":500},
  "status":{"type":"string","enum":["open","closed"]},
  "note":{"type":"string","maxLength":5},
  "address":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
  "items":{"type":"array","items":{"type":"integer"}}},
  "required":["limit"],"additionalProperties":false})";

TEST(JsonSchemaTest, ValidValuePasses) {
  EXPECT_EQ(Check(kOrderSchema, R"({"limit":50,"status":"open","items":[1,2]})"), std::nullopt);
}

TEST(JsonSchemaTest, MissingRequiredPropertyIsNamed) {
  EXPECT_EQ(Check(kOrderSchema, "{}"), "\"limit\" is required but missing");
}

TEST(JsonSchemaTest, NestedMissingPropertyHasItsPath) {
  EXPECT_EQ(Check(kOrderSchema, R"({"limit":1,"address":{}})"),
            "\"address.city\" is required but missing");
}

TEST(JsonSchemaTest, WrongTypeNamesBothTypes) {
  EXPECT_EQ(Check(kOrderSchema, R"({"limit":"5"})"), "\"limit\" must be integer, got string");
}

TEST(JsonSchemaTest, BoundsAreStated) {
  EXPECT_EQ(Check(kOrderSchema, R"({"limit":501})"), "\"limit\" must be at most 500, got 501");
  EXPECT_EQ(Check(kOrderSchema, R"({"limit":0})"), "\"limit\" must be at least 1, got 0");
}

TEST(JsonSchemaTest, EnumListsTheOptionsWithoutEchoingTheValue) {
  std::optional<std::string> m = Check(kOrderSchema, R"({"limit":1,"status":"s3cret-token"})");
  ASSERT_TRUE(m);
  EXPECT_THAT(*m, HasSubstr("\"status\" must be one of \"open\", \"closed\""));
  EXPECT_THAT(*m, Not(HasSubstr("s3cret-token")));
}

TEST(JsonSchemaTest, LengthLimitIsStatedWithoutEchoingTheValue) {
  std::optional<std::string> m = Check(kOrderSchema, R"({"limit":1,"note":"hunter2-secret"})");
  ASSERT_TRUE(m);
  EXPECT_THAT(*m, HasSubstr("\"note\" must be at most 5 characters long"));
  EXPECT_THAT(*m, Not(HasSubstr("hunter2")));
}

TEST(JsonSchemaTest, UnexpectedPropertyIsNamedWithTheAcceptedOnes) {
  std::optional<std::string> m = Check(kOrderSchema, R"({"limit":1,"colour":"red"})");
  ASSERT_TRUE(m);
  EXPECT_THAT(*m, HasSubstr("\"colour\" is not an accepted property"));
  EXPECT_THAT(*m, HasSubstr("limit"));
}

TEST(JsonSchemaTest, ArrayItemsHaveIndexedPaths) {
  EXPECT_EQ(Check(kOrderSchema, R"({"limit":1,"items":[1,"x"]})"),
            "\"items[1]\" must be integer, got string");
}

TEST(JsonSchemaTest, RootIsNamedByWhatItIs) {
  EXPECT_EQ(Check(R"({"type":"object"})", "[]"), "the arguments must be object, got array");
}

TEST(JsonSchemaTest, LocalDefsReferencesResolve) {
  const char* schema = R"({"$schema":"https://json-schema.org/draft/2020-12/schema",
    "type":"object","$defs":{"address":{"type":"object","properties":{"city":{"type":"string"}}}},
    "properties":{"address":{"$ref":"#/$defs/address"}}})";
  EXPECT_EQ(Check(schema, R"({"address":{"city":"Oslo"}})"), std::nullopt);
  EXPECT_EQ(Check(schema, R"({"address":{"city":7}})"),
            "\"address.city\" must be string, got integer");
}

TEST(JsonSchemaTest, CompileRejectsWhatIsNotASchemaObject) {
  EXPECT_FALSE(JsonSchema::Compile("{").ok());
  EXPECT_FALSE(JsonSchema::Compile("[]").ok());
}

TEST(JsonSchemaTest, PatternsGiveTheRightVerdictUnderConcurrentValidation) {
  // RapidJSON 1.1 keeps a regular expression's matching state in the
  // schema; tool calls validate one tool's arguments from many threads.
  StatusOr<std::unique_ptr<JsonSchema>> compiled = JsonSchema::Compile(
      R"({"type":"object","properties":{"id":{"type":"string","pattern":"^[0-9]{1,20}$"}}})");
  ASSERT_TRUE(compiled.ok());
  const JsonSchema& schema = *compiled.value();
  rapidjson::Document digits;
  digits.Parse(R"({"id":"200001"})");
  rapidjson::Document letters;
  letters.Parse(R"({"id":"20000x"})");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (schema.Validate(digits).has_value()) ++wrong;
        if (!schema.Validate(letters).has_value()) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace odmcp
