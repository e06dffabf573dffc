// Eventually: waits for what a test cannot be told of directly (another
// process's log line, a background thread's effect, a file's change) by
// polling for it, with a limit so that a failure fails rather than hangs.
// What a test can be told of (a latch, a condition variable, a manual
// clock) it waits for that way instead.
#ifndef ODMCP_TESTS_SUPPORT_EVENTUALLY_H_
#define ODMCP_TESTS_SUPPORT_EVENTUALLY_H_

#include <chrono>
#include <functional>
#include <thread>

namespace odmcp::testing {

// Polls `done` every `interval` until it holds (true) or `limit` has passed
// (false, after one last look).
inline bool Eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(10),
                       std::chrono::milliseconds interval = std::chrono::milliseconds(10)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return done();
    std::this_thread::sleep_for(interval);
  }
  return true;
}

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_SUPPORT_EVENTUALLY_H_
