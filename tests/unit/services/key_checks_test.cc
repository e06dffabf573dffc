// KeyChecks: one check per key at a time, a bounded number of derivations
// at once, and every wait bounded.
#include "host/services/tenants/key_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "host/common/blocking_region.h"

namespace odmcp {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

AuthOutcome Verified(int64_t id) {
  auto tenant = std::make_shared<Tenant>();
  tenant->id = id;
  return {AuthStatus::kOk, tenant, {}};
}

TEST(KeyChecksTest, ConcurrentChecksOfOneKeyRunOnceAndShareTheVerdict) {
  KeyChecks checks({.max_at_once = 4, .max_wait = milliseconds(10000)});
  std::atomic<int> runs{0};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto check = [&] {
    ++runs;
    released.wait();
    return Verified(7);
  };
  // Callers waiting for a verdict do so in a BlockingRegion: counting them
  // tells when all seven followers wait on the first check.
  class WaitCounter : public BlockingObserver {
   public:
    void EnteredBlocking() override { ++waiting; }
    void LeftBlocking() override {}
    std::atomic<int> waiting{0};
  } counter;
  std::vector<std::future<AuthOutcome>> outcomes;
  for (int i = 0; i < 8; ++i) {
    outcomes.push_back(std::async(std::launch::async, [&] {
      BlockingRegion::ObserveThisThread(&counter);
      return checks.Once("key", check);
    }));
  }
  while (counter.waiting < 7) std::this_thread::yield();
  release.set_value();
  for (auto& outcome : outcomes) {
    AuthOutcome got = outcome.get();
    ASSERT_EQ(got.status, AuthStatus::kOk);
    EXPECT_EQ(got.tenant->id, 7);
  }
  EXPECT_EQ(runs.load(), 1);
  // Once decided, the next check runs afresh (remembering is the store's).
  EXPECT_EQ(checks.Once("key", check).status, AuthStatus::kOk);
  EXPECT_EQ(runs.load(), 2);
}

TEST(KeyChecksTest, ChecksOfDifferentKeysDoNotWaitForEachOther) {
  KeyChecks checks({.max_at_once = 4, .max_wait = milliseconds(10000)});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto slow = std::async(std::launch::async, [&] {
    return checks.Once("slow", [&] {
      released.wait();
      return Verified(1);
    });
  });
  EXPECT_EQ(checks.Once("fast", [] { return Verified(2); }).tenant->id, 2);
  release.set_value();
  EXPECT_EQ(slow.get().tenant->id, 1);
}

TEST(KeyChecksTest, AWaitForAVerdictBeyondMaxWaitIsBusy) {
  KeyChecks checks({.max_at_once = 4, .max_wait = milliseconds(50)});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> running{false};
  auto slow = std::async(std::launch::async, [&] {
    return checks.Once("key", [&] {
      running = true;
      released.wait();
      return Verified(1);
    });
  });
  while (!running) std::this_thread::yield();
  AuthOutcome waited = checks.Once("key", [] { return Verified(2); });
  EXPECT_EQ(waited.status, AuthStatus::kBusy);
  EXPECT_THAT(waited.error, HasSubstr("key_check_wait_ms"));
  release.set_value();
  EXPECT_EQ(slow.get().status, AuthStatus::kOk);
}

TEST(KeyChecksTest, DerivationsBeyondTheSlotsWaitAndPastMaxWaitAreBusy) {
  KeyChecks checks({.max_at_once = 1, .max_wait = milliseconds(50)});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> running{false};
  auto holder = std::async(std::launch::async, [&] {
    return checks.InSlot([&] {
      running = true;
      released.wait();
      return Verified(1);
    });
  });
  while (!running) std::this_thread::yield();
  bool ran = false;
  AuthOutcome refused = checks.InSlot([&] {
    ran = true;
    return Verified(2);
  });
  EXPECT_EQ(refused.status, AuthStatus::kBusy);
  EXPECT_FALSE(ran);
  release.set_value();
  EXPECT_EQ(holder.get().status, AuthStatus::kOk);
  // The slot is free again.
  EXPECT_EQ(checks.InSlot([] { return Verified(3); }).tenant->id, 3);
  EXPECT_EQ(checks.derivations(), 2u);
}

TEST(KeyChecksTest, ACheckThatThrowsIsAnErrorForEveryoneWaitingAndFreesTheKey) {
  KeyChecks checks({.max_at_once = 1, .max_wait = milliseconds(10000)});
  AuthOutcome failed = checks.Once("key", []() -> AuthOutcome { throw std::bad_alloc(); });
  EXPECT_EQ(failed.status, AuthStatus::kError);
  EXPECT_EQ(checks.Once("key", [] { return Verified(4); }).tenant->id, 4);
  EXPECT_THROW(checks.InSlot([]() -> AuthOutcome { throw std::bad_alloc(); }), std::bad_alloc);
  EXPECT_EQ(checks.InSlot([] { return Verified(5); }).tenant->id, 5) << "the slot was not released";
}

}  // namespace
}  // namespace odmcp
