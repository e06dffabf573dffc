#include "host/transport/io_pool.h"

#include <boost/asio/defer.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <exception>

#include "host/services/log.h"

namespace odmcp {
namespace {

// Thrown by a handler the watcher posts to make one idle thread leave:
// whichever thread runs it returns from the io_context, and no other.
struct RetireThisThread {};

// Raises `peak` to `value` if it is lower.
template <class T>
void RaiseTo(std::atomic<T>& peak, T value) {
  T seen = peak.load(std::memory_order_relaxed);
  while (value > seen && !peak.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

IoPool::IoPool(size_t min_threads, size_t max_threads, std::chrono::milliseconds retire_after)
    : min_threads_(std::max<size_t>(2, min_threads)),
      max_threads_(std::max(min_threads_, max_threads)),
      retire_after_(retire_after),
      io_(static_cast<int>(max_threads_)) {}

IoPool::~IoPool() { Stop(); }

void IoPool::Start() {
  std::lock_guard lock(mutex_);
  if (work_ || stopped_) return;
  work_.emplace(io_.get_executor());
  while (threads_.load() < min_threads_) StartThreadLocked();
  if (max_threads_ > min_threads_) watcher_ = std::thread([this] { Watch(); });
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
    RaiseTo<int64_t>(longest_wait_us_,
                     std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - queued)
                         .count());
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

void IoPool::EnteredBlocking() {
  RaiseTo<size_t>(peak_blocked_, blocked_.fetch_add(1, std::memory_order_relaxed) + 1);
}

void IoPool::LeftBlocking() { blocked_.fetch_sub(1, std::memory_order_relaxed); }

void IoPool::ThreadMain() {
  BlockingRegion::ObserveThisThread(this);
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const RetireThisThread&) {
      std::lock_guard lock(mutex_);
      retired_.push_back(std::this_thread::get_id());
      return;
    } catch (const std::exception& e) {
      // A handler that throws must not take its thread (and every socket
      // waiting on it) down with it.
      HostLog().Error("a request handler failed", {{"error", e.what()}});
    }
  }
}

void IoPool::Watch() {
  started_at_last_look_ = started_.load();
  std::unique_lock lock(mutex_);
  while (!stopping_.wait_for(lock, kStallCheck, [this] { return stopped_; })) {
    Grow();
    Retire(Clock::now());
    // Join the threads that left (they have returned; joining is at once).
    for (std::thread::id id : retired_) {
      auto it = std::find_if(workers_.begin(), workers_.end(),
                             [id](const std::thread& t) { return t.get_id() == id; });
      if (it == workers_.end()) continue;
      it->join();
      workers_.erase(it);
    }
    retired_.clear();
  }
}

void IoPool::Grow() {
  const uint64_t started = started_.load(std::memory_order_relaxed);
  const uint64_t waiting = posted_.load(std::memory_order_relaxed) - started;
  const int64_t longest_wait_us = longest_wait_us_.exchange(0, std::memory_order_relaxed);
  const size_t threads = threads_.load();
  const size_t blocked = blocked_.load(std::memory_order_relaxed);
  // Stuck, not merely busy: every thread is inside a handler and none could
  // start one for two looks in a row (one may be the whole process waiting
  // for a core on a busy machine), or handlers waited long while those in
  // regions left fewer than min_threads threads to compute.
  const bool still =
      busy_.load(std::memory_order_relaxed) >= threads && started == started_at_last_look_;
  frozen_looks_ = still ? frozen_looks_ + 1 : 0;
  const bool frozen = frozen_looks_ >= 2;
  const bool starved = longest_wait_us > kLongWait.count() && threads < blocked + min_threads_;
  const bool stalled = frozen || starved;
  started_at_last_look_ = started;
  stalled_since_retire_check_ = stalled_since_retire_check_ || stalled;
  if (!stalled || threads >= max_threads_) return;
  const size_t more = std::min<size_t>(
      {std::max<uint64_t>(waiting, 1), std::max<size_t>(1, threads / 2), max_threads_ - threads});
  for (size_t i = 0; i < more; ++i) StartThreadLocked();
}

void IoPool::Retire(Clock::time_point now) {
  if (now - last_retire_check_ < retire_after_) return;
  last_retire_check_ = now;
  const bool stalled = stalled_since_retire_check_;
  stalled_since_retire_check_ = false;
  const size_t peak_blocked =
      peak_blocked_.exchange(blocked_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  if (stalled) return;
  const size_t needed = min_threads_ + peak_blocked;
  const size_t threads = threads_.load();
  for (size_t i = needed; i < threads; ++i) {
    threads_.fetch_sub(1);
    boost::asio::post(io_, [] { throw RetireThisThread{}; });
  }
}

}  // namespace odmcp
