// InFlightCalls: how many calls are running in one plugin, so that unloading
// it can wait for them to finish before its shutdown runs (plugin.h: shutdown
// comes "after every call into the plugin has returned").
//
// A call counts from the construction of its ToolCall to its destruction,
// which covers a legacy-era call waiting for the client's answers between
// rounds: it resumes, and so must finish, on the plugin it started on.
//
// Thread safety: every method may be called from any thread. Enter() and
// Leave() take no lock unless the count drops to zero.
#ifndef ODMCP_HOST_PLUGINS_IN_FLIGHT_CALLS_H_
#define ODMCP_HOST_PLUGINS_IN_FLIGHT_CALLS_H_

#include <atomic>
#include <chrono>

#include "host/common/mutex.h"

namespace odmcp {

class InFlightCalls {
 public:
  void Enter() { count_.fetch_add(1, std::memory_order_acq_rel); }
  void Leave();
  int count() const { return count_.load(std::memory_order_acquire); }

  // Waits until no call runs or `timeout` passes; true if none runs.
  bool AwaitNone(std::chrono::milliseconds timeout);

 private:
  std::atomic<int> count_{0};
  // Orders Leave()'s wake-up after a waiter's look at count_.
  Mutex mutex_;
  CondVar none_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PLUGINS_IN_FLIGHT_CALLS_H_
