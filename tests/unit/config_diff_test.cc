// ChangedSections: which sections of two loads of the configuration differ.
#include "host/config/config_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <odmcp/plugin.h>

namespace odmcp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigDiffTest, EqualConfigurationsDifferInNoSection) {
  const Config first;
  const Config second;
  EXPECT_THAT(ChangedSections(first, second), IsEmpty());
}

TEST(ConfigDiffTest, NamesEachChangedSectionOnceInDocumentedOrder) {
  Config before;
  Config after;
  after.log.level = ODMCP_LOG_DEBUG;
  after.http.allowed_hosts.push_back("example.com");
  after.http.listen.port = 9000;
  after.server.watch_config = true;
  after.rate_limit.burst = 1;
  after.auth.external.issuer = "https://idp.example.com";
  EXPECT_THAT(ChangedSections(before, after),
              ElementsAre("server", "http", "auth", "rate_limit", "log"));
}

TEST(ConfigDiffTest, PluginsAreLeftToTheReloadOfPlugins) {
  Config before;
  Config after;
  after.plugins.dir = "/elsewhere";
  after.plugins.plugins.push_back(PluginConfig{});
  EXPECT_THAT(ChangedSections(before, after), IsEmpty());
}

}  // namespace
}  // namespace odmcp
