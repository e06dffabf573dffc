// ToolGrant: which scopes allow which tools, and what a refusal asks for.
#include "host/auth/tool_grant.h"

#include <gtest/gtest.h>

namespace odmcp {
namespace {

constexpr bool kReadOnly = true;
constexpr bool kWrites = false;

TEST(ToolGrantTest, ToolsReadAllowsEveryPluginsReadOnlyToolsAndNoOther) {
  ToolGrant grant = ToolGrant::FromScope("tools:read");
  EXPECT_TRUE(grant.Allows("orders", kReadOnly));
  EXPECT_TRUE(grant.Allows("stores", kReadOnly));
  EXPECT_FALSE(grant.Allows("orders", kWrites));
}

TEST(ToolGrantTest, AWriteScopeImpliesTheReadScopeOfTheSameReach) {
  ToolGrant all = ToolGrant::FromScope("tools:write");
  EXPECT_TRUE(all.Allows("orders", kWrites));
  EXPECT_TRUE(all.Allows("orders", kReadOnly));
  ToolGrant orders = ToolGrant::FromScope("orders:write");
  EXPECT_TRUE(orders.Allows("orders", kWrites));
  EXPECT_TRUE(orders.Allows("orders", kReadOnly));
  EXPECT_FALSE(orders.Allows("stores", kReadOnly));
}

TEST(ToolGrantTest, APluginScopeReachesThatPluginByItsWholeName) {
  ToolGrant grant = ToolGrant::FromScope("orders:read");
  EXPECT_TRUE(grant.Allows("orders", kReadOnly));
  EXPECT_FALSE(grant.Allows("orders", kWrites));
  EXPECT_FALSE(grant.Allows("order", kReadOnly));
  EXPECT_FALSE(grant.Allows("xorders", kReadOnly));
  EXPECT_FALSE(ToolGrant::FromScope("orders:readx").Allows("orders", kReadOnly));
  EXPECT_FALSE(ToolGrant::FromScope(":read").Allows("", kReadOnly));
}

TEST(ToolGrantTest, OtherScopesAndStraySpacesGrantNothing) {
  for (const char* scope :
       {"", " ", "openid email profile", "offline_access", "tools", "tools:admin", "TOOLS:READ"}) {
    ToolGrant grant = ToolGrant::FromScope(scope);
    EXPECT_FALSE(grant.Allows("orders", kReadOnly)) << scope;
    EXPECT_EQ(grant.ToolScopes(), "") << scope;
  }
  EXPECT_TRUE(ToolGrant::FromScope("  openid  tools:read ").Allows("orders", kReadOnly));
}

TEST(ToolGrantTest, ARefusalAsksForTheBroadestScopeOfTheToolsKind) {
  EXPECT_EQ(ToolGrant::NeededScope(kReadOnly), "tools:read");
  EXPECT_EQ(ToolGrant::NeededScope(kWrites), "tools:write");
}

TEST(ToolGrantTest, ToolScopesAreSortedWithoutRepeats) {
  EXPECT_EQ(
      ToolGrant::FromScope("stores:read tools:write openid orders:write stores:read").ToolScopes(),
      "orders:write stores:read tools:write");
}

}  // namespace
}  // namespace odmcp
