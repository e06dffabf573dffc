// DiffPlugins: which running plugins a new configuration unloads, restarts
// or only updates, and which it loads.
#include "host/plugins/plugin_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace odmcp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

PluginConfig Plugin(const std::string& name) {
  PluginConfig c;
  c.name = name;
  c.path = "/plugins/" + name + ".so";
  return c;
}

std::vector<std::string> Names(const std::vector<PluginConfig>& configs) {
  std::vector<std::string> names;
  for (const PluginConfig& c : configs) names.push_back(c.name);
  return names;
}

TEST(PluginDiffTest, TheSameConfigurationChangesNothing) {
  std::vector<PluginConfig> running = {Plugin("a"), Plugin("b")};
  EXPECT_TRUE(DiffPlugins(running, running).empty());
}

TEST(PluginDiffTest, DisabledAndRemovedPluginsUnloadInRunningOrder) {
  PluginConfig b = Plugin("b");
  b.enabled = false;
  PluginChanges changes = DiffPlugins({Plugin("a"), Plugin("b"), Plugin("c")}, {b});
  EXPECT_THAT(changes.unload, ElementsAre("a", "b", "c"));
  EXPECT_THAT(changes.load, IsEmpty());
}

TEST(PluginDiffTest, EnabledPluginsThatDoNotRunLoadInFileOrder) {
  PluginConfig off = Plugin("off");
  off.enabled = false;
  PluginChanges changes = DiffPlugins({Plugin("a")}, {Plugin("z"), Plugin("a"), off, Plugin("m")});
  EXPECT_THAT(Names(changes.load), ElementsAre("z", "m"));
  EXPECT_THAT(changes.unload, IsEmpty());
  EXPECT_THAT(changes.restart, IsEmpty());
  EXPECT_THAT(changes.update, IsEmpty());
}

TEST(PluginDiffTest, WhatInitSawChangingRestartsThePlugin) {
  PluginConfig path = Plugin("path");
  path.path = "/elsewhere/path.so";
  PluginConfig settings = Plugin("settings");
  settings.settings_json = R"({"limit":5})";
  PluginConfig secrets = Plugin("secrets");
  secrets.read_secrets = true;
  PluginChanges changes = DiffPlugins({Plugin("path"), Plugin("settings"), Plugin("secrets")},
                                      {path, settings, secrets});
  EXPECT_THAT(Names(changes.restart), ElementsAre("path", "settings", "secrets"));
  EXPECT_EQ(changes.restart[1].settings_json, R"({"limit":5})");
  EXPECT_THAT(changes.update, IsEmpty());
}

TEST(PluginDiffTest, ToolListsAndRequiredOnlyUpdateThePlugin) {
  PluginConfig disabled = Plugin("disabled");
  disabled.tools_disabled = {"x"};
  PluginConfig enabled = Plugin("enabled");
  enabled.tools_enabled_set = true;
  PluginConfig required = Plugin("required");
  required.required = true;
  PluginChanges changes =
      DiffPlugins({Plugin("disabled"), Plugin("enabled"), Plugin("required")},
                  {disabled, enabled, required});
  EXPECT_THAT(Names(changes.update), ElementsAre("disabled", "enabled", "required"));
  EXPECT_TRUE(changes.update[1].tools_enabled_set);
  EXPECT_THAT(changes.restart, IsEmpty());
}

TEST(PluginDiffTest, ARestartWinsOverAnUpdate) {
  PluginConfig both = Plugin("a");
  both.settings_json = R"({"x":1})";
  both.tools_disabled = {"t"};
  PluginChanges changes = DiffPlugins({Plugin("a")}, {both});
  EXPECT_THAT(Names(changes.restart), ElementsAre("a"));
  EXPECT_THAT(changes.update, IsEmpty());
}

}  // namespace
}  // namespace odmcp
