// RequestCoalescer without a network: who leads, who shares an outcome in
// flight, and which late callers may take a finished one (those who began
// before it was sent, within kKeepMs, 2xx only, within kKeepBytes).

#include "host/services/http_client/request_coalescer.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/manual_clock.h"

namespace odmcp::testing {
namespace {

class RequestCoalescerTest : public ::testing::Test {
 protected:
  // Runs `key` for a caller that began at `began`, counting real fetches.
  HttpOutcome Run(const std::string& key, std::optional<int64_t> began, int status = 200,
                  std::string body = "reply") {
    RequestCoalescer::Waiter waiter;
    waiter.began_steady_ms = began;
    return coalescer_.Run(
        key, waiter,
        [&] {
          ++fetches_;
          auto response = std::make_shared<HttpResponse>();
          response->status = status;
          response->body = body;
          return HttpOutcome{ODMCP_OK, "", std::move(response), false};
        },
        [](odmcp_status s) {
          return HttpOutcome{s, "abandoned", nullptr, false};
        });
  }

  ManualClock clock_;
  RequestCoalescer coalescer_{&clock_};
  int fetches_ = 0;
};

TEST_F(RequestCoalescerTest, ACallerThatBeganBeforeAFinishedRequestWasSentSharesIt) {
  const int64_t began = clock_.SteadyMillis();
  clock_.Advance(5);
  const HttpOutcome first = Run("k", clock_.SteadyMillis());
  clock_.Advance(10);
  const HttpOutcome late = Run("k", began);
  EXPECT_EQ(fetches_, 1);
  EXPECT_FALSE(first.coalesced);
  EXPECT_TRUE(late.coalesced);
  EXPECT_EQ(late.response, first.response);
}

TEST_F(RequestCoalescerTest, ACallerThatBeganAfterItWasSentRunsAnew) {
  Run("k", clock_.SteadyMillis());
  clock_.Advance(1);
  const HttpOutcome later = Run("k", clock_.SteadyMillis());
  EXPECT_FALSE(later.coalesced);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(RequestCoalescerTest, ACallerWithoutABeginningNeverTakesAFinishedOutcome) {
  Run("k", std::nullopt);
  Run("k", std::nullopt);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(RequestCoalescerTest, AFinishedOutcomeIsKeptOnlyForKeepMs) {
  const int64_t began = clock_.SteadyMillis();
  Run("k", began);
  clock_.Advance(RequestCoalescer::kKeepMs - 1);
  EXPECT_TRUE(Run("k", began).coalesced);
  clock_.Advance(1);
  EXPECT_FALSE(Run("k", began).coalesced);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(RequestCoalescerTest, OnlySuccessfulOutcomesAreKept) {
  const int64_t began = clock_.SteadyMillis();
  Run("k", began, 429);
  EXPECT_FALSE(Run("k", began, 429).coalesced);
  Run("k500", began, 500);
  EXPECT_FALSE(Run("k500", began, 500).coalesced);
  EXPECT_EQ(fetches_, 4);
}

TEST_F(RequestCoalescerTest, KeysAreKeptApart) {
  const int64_t began = clock_.SteadyMillis();
  Run("a", began);
  EXPECT_FALSE(Run("b", began).coalesced);
  EXPECT_TRUE(Run("a", began).coalesced);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(RequestCoalescerTest, KeptBodiesStayWithinKeepBytesOldestForgottenFirst) {
  const int64_t began = clock_.SteadyMillis();
  const std::string half(RequestCoalescer::kKeepBytes / 2, 'x');
  Run("one", began, 200, half);
  Run("two", began, 200, half);
  Run("three", began, 200, half);  // pushes "one" out
  EXPECT_FALSE(Run("one", began).coalesced);
  EXPECT_TRUE(Run("three", began).coalesced);
  const std::string too_big(RequestCoalescer::kKeepBytes + 1, 'x');
  Run("big", began, 200, too_big);
  EXPECT_FALSE(Run("big", began).coalesced);
}

}  // namespace
}  // namespace odmcp::testing
