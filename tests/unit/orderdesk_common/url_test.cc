#include "plugins/common/url.h"

#include <gtest/gtest.h>

namespace odmcp::orderdesk {
namespace {

TEST(OrderDeskUrl, EncodesEverythingButUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
  EXPECT_EQ(PercentEncode("1004,1009"), "1004%2C1009");
  EXPECT_EQ(PercentEncode("caf\xC3\xA9"), "caf%C3%A9");  // UTF-8 bytes, upper-case hex
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(OrderDeskUrl, JoinsBaseAndPathWhateverTheirSlashes) {
  const std::vector<QueryParam> none;
  EXPECT_EQ(BuildUrl("https://app.orderdesk.me/api/v2", "/test", none),
            "https://app.orderdesk.me/api/v2/test");
  EXPECT_EQ(BuildUrl("https://app.orderdesk.me/api/v2/", "/test", none),
            "https://app.orderdesk.me/api/v2/test");
  EXPECT_EQ(BuildUrl("https://app.orderdesk.me/api/v2//", "test", none),
            "https://app.orderdesk.me/api/v2/test");
  EXPECT_EQ(BuildUrl(kDefaultBaseUrl, "/orders/" + PercentEncode("12 3"), none),
            "https://app.orderdesk.me/api/v2/orders/12%203");
}

TEST(OrderDeskUrl, AppendsEncodedQueryInOrder) {
  EXPECT_EQ(BuildUrl("http://127.0.0.1:8080/api/v2", "/orders",
                     {{"limit", "50"}, {"folder_name", "On Hold & Review"}, {"email", "a+b@x.org"}}),
            "http://127.0.0.1:8080/api/v2/orders?limit=50&folder_name=On%20Hold%20%26%20Review"
            "&email=a%2Bb%40x.org");
  EXPECT_EQ(BuildUrl("http://h/api", "/orders", {{"search_start_date", "2025-01-01 00:00:00"}}),
            "http://h/api/orders?search_start_date=2025-01-01%2000%3A00%3A00");
  EXPECT_EQ(BuildUrl("http://h/api", "/orders", {{"empty", ""}}), "http://h/api/orders?empty=");
}

TEST(OrderDeskUrl, AcceptsOnlyHttpBaseUrlsAPathCanFollow) {
  EXPECT_TRUE(IsValidBaseUrl(kDefaultBaseUrl));
  EXPECT_TRUE(IsValidBaseUrl("http://127.0.0.1:8080/api/v2/"));
  EXPECT_TRUE(IsValidBaseUrl("http://[::1]:8080/api/v2"));
  EXPECT_FALSE(IsValidBaseUrl(""));
  EXPECT_FALSE(IsValidBaseUrl("ftp://app.orderdesk.me/api/v2"));
  EXPECT_FALSE(IsValidBaseUrl("app.orderdesk.me/api/v2"));
  EXPECT_FALSE(IsValidBaseUrl("https://"));
  EXPECT_FALSE(IsValidBaseUrl("https:///api/v2"));
  EXPECT_FALSE(IsValidBaseUrl("https://app.orderdesk.me/api/v2?x=1"));
  EXPECT_FALSE(IsValidBaseUrl("https://app.orderdesk.me/api/v2#top"));
  EXPECT_FALSE(IsValidBaseUrl("https://app.orderdesk.me/api v2"));
}

}  // namespace
}  // namespace odmcp::orderdesk
