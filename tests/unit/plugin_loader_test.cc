// Loading real plugin libraries: each refusal names the file, the plugin and
// the versions or symbol at fault; good plugins of every kind load; init
// failures and configuration mistakes leave nothing registered.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_loader.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/tool_registry.h"
#include "host/services/cache/memory_cache.h"
#include "host/services/log.h"
#include "tests/support/host_process.h"
#include "tests/support/captured_log.h"

namespace odmcp {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Fixture(const std::string& name) { return testing::TestPluginDir() + "/" + name + ".so"; }

std::string Refusal(const std::string& name) {
  StatusOr<std::unique_ptr<PluginRecord>> r = OpenPlugin(Fixture(name), name);
  return r.ok() ? "" : r.error();
}

TEST(PluginLoaderTest, MissingFileNamesTheFileAndTheReason) {
  EXPECT_THAT(Refusal("absent"), AllOf(HasSubstr("plugin file \"" + Fixture("absent") + "\""),
                                       HasSubstr("cannot be loaded"),
                                       HasSubstr("No such file or directory")));
}

TEST(PluginLoaderTest, MissingEntrySymbolIsNamed) {
  EXPECT_THAT(Refusal("noentry"), AllOf(HasSubstr(Fixture("noentry")),
                                        HasSubstr("has no entry point odmcp_plugin_query")));
}

std::string HostAbi() {
  return std::to_string(ODMCP_ABI_MAJOR) + "." + std::to_string(ODMCP_ABI_MINOR);
}

TEST(PluginLoaderTest, WrongMajorNamesBothVersions) {
  EXPECT_THAT(Refusal("wrongmajor"),
              AllOf(HasSubstr("plugin \"wrongmajor\" (" + Fixture("wrongmajor") + ")"),
                    HasSubstr("built for ABI 2.0, this host speaks ABI " + HostAbi()),
                    HasSubstr("rebuild it against plugin-api 1.x")));
}

TEST(PluginLoaderTest, TooNewMinimumMinorNamesBothVersions) {
  EXPECT_THAT(Refusal("futureminor"),
              AllOf(HasSubstr("plugin \"futureminor\""), HasSubstr(Fixture("futureminor")),
                    HasSubstr("needs host ABI 1." + std::to_string(ODMCP_ABI_MINOR + 1) +
                              " or newer (it was built for ABI 1." +
                              std::to_string(ODMCP_ABI_MINOR + 3) + ")"),
                    HasSubstr("this host speaks ABI " + HostAbi())));
}

TEST(PluginLoaderTest, LongerDescriptionWithNonZeroTailIsRefused) {
  EXPECT_THAT(Refusal("futurenonzero"),
              AllOf(HasSubstr(Fixture("futurenonzero")),
                    HasSubstr("sets fields this host does not know")));
}

TEST(PluginLoaderTest, LongerDescriptionWithZeroTailLoads) {
  StatusOr<std::unique_ptr<PluginRecord>> r = OpenPlugin(Fixture("futurezero"), "futurezero");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value()->version, "9.0.0");
  EXPECT_EQ(r.value()->abi_minor, ODMCP_ABI_MINOR + 1);
}

TEST(PluginLoaderTest, NameMustMatchTheConfigurationTable) {
  EXPECT_THAT(Refusal("cfixture").empty(), true);
  StatusOr<std::unique_ptr<PluginRecord>> r = OpenPlugin(Fixture("cfixture"), "other");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("contains plugin \"cfixture\", but its configuration table is "
                                   "[plugins.other]"));
}

class PluginManagerTest : public ::testing::Test {
 protected:
  PluginManagerTest() : manager_(Services()) {}
  
  HostServices& Services() {
    services_.log = &log_.logger();
    services_.tools = &tools_;
    services_.features = &features_;
    return services_;
  }

  static PluginConfig Plugin(const std::string& name, bool required = false) {
    PluginConfig c;
    c.name = name;
    c.path = Fixture(name);
    c.required = required;
    return c;
  }

  std::string Logged() { return log_.Text(); }

  testing::CapturedLog log_;
  ToolRegistry tools_;
  FeatureRegistry features_;
  HostServices services_;
  PluginManager manager_;
};

TEST_F(PluginManagerTest, CAndOldAbiAndFuturePluginsLoadAndPublishTheirTools) {
  PluginsConfig config;
  config.plugins = {Plugin("cfixture"), Plugin("oldabi"), Plugin("futurezero")};
  StatusOr<bool> loaded = manager_.LoadAll(config);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  std::shared_ptr<const ToolCatalog> catalog = tools_.Snapshot();
  EXPECT_NE(catalog->Find("cfixture_add"), nullptr);
  EXPECT_NE(catalog->Find("cfixture_describe"), nullptr);
  EXPECT_NE(catalog->Find("oldabi_hello"), nullptr);
  EXPECT_NE(catalog->Find("futurezero_ping"), nullptr);
  EXPECT_THAT(manager_.DescribeRuntime(), HasSubstr(R"("name":"oldabi","version":"1.0.0","abi":"1.0")"));
}

TEST_F(PluginManagerTest, TheRuntimeDescriptionCarriesTheCacheCounters) {
  EXPECT_THAT(manager_.DescribeRuntime(), Not(HasSubstr(R"("cache")")));
  std::unique_ptr<Cache> cache = MakeMemoryCache({});
  cache->Put("k", "v", 60000);
  cache->Get("k");
  cache->Get("absent");
  services_.cache = cache.get();
  EXPECT_THAT(manager_.DescribeRuntime(),
              HasSubstr(R"("cache":{"hits":1,"misses":1,"puts":1,"evictions":0,"expirations":0,"entries":1,)"));
  services_.cache = nullptr;
}

TEST_F(PluginManagerTest, RequiredPluginFailureStopsLoadingWithTheReason) {
  PluginsConfig config;
  config.plugins = {Plugin("initfails", true)};
  StatusOr<bool> loaded = manager_.LoadAll(config);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error(),
              AllOf(HasSubstr("plugin \"initfails\" (" + Fixture("initfails") + ")"),
                    HasSubstr("init failed with INVALID_ARGUMENT: settings.api_url is required")));
  EXPECT_EQ(tools_.Snapshot()->tools().size(), 0u);
}

TEST_F(PluginManagerTest, OptionalPluginFailureIsLoggedAndSkipped) {
  PluginsConfig config;
  config.plugins = {Plugin("initfails"), Plugin("wrongmajor"), Plugin("cfixture")};
  StatusOr<bool> loaded = manager_.LoadAll(config);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  std::shared_ptr<const ToolCatalog> catalog = tools_.Snapshot();
  EXPECT_EQ(catalog->Find("initfails_ping"), nullptr);  // registered, then removed
  EXPECT_NE(catalog->Find("cfixture_add"), nullptr);
  EXPECT_THAT(Logged(), AllOf(HasSubstr("optional plugin skipped"),
                              HasSubstr("settings.api_url is required"),
                              HasSubstr("built for ABI 2.0")));
}

TEST_F(PluginManagerTest, DuplicateToolNameRefusesTheSecondPlugin) {
  PluginsConfig config;
  PluginConfig diagnostics;
  diagnostics.name = "diagnostics";
  diagnostics.path = testing::PluginDir() + "/diagnostics.so";
  config.plugins = {diagnostics, Plugin("duplicatetool", true)};
  StatusOr<bool> loaded = manager_.LoadAll(config);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error(), HasSubstr("init failed with ALREADY_EXISTS: system_ping is taken"));
  EXPECT_THAT(Logged(), HasSubstr("tool \\\"system_ping\\\" is already registered by plugin "
                                  "\\\"diagnostics\\\""));
}

TEST_F(PluginManagerTest, ToolFiltersHideToolsAndMustNameRealTools) {
  PluginsConfig config;
  PluginConfig c = Plugin("cfixture");
  c.tools_disabled = {"cfixture_describe"};
  config.plugins = {c};
  ASSERT_TRUE(manager_.LoadAll(config).ok());
  EXPECT_NE(tools_.Snapshot()->Find("cfixture_add"), nullptr);
  EXPECT_EQ(tools_.Snapshot()->Find("cfixture_describe"), nullptr);
}

TEST_F(PluginManagerTest, AMisspeltToolInAFilterRefusesThePlugin) {
  PluginsConfig config;
  PluginConfig c = Plugin("cfixture", true);
  c.tools_disabled = {"cfixture_ad"};
  c.origin.file = "odmcp.toml";
  config.plugins = {c};
  StatusOr<bool> loaded = manager_.LoadAll(config);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error(),
              AllOf(HasSubstr("plugins.cfixture.tools.disabled names \"cfixture_ad\""),
                    HasSubstr("it provides: cfixture_add, cfixture_cache_get, cfixture_cache_put, "
                              "cfixture_describe")));
  EXPECT_EQ(tools_.Snapshot()->Find("cfixture_add"), nullptr);
}

}  // namespace
}  // namespace odmcp
