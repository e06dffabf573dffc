// IoPool: the threads that run the host's sockets, timers and request
// handlers, all on one boost::asio::io_context. Connections and event
// streams wait inside the io_context and hold no thread.
//
// Handlers may block (a tool call waits on OrderDesk; a legacy-era call
// waits for its client's answer), and they must never leave the sockets, or
// the requests queued behind them, without a thread for long. Code that
// waits says so with a BlockingRegion (host/common/blocking_region.h: the
// host's HTTP client, rate limiter and client requests do), so the pool
// knows how many of its threads are waiting rather than computing.
//
// A watcher thread looks every kStallCheck. It starts more threads (one, or
// for work waiting in the queue up to half as many again, up to
// max_threads) when the pool stalls: every thread is inside a handler and
// none could start one for two looks in a row (handlers blocked where no
// region marks it, such as a plugin waiting on its own sockets, or very
// long ones), or handlers waited longer than kLongWait for a thread while
// those waiting in regions left fewer than min_threads to compute. A queue
// that is merely long, because the cores are busy, is not a stall: more
// threads than cores only take turns at them, with a context switch each
// time. So short handlers (most calls) never grow the pool beyond
// min_threads, which is what a 2-core machine serves fastest with.
//
// Every kRetireAfter the watcher keeps min_threads, plus a thread for each
// handler waiting in a region at the busiest moment of the period, and
// retires the rest, however busy the pool is with handlers that compute.
// Only a period that stalled keeps them all, as whatever blocked unmarked
// may need them again; such handlers lose their threads in a quiet period
// and win them back, by stalls, in the next burst.
//
// At most max_threads - 1 handlers run at once (more wait in a queue), so
// one thread is always left for the sockets: a client can still be read,
// and a call cancelled, when every handler blocks.
//
// Thread safety: Run() may be called from any thread.
#ifndef ODMCP_HOST_TRANSPORT_IO_POOL_H_
#define ODMCP_HOST_TRANSPORT_IO_POOL_H_

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "host/common/blocking_region.h"

namespace odmcp {

class IoPool : private BlockingObserver {
  using Clock = std::chrono::steady_clock;

 public:
  static constexpr std::chrono::milliseconds kStallCheck{10};
  static constexpr std::chrono::microseconds kLongWait{2000};
  static constexpr std::chrono::seconds kRetireAfter{10};

  // At least 2 threads: one for handlers and one for the sockets.
  // `retire_after`: how long threads beyond min_threads may idle.
  IoPool(size_t min_threads, size_t max_threads,
         std::chrono::milliseconds retire_after = kRetireAfter);
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;
  ~IoPool();  // Stop()

  boost::asio::io_context& context() { return io_; }

  // Starts min_threads threads.
  void Start();
  // Runs `work` on a pool thread, never inline and never inside a strand,
  // counting the thread busy while it runs.
  void Run(std::function<void()> work);
  // Stops the io_context and joins every thread: handlers running now
  // finish, queued ones are dropped. Not from a pool thread.
  void Stop();

  size_t threads() const { return threads_.load(); }

 private:
  void EnteredBlocking() override;
  void LeftBlocking() override;

  void StartThreadLocked();
  void ThreadMain();
  void Post(std::function<void()> work);
  // A handler finished: starts the next queued one, if any.
  void Next();
  // The watcher: adds threads when all are stuck in handlers, retires them
  // when they have long been idle.
  void Watch();
  void Grow();
  void Retire(Clock::time_point now);

  const size_t min_threads_;
  const size_t max_threads_;
  const std::chrono::milliseconds retire_after_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::atomic<size_t> threads_{0};
  std::atomic<size_t> busy_{0};
  std::atomic<size_t> blocked_{0};       // handlers inside a BlockingRegion
  std::atomic<size_t> peak_blocked_{0};  // since the last retirement check
  std::atomic<uint64_t> posted_{0};   // handlers handed to the io_context
  std::atomic<uint64_t> started_{0};  // ... and begun
  std::atomic<int64_t> longest_wait_us_{0};  // since the watcher's last look
  std::mutex queue_mutex_;             // guards what follows
  size_t running_ = 0;                 // handlers posted and not finished
  std::deque<std::function<void()>> queued_;

  std::mutex mutex_;  // guards what follows
  std::condition_variable stopping_;
  bool stopped_ = false;
  std::vector<std::thread> workers_;
  std::vector<std::thread::id> retired_;  // threads that left; joined by the watcher
  std::thread watcher_;
  // Watcher only.
  uint64_t started_at_last_look_ = 0;
  int frozen_looks_ = 0;  // looks in a row that found the pool frozen
  bool stalled_since_retire_check_ = false;
  Clock::time_point last_retire_check_ = Clock::now();
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_IO_POOL_H_
