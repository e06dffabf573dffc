#include "host/services/cache/scoped_cache_key.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace odmcp {
namespace {

TEST(ScopedCacheKeyTest, JoinsWithUnitSeparators) {
  EXPECT_EQ(ScopedCacheKey("t1", "orderdesk", "orders:1001"), "t1\x1forderdesk\x1forders:1001");
  EXPECT_EQ(ScopedCacheKey("t1", "orderdesk", ""), "t1\x1forderdesk\x1f");
}

TEST(ScopedCacheKeyTest, TenantIsNotAPrefixOfALongerTenant) {
  std::string scope = ScopedCacheKey("1", "p", "");
  EXPECT_FALSE(ScopedCacheKey("12", "p", "x").starts_with(scope));
  EXPECT_FALSE(ScopedCacheKey("1", "pq", "x").starts_with(scope));
  EXPECT_TRUE(ScopedCacheKey("1", "p", "x").starts_with(scope));
}

TEST(ScopedCacheKeyTest, SeparatorsInsideComponentsAreEscaped) {
  EXPECT_EQ(ScopedCacheKey("a\x1f" "b", "c\x1e", "k"), "a\x1e\x01" "b\x1f" "c\x1e\x1e\x1fk");
  EXPECT_NE(ScopedCacheKey("a\x1fp", "q", "k"), ScopedCacheKey("a", "p\x1fq", "k"));
}

// Every pair of different scopes over an alphabet that includes the
// separator and the escape byte: no key of one starts with the other's
// scope.
TEST(ScopedCacheKeyTest, ScopesArePrefixFree) {
  const std::string alphabet = "1\x1e\x1f\x01";
  std::vector<std::string> parts = {""};
  for (char a : alphabet) {
    parts.emplace_back(1, a);
    for (char b : alphabet) parts.push_back(std::string{a, b});
  }
  for (const std::string& t1 : parts) {
    for (const std::string& p1 : parts) {
      std::string scope = ScopedCacheKey(t1, p1, "");
      for (const std::string& t2 : parts) {
        for (const std::string& p2 : parts) {
          bool same = t1 == t2 && p1 == p2;
          ASSERT_EQ(ScopedCacheKey(t2, p2, "\x1f" "k").starts_with(scope), same)
              << testing::PrintToString(t1) << "/" << testing::PrintToString(p1) << " vs "
              << testing::PrintToString(t2) << "/" << testing::PrintToString(p2);
        }
      }
    }
  }
}

}  // namespace
}  // namespace odmcp
