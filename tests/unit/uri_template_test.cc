// UriTemplate: which templates are accepted (with the reason for each that
// is not) and what URIs match, with which values.
#include "host/plugins/uri_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using Values = std::vector<std::pair<std::string, std::string>>;

UriTemplate Parsed(std::string_view text) {
  StatusOr<UriTemplate> parsed = UriTemplate::Parse(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  return std::move(parsed).value();
}

std::string ParseError(std::string_view text) {
  StatusOr<UriTemplate> parsed = UriTemplate::Parse(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error();
}

TEST(UriTemplateTest, MatchesEachVariableUpToTheNextSlashOrLiteral) {
  UriTemplate t = Parsed("orderdesk://stores/{store}/orders/{id}");
  EXPECT_EQ(t.variables(), (std::vector<std::string>{"store", "id"}));
  EXPECT_EQ(t.Match("orderdesk://stores/1001/orders/200001"),
            (Values{{"store", "1001"}, {"id", "200001"}}));
  EXPECT_EQ(t.Match("orderdesk://stores/Main%20Shop/orders/7"),
            (Values{{"store", "Main%20Shop"}, {"id", "7"}}));
}

TEST(UriTemplateTest, RejectsUrisThatDoNotFitExactly) {
  UriTemplate t = Parsed("orderdesk://stores/{store}/settings");
  EXPECT_FALSE(t.Match("orderdesk://stores/1001/folders"));
  EXPECT_FALSE(t.Match("orderdesk://stores//settings")) << "a value is never empty";
  EXPECT_FALSE(t.Match("orderdesk://stores/10/01/settings")) << "values never hold '/'";
  EXPECT_FALSE(t.Match("orderdesk://stores/1001/settings/more"));
  EXPECT_FALSE(t.Match("other://stores/1001/settings"));
}

TEST(UriTemplateTest, ALiteralSuffixEndsAVariable) {
  UriTemplate t = Parsed("file:///{name}.json");
  EXPECT_EQ(t.Match("file:///orders.json"), (Values{{"name", "orders"}}));
  EXPECT_FALSE(t.Match("file:///orders.xml"));
}

TEST(UriTemplateTest, ATemplateWithoutVariablesMatchesOnlyItself) {
  UriTemplate t = Parsed("test://static");
  EXPECT_EQ(t.Match("test://static"), Values{});
  EXPECT_FALSE(t.Match("test://static2"));
}

TEST(UriTemplateTest, RefusesWhatIsNotASimpleTemplate) {
  EXPECT_THAT(ParseError(""), HasSubstr("empty"));
  EXPECT_THAT(ParseError("a://{x"), HasSubstr("never closed"));
  EXPECT_THAT(ParseError("a://x}"), HasSubstr("closes nothing"));
  EXPECT_THAT(ParseError("a://{}"), HasSubstr("not a simple variable"));
  EXPECT_THAT(ParseError("a://{+path}"), HasSubstr("no RFC 6570 operators"));
  EXPECT_THAT(ParseError("a://{?q}"), HasSubstr("no RFC 6570 operators"));
  EXPECT_THAT(ParseError("a://{x}/{x}"), HasSubstr("used twice"));
  EXPECT_THAT(ParseError("a://{x}{y}"), HasSubstr("literal text between them"));
}

}  // namespace
}  // namespace odmcp
