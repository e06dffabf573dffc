// Splitting request URLs into origin and target, and refusing the ones the
// client must not send.

#include "host/services/http_client/url.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

HttpUrl Parse(const std::string& text) {
  HttpUrl url;
  std::string error;
  EXPECT_TRUE(ParseHttpUrl(text, &url, &error)) << text << ": " << error;
  return url;
}

std::string Refusal(const std::string& text) {
  HttpUrl url;
  std::string error;
  EXPECT_FALSE(ParseHttpUrl(text, &url, &error)) << text;
  return error;
}

TEST(UrlTest, OriginAndTarget) {
  HttpUrl url = Parse("https://App.OrderDesk.me/api/v2/orders?limit=5&search=a+b");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "app.orderdesk.me");
  EXPECT_EQ(url.port, 443);
  EXPECT_EQ(url.target, "/api/v2/orders?limit=5&search=a+b") << "the query is sent as given";
  EXPECT_EQ(url.Origin(), "https://app.orderdesk.me:443");

  url = Parse("HTTP://127.0.0.1:8080");
  EXPECT_EQ(url.Origin(), "http://127.0.0.1:8080");
  EXPECT_EQ(url.target, "/");
  EXPECT_EQ(Parse("http://localhost?x=1").target, "/?x=1");
  EXPECT_EQ(Parse("http://[::1]:9000/a").Origin(), "http://[::1]:9000");
  EXPECT_EQ(Parse("http://[::1]:9000/a").host, "::1");
}

TEST(UrlTest, EncodesSpacesAndNonAsciiAndDropsTheFragment) {
  EXPECT_EQ(Parse("http://h/a b?q=caf\xc3\xa9#part").target, "/a%20b?q=caf%C3%A9");
}

TEST(UrlTest, RefusesWhatCannotBeSentSafely) {
  EXPECT_THAT(Refusal("ftp://host/"), HasSubstr("http://"));
  EXPECT_THAT(Refusal("/relative/path"), HasSubstr("absolute"));
  EXPECT_THAT(Refusal("http:///path"), HasSubstr("no host"));
  EXPECT_THAT(Refusal("http://host:0/"), HasSubstr("port"));
  EXPECT_THAT(Refusal("http://host:70000/"), HasSubstr("port"));
  EXPECT_THAT(Refusal("http://host:8o/"), HasSubstr("port"));
  EXPECT_THAT(Refusal("http://ho st/"), HasSubstr("host"));
  EXPECT_THAT(Refusal("http://[::1/"), HasSubstr("IPv6"));
  EXPECT_THAT(Refusal("http://h/a\r\nX-Injected: 1"), HasSubstr("control character"));
  const std::string error = Refusal("https://user:s3cret@host/");
  EXPECT_THAT(error, HasSubstr("user information"));
  EXPECT_THAT(error, Not(HasSubstr("s3cret")));
}

}  // namespace
}  // namespace odmcp
