#include "plugins/common/settings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

struct Parsed {
  Status status;
  ClientSettings client;
  int64_t ttl;
};

Parsed ParseJson(const char* json) {
  rapidjson::Document settings;
  settings.Parse(json);
  Parsed parsed;
  std::vector<IntegerSetting> integers = {{"settings_ttl_s", 1, 86400, 300}};
  parsed.status = ParseSettings("stores", settings, &parsed.client, &integers);
  parsed.ttl = integers[0].value;
  return parsed;
}

TEST(OrderDeskSettings, DefaultsWhenEmpty) {
  Parsed parsed = ParseJson("{}");
  ASSERT_TRUE(parsed.status.ok());
  EXPECT_EQ(parsed.client.base_url, kDefaultBaseUrl);
  EXPECT_EQ(parsed.ttl, 300);
  // Just inside OrderDesk's own limit of 20 at once, then 3 per second.
  EXPECT_EQ(parsed.client.upstream.burst, 18);
  EXPECT_EQ(parsed.client.upstream.per_second, 3);
}

TEST(OrderDeskSettings, ReadsKnownKeys) {
  Parsed parsed = ParseJson(R"({"base_url":"http://127.0.0.1:8080/api/v2/","settings_ttl_s":86400,
                               "upstream_burst":100000,"upstream_per_second":1})");
  ASSERT_TRUE(parsed.status.ok()) << parsed.status.message();
  EXPECT_EQ(parsed.client.base_url, "http://127.0.0.1:8080/api/v2/");
  EXPECT_EQ(parsed.ttl, 86400);
  EXPECT_EQ(parsed.client.upstream.burst, 100000);
  EXPECT_EQ(parsed.client.upstream.per_second, 1);
}

TEST(OrderDeskSettings, UpstreamLimitKeysAreIndependent) {
  Parsed burst = ParseJson(R"({"upstream_burst":1})");
  ASSERT_TRUE(burst.status.ok()) << burst.status.message();
  EXPECT_EQ(burst.client.upstream.burst, 1);
  EXPECT_EQ(burst.client.upstream.per_second, 3);
  Parsed rate = ParseJson(R"({"upstream_per_second":1000000})");
  ASSERT_TRUE(rate.status.ok()) << rate.status.message();
  EXPECT_EQ(rate.client.upstream.burst, 18);
  EXPECT_EQ(rate.client.upstream.per_second, 1000000);
}

TEST(OrderDeskSettings, UnknownKeysAreNamed) {
  Parsed parsed = ParseJson(R"({"settings_ttl":60})");
  EXPECT_EQ(parsed.status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_EQ(parsed.status.message(),
            "unknown setting \"settings_ttl\" (the stores plugin knows base_url, upstream_burst, "
            "upstream_per_second, settings_ttl_s)");
}

TEST(OrderDeskSettings, BadUpstreamLimitsNameTheKeyAndBounds) {
  for (const char* json : {R"({"upstream_burst":0})", R"({"upstream_burst":-18})",
                           R"({"upstream_burst":1000001})", R"({"upstream_burst":18.5})",
                           R"({"upstream_burst":"18"})", R"({"upstream_burst":null})"}) {
    Parsed parsed = ParseJson(json);
    EXPECT_EQ(parsed.status.code(), ODMCP_INVALID_ARGUMENT) << json;
    EXPECT_EQ(parsed.status.message(), "setting upstream_burst must be an integer from 1 to 1000000")
        << json;
  }
  for (const char* json : {R"({"upstream_per_second":0})", R"({"upstream_per_second":1000001})",
                           R"({"upstream_per_second":0.5})", R"({"upstream_per_second":true})"}) {
    Parsed parsed = ParseJson(json);
    EXPECT_EQ(parsed.status.code(), ODMCP_INVALID_ARGUMENT) << json;
    EXPECT_EQ(parsed.status.message(),
              "setting upstream_per_second must be an integer from 1 to 1000000")
        << json;
  }
}

TEST(OrderDeskSettings, WrongTypesAndBoundsNameTheKey) {
  for (const char* json : {R"({"settings_ttl_s":0})", R"({"settings_ttl_s":86401})",
                           R"({"settings_ttl_s":"300"})", R"({"settings_ttl_s":1.5})"}) {
    Parsed parsed = ParseJson(json);
    EXPECT_EQ(parsed.status.code(), ODMCP_INVALID_ARGUMENT) << json;
    EXPECT_TRUE(Contains(parsed.status.message(), "settings_ttl_s must be an integer from 1 to 86400"));
  }
  for (const char* json : {R"({"base_url":42})", R"({"base_url":"ftp://x/api"})",
                           R"({"base_url":"https://x/api?a=1"})", R"({"base_url":""})"}) {
    Parsed parsed = ParseJson(json);
    EXPECT_EQ(parsed.status.code(), ODMCP_INVALID_ARGUMENT) << json;
    EXPECT_TRUE(Contains(parsed.status.message(), "base_url"));
  }
}

TEST(OrderDeskSettings, NonObjectIsRejected) {
  EXPECT_EQ(ParseJson("[]").status.code(), ODMCP_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace odmcp::orderdesk
