// IoPool: handlers that block get threads of their own, the sockets always
// keep one, and the extra threads leave once no blocked handler needs them,
// however busy the pool is.
#include "host/transport/io_pool.h"

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "host/common/blocking_region.h"

namespace odmcp {
namespace {

using std::chrono::milliseconds;

// Blocks every caller of Wait() until Open().
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool WaitForWaiters(int n, milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

bool Eventually(const std::function<bool()>& condition, milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!condition() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  return condition();
}

TEST(IoPoolTest, BlockedHandlersGetThreadsAndTheExtraThreadsLeaveOnceIdle) {
  IoPool pool(2, 16, milliseconds(200));
  pool.Start();
  EXPECT_EQ(pool.threads(), 2u);
  Gate gate;
  for (int i = 0; i < 8; ++i) pool.Run([&gate] { gate.Wait(); });
  // Eight handlers block at once: the pool grew for each of them, and then
  // by one more for the sockets.
  ASSERT_TRUE(gate.WaitForWaiters(8, milliseconds(5000)));
  EXPECT_TRUE(Eventually([&] { return pool.threads() >= 9u; }, milliseconds(5000)))
      << pool.threads() << " threads";
  // ... and a ninth piece of work still runs meanwhile.
  std::atomic<bool> ran{false};
  pool.Run([&ran] { ran = true; });
  EXPECT_TRUE(Eventually([&] { return ran.load(); }, milliseconds(5000)));
  gate.Open();
  EXPECT_TRUE(Eventually([&] { return pool.threads() == 2u; }, milliseconds(5000)))
      << pool.threads() << " threads";
  pool.Stop();
}

// Grows `pool` by blocking `count` handlers on `gate` (inside a
// BlockingRegion if `marked`) until it has more than `count` threads.
void GrowWithBlockedHandlers(IoPool& pool, Gate& gate, int count, bool marked) {
  for (int i = 0; i < count; ++i) {
    pool.Run([&gate, marked] {
      if (!marked) return gate.Wait();
      BlockingRegion waiting;
      gate.Wait();
    });
  }
  ASSERT_TRUE(gate.WaitForWaiters(count, milliseconds(5000)));
  ASSERT_TRUE(Eventually([&] { return pool.threads() > static_cast<size_t>(count); },
                         milliseconds(5000)))
      << pool.threads() << " threads";
}

// Clients that each keep one handler, `compute` long, always in the pool:
// they run it, wait for it to finish and run it again, until destroyed.
class ComputingClients {
 public:
  ComputingClients(IoPool& pool, int count, std::chrono::microseconds compute) {
    for (int i = 0; i < count; ++i) {
      clients_.emplace_back([this, &pool, compute] {
        while (!stop_) {
          std::promise<void> done;
          pool.Run([&done, compute] {
            const auto until = std::chrono::steady_clock::now() + compute;
            while (std::chrono::steady_clock::now() < until) {
            }
            done.set_value();
          });
          done.get_future().wait();
        }
      });
    }
  }
  ~ComputingClients() {
    stop_ = true;
    for (std::thread& client : clients_) client.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> clients_;
};

TEST(IoPoolTest, ExtraThreadsLeaveWhileShortHandlersKeepEveryThreadBusy) {
  IoPool pool(2, 16, milliseconds(200));
  pool.Start();
  Gate gate;
  GrowWithBlockedHandlers(pool, gate, 8, /*marked=*/false);
  gate.Open();
  {
    // They keep every thread busy in turn, but none of them waits on anything.
    ComputingClients clients(pool, 8, std::chrono::microseconds(20));
    EXPECT_TRUE(Eventually([&] { return pool.threads() == 2u; }, milliseconds(5000)))
        << pool.threads() << " threads while short handlers kept arriving";
  }
  pool.Stop();
}

TEST(IoPoolTest, ALongQueueOfHandlersThatComputeDoesNotGrowThePool) {
  IoPool pool(2, 16, milliseconds(60000));
  pool.Start();
  {
    // With sixteen 0.5 ms handlers always queued, a handler waits several ms
    // for a thread, because the threads are computing.
    ComputingClients clients(pool, 16, std::chrono::microseconds(500));
    std::this_thread::sleep_for(milliseconds(1000));
    EXPECT_EQ(pool.threads(), 2u) << "more threads would only take turns at the cores";
  }
  pool.Stop();
}

TEST(IoPoolTest, HandlersWaitingInABlockingRegionKeepTheirThreads) {
  IoPool pool(2, 16, milliseconds(100));
  pool.Start();
  Gate gate;
  GrowWithBlockedHandlers(pool, gate, 6, /*marked=*/true);
  // Five retirement periods pass without a stall: the six waiting handlers
  // keep a thread each, and one is left for the sockets.
  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_GE(pool.threads(), 7u);
  gate.Open();
  EXPECT_TRUE(Eventually([&] { return pool.threads() == 2u; }, milliseconds(5000)))
      << pool.threads() << " threads";
  pool.Stop();
}

TEST(IoPoolTest, AtMostAllButOneThreadRunHandlers) {
  IoPool pool(2, 4, milliseconds(60000));
  pool.Start();
  Gate gate;
  std::atomic<int> started{0};
  for (int i = 0; i < 6; ++i) {
    pool.Run([&] {
      ++started;
      gate.Wait();
    });
  }
  ASSERT_TRUE(gate.WaitForWaiters(3, milliseconds(5000)));
  std::this_thread::sleep_for(milliseconds(100));
  // Four threads at most, one of them kept for the sockets: three handlers
  // run, three wait their turn.
  EXPECT_EQ(started.load(), 3);
  boost::asio::steady_timer timer(pool.context(), milliseconds(1));
  std::atomic<bool> fired{false};
  timer.async_wait([&fired](boost::system::error_code) { fired = true; });
  EXPECT_TRUE(Eventually([&] { return fired.load(); }, milliseconds(5000)))
      << "the io_context has no thread left";
  gate.Open();
  EXPECT_TRUE(Eventually([&] { return started.load() == 6; }, milliseconds(5000)));
  pool.Stop();
}

}  // namespace
}  // namespace odmcp
