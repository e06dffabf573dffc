// Copyright 2026 The orderdesk-mcp Authors.
//
// OrderDesk's per-store rate limit over HTTP: a bucket of 20 refilling at 3
// per second, X-Tokens-Remaining on every reply, 429 with X-Retry-After
// when empty, one bucket per store, and none at all with --rate-limit off.
// Assertions never depend on how fast the machine is: requests are sent
// back to back and only "at least one 429" is required.

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/text_util.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::sandbox::testing {
namespace {

const StoreConfig kOtherStore{"3003", "OtherStoreKey0123456789abcdefghijklmnopqrstuvwx", "Other Shop"};

SandboxOptions LimitedTwoStores() {
  SandboxOptions options = TestOptions();
  options.orders_per_store = 20;
  options.rate_limit = true;
  options.stores = {DemoStore(), kOtherStore};
  return options;
}

int64_t TokensOf(const Reply& reply) {
  int64_t tokens = -1;
  EXPECT_TRUE(ParseInt64(reply.header("X-Tokens-Remaining"), &tokens))
      << "X-Tokens-Remaining missing or not a number on a " << reply.status << " reply";
  return tokens;
}

TEST(RateLimitTest, TwentyOneQuickRequestsGetA429WhileAnotherStoreIsUnaffected) {
  TestSandbox sandbox(LimitedTwoStores());
  ApiClient client(sandbox.base_url(), DemoStore());
  int limited = 0;
  Reply last_limited;
  for (int i = 0; i < 21; ++i) {
    Reply reply = client.Get("/api/v2/orders?limit=1");
    const int64_t tokens = TokensOf(reply);
    if (i == 0) {
      EXPECT_EQ(tokens, 19);
    }
    if (reply.status == 429) {
      ++limited;
      last_limited = std::move(reply);
    } else {
      EXPECT_EQ(reply.status, 200);
    }
  }
  ASSERT_GE(limited, 1);
  EXPECT_EQ(last_limited.json_status(), "error");
  EXPECT_EQ(last_limited.message(), "Rate limit exceeded");
  int64_t retry_after = 0;
  ASSERT_TRUE(ParseInt64(last_limited.header("X-Retry-After"), &retry_after)) << last_limited.header("X-Retry-After");
  EXPECT_GE(retry_after, 1);
  EXPECT_EQ(TokensOf(last_limited), 0);

  ApiClient other(sandbox.base_url(), kOtherStore);
  Reply unaffected = other.Get("/api/v2/orders?limit=1");
  EXPECT_EQ(unaffected.status, 200);
  EXPECT_EQ(TokensOf(unaffected), 19);
}

TEST(RateLimitTest, TheBucketRefillsAfterTheAdvertisedWait) {
  TestSandbox sandbox(LimitedTwoStores());
  ApiClient client(sandbox.base_url(), DemoStore());
  Reply reply;
  for (int i = 0; i < 40 && reply.status != 429; ++i) reply = client.Get("/api/v2/test");
  ASSERT_EQ(reply.status, 429);
  int64_t retry_after = 0;
  ASSERT_TRUE(ParseInt64(reply.header("X-Retry-After"), &retry_after));
  std::this_thread::sleep_for(std::chrono::seconds(retry_after));
  Reply after_wait = client.Get("/api/v2/test");
  EXPECT_EQ(after_wait.status, 200) << "still limited " << retry_after << " s after a 429";
}

TEST(RateLimitTest, EveryReplyCarriesTokensRemainingIncludingErrors) {
  TestSandbox sandbox(LimitedTwoStores());
  ApiClient client(sandbox.base_url(), DemoStore());
  ApiClient anonymous(sandbox.base_url());
  std::vector<Reply> replies;
  replies.push_back(client.Get("/api/v2/orders/1"));
  replies.push_back(client.Post("/api/v2/orders", "{"));
  replies.push_back(client.Get("/api/v2/nowhere"));
  replies.push_back(anonymous.Get("/api/v2/test"));
  for (const Reply& reply : replies) {
    EXPECT_GE(TokensOf(reply), 0) << reply.body;
  }
}

TEST(RateLimitTest, FailedAuthenticationDoesNotDrainTheStoresBucket) {
  TestSandbox sandbox(LimitedTwoStores());
  ApiClient impostor(sandbox.base_url(), {kDemoStoreId, "wrong", ""});
  for (int i = 0; i < 30; ++i) EXPECT_EQ(impostor.Get("/api/v2/test").status, 401);
  ApiClient owner(sandbox.base_url(), DemoStore());
  Reply reply = owner.Get("/api/v2/test");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(TokensOf(reply), 19);
}

TEST(RateLimitTest, OffMeansNoLimit) {
  SandboxOptions options = LimitedTwoStores();
  options.rate_limit = false;
  TestSandbox sandbox(options);
  ApiClient client(sandbox.base_url(), DemoStore());
  for (int i = 0; i < 100; ++i) {
    Reply reply = client.Get("/api/v2/test");
    ASSERT_EQ(reply.status, 200) << "request " << i;
    EXPECT_EQ(TokensOf(reply), 20);
  }
}

}  // namespace
}  // namespace odmcp::sandbox::testing
