// PluginManager::Reload with real plugin libraries: what each kind of change
// does to the catalogs, which list changes clients are told about, that a
// withdrawn plugin is shut down only after its calls in flight, and that
// nothing that ran is lost to a plugin that fails or a misspelt tool list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/tool_registry.h"
#include "host/services/notification_hub.h"
#include "host/services/log.h"
#include "tests/support/host_process.h"
#include "tests/support/captured_log.h"

namespace odmcp {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

PluginConfig Plugin(const std::string& name) {
  PluginConfig c;
  c.name = name;
  c.path = testing::TestPluginDir() + "/" + name + ".so";
  c.origin.file = "odmcp.toml";
  return c;
}

PluginsConfig Plugins(std::vector<PluginConfig> plugins) {
  PluginsConfig config;
  config.plugins = std::move(plugins);
  return config;
}

PluginConfig Disabled(PluginConfig c) {
  c.enabled = false;
  return c;
}

class PluginReloadTest : public ::testing::Test {
 protected:
  PluginReloadTest() : manager_(Services()) {
    listener_ = std::make_unique<HubListener>(&hub_, [this](const Change& change) {
      std::lock_guard<std::mutex> lock(mutex_);
      changes_.push_back(change.kind);
    });
  }
  ~PluginReloadTest() override { manager_.ShutdownAll(); }

  HostServices& Services() {
    services_.log = &log_.logger();
    services_.tools = &tools_;
    services_.features = &features_;
    services_.notifications = &hub_;
    return services_;
  }

  void Start(std::vector<PluginConfig> plugins) {
    StatusOr<bool> loaded = manager_.LoadAll(Plugins(std::move(plugins)));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
  }

  // The changes published since the last call.
  std::vector<ChangeKind> Published() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(changes_, {});
  }

  const ToolRecord* Tool(const std::string& name) { return tools_.Snapshot()->Find(name); }
  PluginRecord* PluginOf(const std::string& tool) { return Tool(tool)->plugin; }

  std::string Logged() { return log_.Text(); }

  testing::CapturedLog log_;
  ToolRegistry tools_;
  FeatureRegistry features_;
  NotificationHub hub_;
  HostServices services_;
  PluginManager manager_;
  std::mutex mutex_;
  std::vector<ChangeKind> changes_;
  std::unique_ptr<HubListener> listener_;  // uses the two above
};

TEST_F(PluginReloadTest, AnUnchangedConfigurationChangesNothingAndTellsNoOne) {
  Start({Plugin("cfixture"), Plugin("reloadfix")});
  const ToolRecord* before = Tool("reload_ping");
  manager_.Reload(Plugins({Plugin("cfixture"), Plugin("reloadfix")}));
  EXPECT_EQ(Tool("reload_ping"), before);
  EXPECT_THAT(Published(), IsEmpty());
  EXPECT_THAT(Logged(), HasSubstr("plugins unchanged"));
}

TEST_F(PluginReloadTest, ANewlyEnabledPluginIsLoadedAndClientsAreToldOfItsTools) {
  Start({Plugin("cfixture"), Disabled(Plugin("reloadfix"))});
  EXPECT_EQ(Tool("reload_ping"), nullptr);
  manager_.Reload(Plugins({Plugin("cfixture"), Plugin("reloadfix")}));
  EXPECT_NE(Tool("reload_ping"), nullptr);
  EXPECT_NE(Tool("cfixture_add"), nullptr);
  EXPECT_THAT(Published(), ElementsAre(ChangeKind::kToolsList));
  EXPECT_THAT(manager_.DescribeRuntime(), HasSubstr(R"("name":"reloadfix")"));
}

TEST_F(PluginReloadTest, ADisabledPluginIsWithdrawnWithItsPromptsAndResourcesAndShutDown) {
  Start({Plugin("cfixture"), Plugin("reloadfix")});
  PluginRecord* cfixture = PluginOf("cfixture_add");
  ASSERT_EQ(features_.Snapshot()->prompts().size(), 1u);
  manager_.Reload(Plugins({Disabled(Plugin("cfixture")), Plugin("reloadfix")}));
  EXPECT_EQ(Tool("cfixture_add"), nullptr);
  EXPECT_NE(Tool("reload_ping"), nullptr);
  EXPECT_THAT(features_.Snapshot()->prompts(), IsEmpty());
  EXPECT_THAT(features_.Snapshot()->resources(), IsEmpty());
  EXPECT_THAT(Published(), ElementsAre(ChangeKind::kToolsList, ChangeKind::kPromptsList,
                                       ChangeKind::kResourcesList));
  EXPECT_FALSE(cfixture->initialized);  // shut down; the record stays
  EXPECT_THAT(manager_.DescribeRuntime(), Not(HasSubstr(R"("name":"cfixture")")));
  EXPECT_THAT(Logged(), HasSubstr("plugin unloaded"));
}

TEST_F(PluginReloadTest, APluginRemovedFromTheFileIsUnloadedToo) {
  Start({Plugin("cfixture"), Plugin("reloadfix")});
  manager_.Reload(Plugins({Plugin("cfixture")}));
  EXPECT_EQ(Tool("reload_ping"), nullptr);
  EXPECT_THAT(Published(), ElementsAre(ChangeKind::kToolsList));
}

TEST_F(PluginReloadTest, APluginEnabledAgainIsLoadedAgainAsANewRecord) {
  Start({Plugin("reloadfix")});
  PluginRecord* first = PluginOf("reload_ping");
  manager_.Reload(Plugins({Disabled(Plugin("reloadfix"))}));
  EXPECT_EQ(Tool("reload_ping"), nullptr);
  manager_.Reload(Plugins({Plugin("reloadfix")}));
  ASSERT_NE(Tool("reload_ping"), nullptr);
  EXPECT_NE(PluginOf("reload_ping"), first);
  EXPECT_TRUE(PluginOf("reload_ping")->initialized);
  EXPECT_FALSE(first->initialized);
  EXPECT_THAT(Published(), ElementsAre(ChangeKind::kToolsList, ChangeKind::kToolsList));
}

TEST_F(PluginReloadTest, NewToolListsOnlyRepublish) {
  Start({Plugin("cfixture"), Plugin("reloadfix")});
  PluginRecord* record = PluginOf("reload_ping");
  PluginConfig hidden = Plugin("reloadfix");
  hidden.tools_disabled = {"reload_ping"};
  manager_.Reload(Plugins({Plugin("cfixture"), hidden}));
  EXPECT_EQ(Tool("reload_ping"), nullptr);
  EXPECT_EQ(PluginOf("reload_sleep"), record);  // the same instance, not restarted
  EXPECT_THAT(Published(), ElementsAre(ChangeKind::kToolsList));

  PluginConfig only = Plugin("reloadfix");
  only.tools_enabled_set = true;
  only.tools_enabled = {"reload_ping"};
  manager_.Reload(Plugins({Plugin("cfixture"), only}));
  EXPECT_NE(Tool("reload_ping"), nullptr);
  EXPECT_EQ(Tool("reload_sleep"), nullptr);
  EXPECT_EQ(PluginOf("reload_ping"), record);
}

TEST_F(PluginReloadTest, AToolListNamingAnUnknownToolIsRefusedAndThePreviousOneStays) {
  PluginConfig hidden = Plugin("reloadfix");
  hidden.tools_disabled = {"reload_ping"};
  Start({hidden});
  PluginConfig misspelt = Plugin("reloadfix");
  misspelt.tools_disabled = {"reload_pnig"};
  manager_.Reload(Plugins({misspelt}));
  EXPECT_EQ(Tool("reload_ping"), nullptr);
  EXPECT_NE(Tool("reload_sleep"), nullptr);
  EXPECT_THAT(Published(), IsEmpty());
  EXPECT_THAT(Logged(), AllOf(HasSubstr("plugin tool lists not applied"), HasSubstr("odmcp.toml"),
                              HasSubstr("plugins.reloadfix.tools.disabled names \\\"reload_pnig\\\"")));
}

TEST_F(PluginReloadTest, NewSettingsRestartThePlugin) {
  Start({Plugin("reloadfix")});
  PluginRecord* first = PluginOf("reload_ping");
  PluginConfig changed = Plugin("reloadfix");
  changed.settings_json = R"({"greeting":"hi"})";
  manager_.Reload(Plugins({changed}));
  ASSERT_NE(Tool("reload_ping"), nullptr);
  EXPECT_NE(PluginOf("reload_ping"), first);
  EXPECT_FALSE(first->initialized);
  EXPECT_THAT(Logged(), HasSubstr("plugin restarted with its new configuration"));
}

TEST_F(PluginReloadTest, SettingsThatFailInitRestartThePluginWithItsPreviousOnes) {
  Start({Plugin("reloadfix")});
  PluginConfig failing = Plugin("reloadfix");
  failing.settings_json = R"({"fail_init":true})";
  manager_.Reload(Plugins({failing}));
  EXPECT_NE(Tool("reload_ping"), nullptr);
  EXPECT_THAT(Logged(), AllOf(HasSubstr("plugin not loaded"),
                              HasSubstr("plugin \\\"reloadfix\\\" (" + failing.path + ")"),
                              HasSubstr("settings.fail_init is set"),
                              HasSubstr("plugin restarted with its previous configuration")));
  // Its settings are still the previous ones: the same change fails again.
  manager_.Reload(Plugins({failing}));
  EXPECT_NE(Tool("reload_ping"), nullptr);
}

TEST_F(PluginReloadTest, APluginThatFailsToLoadIsLoggedAndTheRestKeepsServing) {
  Start({Plugin("cfixture")});
  PluginConfig broken = Plugin("initfails");
  broken.required = true;
  manager_.Reload(Plugins({Plugin("cfixture"), broken, Plugin("reloadfix")}));
  EXPECT_NE(Tool("cfixture_add"), nullptr);
  EXPECT_NE(Tool("reload_ping"), nullptr);
  EXPECT_EQ(Tool("initfails_ping"), nullptr);
  EXPECT_THAT(Logged(), AllOf(HasSubstr("plugin not loaded"),
                              HasSubstr("settings.api_url is required")));
  // The next reload tries it again.
  manager_.Reload(Plugins({Plugin("cfixture"), broken, Plugin("reloadfix")}));
  EXPECT_EQ(Tool("initfails_ping"), nullptr);
}

TEST_F(PluginReloadTest, AWithdrawnPluginIsShutDownOnlyAfterItsCallsInFlight) {
  Start({Plugin("cfixture"), Plugin("reloadfix")});
  PluginRecord* plugin = PluginOf("reload_sleep");
  plugin->calls.Enter();  // as a ToolCall does
  std::atomic<bool> done{false};
  std::thread reload([&] {
    manager_.Reload(Plugins({Plugin("cfixture")}));
    done = true;
  });
  // Withdrawn at once: new calls cannot reach it, and clients are told.
  for (int i = 0; i < 500 && Tool("reload_sleep") != nullptr; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Tool("reload_sleep"), nullptr);
  for (int i = 0; i < 500 && Published().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Past the wait for requests that found it before (a second): the call
  // still runs, so the plugin still does.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_FALSE(done);
  EXPECT_TRUE(plugin->initialized);
  EXPECT_THAT(Logged(), HasSubstr("plugin unloads once its calls in flight finish"));
  plugin->calls.Leave();
  reload.join();
  EXPECT_TRUE(done);
  EXPECT_FALSE(plugin->initialized);
}

TEST_F(PluginReloadTest, ARequestHoldingTheOldCatalogDelaysTheShutdown) {
  Start({Plugin("reloadfix")});
  PluginRecord* plugin = PluginOf("reload_sleep");
  // A request that found the tool and has not started its call yet.
  std::shared_ptr<const ToolCatalog> held = tools_.Snapshot();
  std::atomic<bool> done{false};
  std::thread reload([&] {
    manager_.Reload(Plugins({}));
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(done);
  EXPECT_TRUE(plugin->initialized);
  held.reset();
  reload.join();
  EXPECT_FALSE(plugin->initialized);
}

}  // namespace
}  // namespace odmcp
