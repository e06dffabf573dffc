// The admin commands of the real executable: tenant, store and plugins,
// their help, their errors, and key rotation with the vault re-sealed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <odmcp/plugin.h>

#include <string>

#include "tests/integration/tenants_support.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(AdminCliTest, EveryCommandHasHelp) {
  TenantWorld world;
  for (const char* command : {"tenant", "store", "plugins"}) {
    TenantWorld::CliResult help = world.Cli({command, "--help"});
    EXPECT_EQ(help.status, 0) << command;
    EXPECT_THAT(help.out, HasSubstr("usage: orderdesk-mcp ")) << command;
  }
}

TEST(AdminCliTest, MistakesExitNonZeroWithAMessage) {
  TenantWorld world;
  TenantWorld::CliResult unknown = world.Cli({"tenant", "frobnicate"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown command \"frobnicate\""));

  world.CreateTenant("alice");
  TenantWorld::CliResult twice = world.Cli({"tenant", "create", "alice"});
  EXPECT_EQ(twice.status, 1);
  EXPECT_THAT(twice.err, HasSubstr("a tenant named \"alice\" already exists"));

  TenantWorld::CliResult bad_name = world.Cli({"tenant", "create", "al ice"});
  EXPECT_EQ(bad_name.status, 1);
  EXPECT_THAT(bad_name.err, HasSubstr("is not valid"));

  TenantWorld::CliResult unconfirmed = world.Cli({"tenant", "delete", "alice"});
  EXPECT_EQ(unconfirmed.status, 2);
  EXPECT_THAT(unconfirmed.err, HasSubstr("--yes"));

  TenantWorld::CliResult no_key = world.Cli({"store", "list"});
  EXPECT_EQ(no_key.status, 1);
  EXPECT_THAT(no_key.err, HasSubstr("ODMCP_MASTER_KEY"));

  TenantWorld::CliResult no_api_key =
      world.Cli({"store", "add", "--store-id", "1001"}, {{"ODMCP_MASTER_KEY", "odmk_x"}});
  EXPECT_EQ(no_api_key.status, 1);
  EXPECT_THAT(no_api_key.err, HasSubstr("ORDERDESK_API_KEY"));

  TenantWorld::CliResult wrong_key = world.Cli({"store", "list"}, {{"ODMCP_MASTER_KEY", "odmk_x"}});
  EXPECT_EQ(wrong_key.status, 1);
  EXPECT_THAT(wrong_key.err, HasSubstr("not the master key of any tenant"));

  TenantWorld::CliResult no_config = world.Cli({"tenant", "list", "--config", "/no/such.toml"});
  EXPECT_NE(no_config.status, 0);
}

TEST(AdminCliTest, StoresAreAddedListedAndRemovedThroughThePlugin) {
  TenantWorld world;
  const std::string key = world.CreateTenant("alice");
  TenantWorld::CliResult rejected = world.Cli({"store", "add", "--store-id", "1001"},
                                              {{"ODMCP_MASTER_KEY", key}, {"ORDERDESK_API_KEY", "wrong-key"}});
  EXPECT_EQ(rejected.status, 1);
  EXPECT_THAT(rejected.err, HasSubstr("Nothing was saved"));
  TenantWorld::CliResult added = world.Cli({"store", "add", "--store-id", "1001"},
                                           {{"ODMCP_MASTER_KEY", key}, {"ORDERDESK_API_KEY", kDemoApiKey}});
  EXPECT_EQ(added.status, 0) << added.err;
  EXPECT_THAT(added.out + added.err, Not(HasSubstr(kDemoApiKey)));
  TenantWorld::CliResult listed = world.Cli({"store", "list"}, {{"ODMCP_MASTER_KEY", key}});
  EXPECT_THAT(listed.out, HasSubstr("Sandbox Demo Store (1001)"));
  TenantWorld::CliResult removed = world.Cli({"store", "remove", "1001"}, {{"ODMCP_MASTER_KEY", key}});
  EXPECT_EQ(removed.status, 0) << removed.err;
  listed = world.Cli({"store", "list"}, {{"ODMCP_MASTER_KEY", key}});
  EXPECT_THAT(listed.out, Not(HasSubstr("(1001)")));
}

TEST(AdminCliTest, RotatingAKeyKeepsTheStoresAndRetiresTheOldKey) {
  TenantWorld world;
  const std::string old_key = world.CreateTenant("alice");
  ASSERT_EQ(world.Cli({"store", "add", "--store-id", "1001"},
                      {{"ODMCP_MASTER_KEY", old_key}, {"ORDERDESK_API_KEY", kDemoApiKey}})
                .status,
            0);
  TenantWorld::CliResult rotated = world.Cli({"tenant", "rotate-key", "alice"}, {{"ODMCP_MASTER_KEY", old_key}});
  ASSERT_EQ(rotated.status, 0) << rotated.err;
  const std::string new_key = rotated.out.substr(0, rotated.out.find('\n'));
  ASSERT_EQ(new_key.rfind("odmk_", 0), 0u);
  EXPECT_NE(new_key, old_key);

  EXPECT_EQ(world.Cli({"store", "list"}, {{"ODMCP_MASTER_KEY", old_key}}).status, 1);
  // The credential was re-sealed under the new key: OrderDesk still accepts
  // the store through it.
  std::unique_ptr<HostProcess> host = world.StartHttp();
  ASSERT_FALSE(host->url().empty()) << host->Stderr();
  McpHttp http(host->url());
  ToolReply refreshed = CallTool(http, new_key, "stores_refresh", R"({"store":"1001"})");
  EXPECT_FALSE(refreshed.is_error()) << refreshed.body;
  EXPECT_EQ(CallTool(http, old_key, "stores_list", "{}").http_status, 401);
  TenantWorld::CliResult listed = world.Cli({"tenant", "list"});
  EXPECT_THAT(listed.out, HasSubstr("alice"));
}

TEST(AdminCliTest, PluginsListShowsVersionsAbiAndTools) {
  TenantWorld world(0, "[plugins.stores.tools]\ndisabled = [\"stores_delete\"]\n");
  TenantWorld::CliResult listed = world.Cli({"plugins", "list"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("stores 0.1.0  ABI " + std::to_string(ODMCP_ABI_MAJOR) + "." +
                                    std::to_string(ODMCP_ABI_MINOR)));
  EXPECT_THAT(listed.out, HasSubstr("stores_register                  enabled"));
  EXPECT_THAT(listed.out, HasSubstr("stores_delete                    disabled by configuration"));
}

}  // namespace
}  // namespace odmcp::testing
