// ConfigReloader: a request reloads the file, a watched file reloads when it
// changes, a file that fails to load changes nothing, and changes that need
// a restart are named.
#include "host/cli/config_reloader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>

#include "host/config/config_loader.h"
#include "host/plugins/feature_registry.h"
#include "host/plugins/host_services.h"
#include "host/plugins/plugin_manager.h"
#include "host/plugins/tool_registry.h"
#include "host/services/log.h"
#include "tests/support/captured_log.h"
#include "tests/support/eventually.h"
#include "tests/support/host_process.h"

namespace odmcp {
namespace {

using ::testing::AllOf;
using testing::Eventually;
using ::testing::HasSubstr;
using ::testing::Not;

std::string PluginTable(const std::string& name, bool enabled) {
  return "[plugins." + name + "]\nenabled = " + (enabled ? "true" : "false") + "\npath = \"" +
         testing::TestPluginDir() + "/" + name + ".so\"\n";
}

class ConfigReloaderTest : public ::testing::Test {
 protected:
  ConfigReloaderTest() : manager_(Services()) {}
  ~ConfigReloaderTest() override {
    reloader_.reset();
    manager_.ShutdownAll();
  }

  HostServices& Services() {
    services_.log = &log_.logger();
    services_.tools = &tools_;
    services_.features = &features_;
    return services_;
  }

  // Writes the configuration, loads its plugins and starts the reloader.
  void Start(const std::string& toml) {
    file_ = testing::WriteTempFile("reload.toml", toml);
    FileStamp stamp = StampOf(file_);
    StatusOr<Config> config = LoadConfig(file_, {});
    ASSERT_TRUE(config.ok()) << config.error();
    ASSERT_TRUE(manager_.LoadAll(config.value().plugins).ok());
    reloader_ = std::make_unique<ConfigReloader>(std::move(config).value(), stamp, manager_, log_.logger());
  }

  // Rewrites the file in place, as an editor that does not rename does.
  void Rewrite(const std::string& toml) { std::ofstream(file_, std::ios::trunc) << toml; }

  bool Offered(const std::string& tool) { return tools_.Snapshot()->Find(tool) != nullptr; }

  int Reloads() {
    std::string log = Logged();
    int count = 0;
    for (size_t at = log.find("configuration reloaded"); at != std::string::npos;
         at = log.find("configuration reloaded", at + 1)) {
      ++count;
    }
    return count;
  }

  std::string Logged() { return log_.Text(); }

  testing::CapturedLog log_;
  ToolRegistry tools_;
  FeatureRegistry features_;
  HostServices services_;
  PluginManager manager_;
  std::string file_;
  std::unique_ptr<ConfigReloader> reloader_;
};

TEST_F(ConfigReloaderTest, ARequestAppliesTheFileAsItIsNow) {
  Start(PluginTable("reloadfix", false));
  Rewrite(PluginTable("reloadfix", true));
  EXPECT_FALSE(Offered("reload_ping"));
  reloader_->Request();
  // The tool is offered before the reload logs that it finished.
  EXPECT_TRUE(Eventually([&] { return Reloads() == 1; }));
  EXPECT_TRUE(Offered("reload_ping"));
  EXPECT_THAT(Logged(), HasSubstr("\"cause\":\"requested\""));
}

TEST_F(ConfigReloaderTest, AnUnwatchedFileIsNotReloadedWhenItChanges) {
  Start(PluginTable("reloadfix", false));
  Rewrite(PluginTable("reloadfix", true));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_FALSE(Offered("reload_ping"));
}

TEST_F(ConfigReloaderTest, AWatchedFileIsReloadedWhenItChanges) {
  Start("[server]\nwatch_config = true\n" + PluginTable("reloadfix", true));
  ASSERT_TRUE(Offered("reload_ping"));
  Rewrite("[server]\nwatch_config = true\n" + PluginTable("reloadfix", false));
  EXPECT_TRUE(Eventually([&] { return Reloads() == 1; }));
  EXPECT_FALSE(Offered("reload_ping"));
  EXPECT_THAT(Logged(), HasSubstr("\"cause\":\"file changed\""));
  // A file replaced by another (a new inode) is noticed too.
  std::string next = file_ + ".new";
  std::ofstream(next) << "[server]\nwatch_config = true\n" + PluginTable("reloadfix", true);
  ASSERT_EQ(std::rename(next.c_str(), file_.c_str()), 0);
  // The tool is offered before the reload logs that it finished, so the
  // count is what is waited for.
  EXPECT_TRUE(Eventually([&] { return Reloads() == 2; }));
  EXPECT_TRUE(Offered("reload_ping"));
  // Nothing changes after that, so nothing is reloaded again.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(Reloads(), 2);
}

TEST_F(ConfigReloaderTest, AFileThatFailsToLoadChangesNothing) {
  Start(PluginTable("reloadfix", true));
  Rewrite(PluginTable("reloadfix", false) + "[http]\nlisten = \"nowhere\"\n");
  reloader_->Request();
  EXPECT_TRUE(Eventually([&] { return Logged().find("configuration not reloaded") != std::string::npos; }));
  EXPECT_TRUE(Offered("reload_ping"));
  EXPECT_THAT(Logged(), AllOf(HasSubstr(file_ + ":5:"), HasSubstr("http.listen")));
}

TEST_F(ConfigReloaderTest, ChangesOutsidePluginsAreNamedAsNeedingARestart) {
  Start(PluginTable("reloadfix", true));
  Rewrite("[http]\nlisten = \"127.0.0.1:9999\"\n[rate_limit]\nburst = 10\n[log]\nlevel = \"debug\"\n" +
          PluginTable("reloadfix", true));
  reloader_->Request();
  EXPECT_TRUE(Eventually([&] { return Reloads() == 1; }));
  EXPECT_THAT(Logged(), AllOf(HasSubstr("configuration changes that apply only after a restart"),
                              HasSubstr("\"sections\":\"http, rate_limit\""),
                              HasSubstr("log level changed")));
  EXPECT_THAT(Logged(), Not(HasSubstr("\"sections\":\"http, rate_limit, log\"")));
  EXPECT_TRUE(Offered("reload_ping"));
}

}  // namespace
}  // namespace odmcp
