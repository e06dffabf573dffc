#include "tests/edge/support/io_thread.h"

#include <boost/asio/post.hpp>

#include <future>
#include <utility>

namespace odmcp::testing::edge {

IoThread::IoThread()
    : keep_running_(boost::asio::make_work_guard(context_)),
      thread_([this] { context_.run(); }) {}

IoThread::~IoThread() { Stop(); }

void IoThread::RunAndWait(std::function<void()> work) {
  std::promise<void> done;
  boost::asio::post(context_, [&work, &done] {
    work();
    done.set_value();
  });
  done.get_future().wait();
}

void IoThread::Stop() {
  if (!thread_.joinable()) return;
  keep_running_.reset();
  context_.stop();
  thread_.join();
}

}  // namespace odmcp::testing::edge
