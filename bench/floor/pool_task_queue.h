// PoolTaskQueue: cpp-httplib's task queue for the httplib floor, with the
// thread model the host's cpp-httplib transport had: a thread starts
// whenever a task arrives and no thread is idle, up to `max_threads`;
// threads above two exit after 30 s without work; tasks beyond
// `max_threads` queue. cpp-httplib gives each connection a task for its
// whole keep-alive life, so a fixed-size pool would be starved by idle
// connections. (The host itself now serves on Boost.Asio, host/transport.)
#ifndef ODMCP_BENCH_FLOOR_POOL_TASK_QUEUE_H_
#define ODMCP_BENCH_FLOOR_POOL_TASK_QUEUE_H_

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace odmcp {

class PoolTaskQueue final : public httplib::TaskQueue {
 public:
  explicit PoolTaskQueue(size_t max_threads);
  PoolTaskQueue(const PoolTaskQueue&) = delete;
  PoolTaskQueue& operator=(const PoolTaskQueue&) = delete;
  ~PoolTaskQueue() override;  // shutdown()

  void enqueue(std::function<void()> fn) override;
  // Stops accepting tasks, runs the queued ones, and joins every thread.
  void shutdown() override;

 private:
  void WorkerLoop();

  const size_t max_threads_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::vector<std::thread::id> exited_;  // threads that left; joined lazily
  size_t live_threads_ = 0;
  size_t idle_threads_ = 0;
  bool stopping_ = false;
};

}  // namespace odmcp

#endif  // ODMCP_BENCH_FLOOR_POOL_TASK_QUEUE_H_
