// WorkerPool: runs tasks on threads that it starts on demand.
//
// Tool calls may block (on an upstream API, on a person answering an
// elicitation), and an HTTP keep-alive connection occupies a thread while it
// waits for its next request, so a fixed-size pool can be starved by idle
// connections. This pool starts a thread whenever a task arrives and no
// thread is idle, up to `max_threads`, and lets threads above `min_threads`
// exit after `idle_timeout` without work. Tasks beyond max_threads queue.
//
// Thread safety: every method may be called from any thread.
#ifndef ODMCP_HOST_COMMON_WORKER_POOL_H_
#define ODMCP_HOST_COMMON_WORKER_POOL_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace odmcp {

class WorkerPool {
 public:
  WorkerPool(size_t min_threads, size_t max_threads,
             std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();  // Shutdown()

  // Queues `task`. Returns false (and drops it) after Shutdown().
  bool Submit(std::function<void()> task);

  // Stops accepting tasks, runs the queued ones, and joins every thread.
  void Shutdown();

  size_t thread_count() const;

 private:
  void WorkerLoop();

  const size_t min_threads_;
  const size_t max_threads_;
  const std::chrono::milliseconds idle_timeout_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::vector<std::thread::id> exited_;  // threads that left; joined lazily
  size_t live_threads_ = 0;
  size_t idle_threads_ = 0;
  bool stopping_ = false;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_COMMON_WORKER_POOL_H_
