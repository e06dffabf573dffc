#include "pool_task_queue.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace odmcp {
namespace {

constexpr size_t kMinThreads = 2;
constexpr std::chrono::seconds kIdleTimeout{30};

}  // namespace

PoolTaskQueue::PoolTaskQueue(size_t max_threads)
    : max_threads_(std::max(kMinThreads, max_threads)) {}

PoolTaskQueue::~PoolTaskQueue() { shutdown(); }

void PoolTaskQueue::enqueue(std::function<void()> fn) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return;
  tasks_.push_back(std::move(fn));
  if (idle_threads_ >= tasks_.size() || live_threads_ >= max_threads_) {
    lock.unlock();
    work_ready_.notify_one();
    return;
  }
  // Join threads that exited on idle timeout before starting a new one, so
  // the vector of handles does not grow without bound.
  for (auto it = threads_.begin(); it != threads_.end();) {
    auto exited = std::find(exited_.begin(), exited_.end(), it->get_id());
    if (exited != exited_.end()) {
      exited_.erase(exited);
      it->join();
      it = threads_.erase(it);
    } else {
      ++it;
    }
  }
  ++live_threads_;
  threads_.emplace_back([this] { WorkerLoop(); });
}

void PoolTaskQueue::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++idle_threads_;
    bool woke = work_ready_.wait_for(lock, kIdleTimeout,
                                     [this] { return stopping_ || !tasks_.empty(); });
    --idle_threads_;
    if (tasks_.empty()) {
      if (stopping_ || (!woke && live_threads_ > kMinThreads)) break;
      continue;
    }
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
  --live_threads_;
  exited_.push_back(std::this_thread::get_id());
}

void PoolTaskQueue::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);
  }
  work_ready_.notify_all();
  for (std::thread& t : threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace odmcp
