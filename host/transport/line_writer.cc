#include "host/transport/line_writer.h"

#include <unistd.h>

#include <cerrno>

namespace odmcp {

LineWriter::LineWriter(int fd) : fd_(fd), thread_([this] { Loop(); }) {}

LineWriter::~LineWriter() { Close(); }

void LineWriter::Write(std::string_view message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (broken_ || closing_) return;
    pending_.append(message);
    pending_.push_back('\n');
  }
  ready_.notify_one();
}

void LineWriter::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LineWriter::Loop() {
  std::string batch;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return closing_ || !pending_.empty(); });
    if (pending_.empty() && closing_) return;
    batch.swap(pending_);
    pending_.clear();
    lock.unlock();
    size_t done = 0;
    bool failed = false;
    while (done < batch.size()) {
      ssize_t n = ::write(fd_, batch.data() + done, batch.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed = true;
        break;
      }
      done += static_cast<size_t>(n);
    }
    batch.clear();
    lock.lock();
    if (failed) {
      broken_ = true;
      pending_.clear();
    }
  }
}

}  // namespace odmcp
