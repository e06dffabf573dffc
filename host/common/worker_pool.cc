#include "host/common/worker_pool.h"

#include <algorithm>

namespace odmcp {

WorkerPool::WorkerPool(size_t min_threads, size_t max_threads,
                       std::chrono::milliseconds idle_timeout)
    : min_threads_(min_threads),
      max_threads_(std::max<size_t>(1, std::max(min_threads, max_threads))),
      idle_timeout_(idle_timeout) {}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::Submit(std::function<void()> task) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return false;
  tasks_.push_back(std::move(task));
  if (idle_threads_ >= tasks_.size() || live_threads_ >= max_threads_) {
    lock.unlock();
    work_ready_.notify_one();
    return true;
  }
  // Join threads that exited on idle timeout before starting a new one, so
  // the vector of handles does not grow without bound.
  for (auto it = threads_.begin(); it != threads_.end();) {
    if (std::find(exited_.begin(), exited_.end(), it->get_id()) != exited_.end()) {
      exited_.erase(std::find(exited_.begin(), exited_.end(), it->get_id()));
      it->join();
      it = threads_.erase(it);
    } else {
      ++it;
    }
  }
  ++live_threads_;
  threads_.emplace_back([this] { WorkerLoop(); });
  return true;
}

void WorkerPool::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++idle_threads_;
    bool woke = work_ready_.wait_for(lock, idle_timeout_,
                                     [this] { return stopping_ || !tasks_.empty(); });
    --idle_threads_;
    if (tasks_.empty()) {
      if (stopping_ || (!woke && live_threads_ > min_threads_)) break;
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

void WorkerPool::Shutdown() {
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

size_t WorkerPool::thread_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_threads_;
}

}  // namespace odmcp
