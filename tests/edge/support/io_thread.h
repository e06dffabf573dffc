// One Boost.Asio io_context run by its own background thread, so a test's own
// thread stays free while thousands of client sockets are served.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_IO_THREAD_H_
#define ODMCP_TESTS_EDGE_SUPPORT_IO_THREAD_H_

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <functional>
#include <thread>

namespace odmcp::testing::edge {

class IoThread {
 public:
  IoThread();  // starts the thread; it runs until Stop()
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;
  ~IoThread();  // Stop()

  boost::asio::io_context& context() { return context_; }

  // Runs `work` on the io thread and returns once it has returned. Must not
  // be called from the io thread itself (it would wait for itself).
  void RunAndWait(std::function<void()> work);

  // Stops the io_context and joins the thread; handlers not yet run are
  // destroyed with the io_context, never run. Idempotent.
  void Stop();

 private:
  boost::asio::io_context context_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keep_running_;
  std::thread thread_;
};

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_IO_THREAD_H_
