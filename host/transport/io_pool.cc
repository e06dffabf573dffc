#include "host/transport/io_pool.h"

#include <boost/asio/defer.hpp>

#include <algorithm>
#include <exception>

#include "host/services/log.h"

namespace odmcp {

IoPool::IoPool(size_t min_threads, size_t max_threads)
    : min_threads_(std::max<size_t>(2, min_threads)),
      max_threads_(std::max(min_threads_, max_threads)),
      io_(static_cast<int>(max_threads_)) {}

IoPool::~IoPool() { Stop(); }

void IoPool::Start() {
  std::lock_guard lock(mutex_);
  if (work_ || stopped_) return;
  work_.emplace(io_.get_executor());
  while (threads_.load() < min_threads_) StartThreadLocked();
  if (max_threads_ > min_threads_) watcher_ = std::thread([this] { WatchForStalls(); });
}

void IoPool::Run(std::function<void()> work) {
  {
    std::lock_guard lock(queue_mutex_);
    if (running_ >= max_threads_ - 1) {
      queued_.push_back(std::move(work));
      return;
    }
    ++running_;
  }
  Post(std::move(work));
}

void IoPool::Post(std::function<void()> work) {
  posted_.fetch_add(1, std::memory_order_relaxed);
  // Deferred, not posted: from a pool thread (the usual case: a connection
  // handing its request over) the work stays with that thread, which takes
  // it up next, rather than waking another.
  boost::asio::defer(io_, [this, work = std::move(work), queued = Clock::now()] {
    started_.fetch_add(1, std::memory_order_relaxed);
    const int64_t waited_us =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - queued).count();
    int64_t longest = longest_wait_us_.load(std::memory_order_relaxed);
    while (waited_us > longest &&
           !longest_wait_us_.compare_exchange_weak(longest, waited_us, std::memory_order_relaxed)) {
    }
    busy_.fetch_add(1, std::memory_order_relaxed);
    work();
    busy_.fetch_sub(1, std::memory_order_relaxed);
    Next();
  });
}

void IoPool::Next() {
  std::function<void()> work;
  {
    std::lock_guard lock(queue_mutex_);
    if (queued_.empty()) {
      --running_;
      return;
    }
    work = std::move(queued_.front());
    queued_.pop_front();
  }
  Post(std::move(work));
}

void IoPool::Stop() {
  std::vector<std::thread> workers;
  std::thread watcher;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    work_.reset();
    io_.stop();
    workers.swap(workers_);
    watcher.swap(watcher_);
  }
  stopping_.notify_all();
  if (watcher.joinable()) watcher.join();
  for (std::thread& t : workers) t.join();
}

void IoPool::StartThreadLocked() {
  threads_.fetch_add(1);
  workers_.emplace_back([this] { ThreadMain(); });
}

void IoPool::ThreadMain() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      // A handler that throws must not take its thread (and every socket
      // waiting on it) down with it.
      HostLog().Error("a request handler failed", {{"error", e.what()}});
    }
  }
}

void IoPool::WatchForStalls() {
  uint64_t started_before = started_.load();
  std::unique_lock lock(mutex_);
  while (!stopping_.wait_for(lock, kStallCheck, [this] { return stopped_; })) {
    const uint64_t started = started_.load(std::memory_order_relaxed);
    const uint64_t waiting = posted_.load(std::memory_order_relaxed) - started;
    const int64_t longest_wait_us = longest_wait_us_.exchange(0, std::memory_order_relaxed);
    const size_t threads = threads_.load();
    const bool stalled = waiting > 0 && busy_.load(std::memory_order_relaxed) >= threads &&
                         (started == started_before || longest_wait_us > kLongWait.count());
    started_before = started;
    if (!stalled) continue;
    const size_t more = std::min<size_t>({waiting, std::max<size_t>(1, threads / 2),
                                          max_threads_ - threads});
    for (size_t i = 0; i < more; ++i) StartThreadLocked();
  }
}

}  // namespace odmcp
