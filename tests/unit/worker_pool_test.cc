// WorkerPool: runs everything submitted, starts threads on demand up to its
// maximum, and lets surplus threads go after the idle timeout.
#include "host/common/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace odmcp {
namespace {

TEST(WorkerPoolTest, RunsEveryTaskBeforeShutdownReturns) {
  std::atomic<int> done{0};
  WorkerPool pool(1, 4);
  for (int i = 0; i < 1000; ++i) pool.Submit([&] { done++; });
  pool.Shutdown();
  EXPECT_EQ(done.load(), 1000);
  EXPECT_FALSE(pool.Submit([] {}));
}

TEST(WorkerPoolTest, BlockedTasksDoNotStarveNewOnesUpToTheMaximum) {
  WorkerPool pool(1, 8);
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<int> started{0};
  for (int i = 0; i < 7; ++i) {
    pool.Submit([&] {
      started++;
      std::unique_lock<std::mutex> lock(mutex);
      released.wait(lock, [&] { return release; });
    });
  }
  std::atomic<bool> ran{false};
  pool.Submit([&] { ran = true; });
  for (int i = 0; i < 500 && !ran; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(ran.load());
  EXPECT_EQ(started.load(), 7);
  EXPECT_LE(pool.thread_count(), 8u);
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
  }
  released.notify_all();
  pool.Shutdown();
}

TEST(WorkerPoolTest, SurplusThreadsExitWhenIdle) {
  WorkerPool pool(1, 4, std::chrono::milliseconds(20));
  std::atomic<int> running{0};
  for (int i = 0; i < 4; ++i) {
    pool.Submit([&] {
      running++;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    });
  }
  for (int i = 0; i < 200 && running < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(pool.thread_count(), 4u);
  for (int i = 0; i < 300 && pool.thread_count() > 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(pool.thread_count(), 1u);
}

}  // namespace
}  // namespace odmcp
