// IoPool: the threads that run the host's sockets, timers and request
// handlers, all on one boost::asio::io_context. Connections and event
// streams wait inside the io_context and hold no thread.
//
// Handlers may block (a tool call waits on OrderDesk; a legacy-era call
// waits for its client's answer), and they must never leave the sockets, or
// the requests queued behind them, without a thread for long. A watcher
// thread looks every kStallCheck; when every thread is inside a handler,
// and either none started since its last look or those that started had
// waited longer than kLongWait, it starts more threads (one, or for work
// waiting in the queue up to half as many again), up to max_threads. Short
// handlers (most calls) are never held up that long, so they never grow the
// pool beyond min_threads, which is what a 2-core machine serves fastest
// with. When the burst is over, threads that no handler has needed for
// kRetireAfter leave again: idle threads are not free, as the io_context
// wakes them in turn.
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

namespace odmcp {

class IoPool {
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
  std::atomic<size_t> peak_busy_{0};  // since the last retirement check
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
  Clock::time_point last_retire_check_ = Clock::now();
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_IO_POOL_H_
