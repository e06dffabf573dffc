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
}

TEST(OrderDeskSettings, ReadsKnownKeys) {
  Parsed parsed = ParseJson(R"({"base_url":"http://127.0.0.1:8080/api/v2/","settings_ttl_s":86400})");
  ASSERT_TRUE(parsed.status.ok()) << parsed.status.message();
  EXPECT_EQ(parsed.client.base_url, "http://127.0.0.1:8080/api/v2/");
  EXPECT_EQ(parsed.ttl, 86400);
}

TEST(OrderDeskSettings, UnknownKeysAreNamed) {
  Parsed parsed = ParseJson(R"({"settings_ttl":60})");
  EXPECT_EQ(parsed.status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(parsed.status.message(), "unknown setting \"settings_ttl\""));
  EXPECT_TRUE(Contains(parsed.status.message(), "base_url, settings_ttl_s"));
  EXPECT_TRUE(Contains(parsed.status.message(), "stores"));
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
