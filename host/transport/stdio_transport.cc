#include "host/transport/stdio_transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <cerrno>
#include <cstring>

#include "host/services/log.h"
#include "host/transport/io_pool.h"

namespace odmcp {
namespace asio = boost::asio;

namespace {

// A descriptor the io_context can watch (a pipe, terminal or socket), or
// nullopt for one it cannot (a regular file, /dev/null).
std::optional<asio::posix::stream_descriptor> Watchable(asio::io_context& io, int fd) {
  const int copy = ::dup(fd);
  if (copy < 0) return std::nullopt;
  asio::posix::stream_descriptor descriptor(io);
  boost::system::error_code ec;
  descriptor.assign(copy, ec);
  if (ec) {
    ::close(copy);
    return std::nullopt;
  }
  return descriptor;
}

}  // namespace

StdioTransport::StdioTransport(IoPool& pool, int input_fd, int output_fd, int64_t max_message_bytes)
    : pool_(pool),
      max_message_bytes_(max_message_bytes),
      input_fd_(input_fd),
      output_fd_(output_fd),
      strand_(asio::make_strand(pool.context())),
      input_flags_(::fcntl(input_fd, F_GETFL)),
      output_flags_(::fcntl(output_fd, F_GETFL)),
      input_(Watchable(pool.context(), input_fd)),
      output_(Watchable(pool.context(), output_fd)) {}

StdioTransport::~StdioTransport() {
  if (blocking_reader_.joinable()) blocking_reader_.join();
  input_.reset();
  output_.reset();
  // The descriptors are shared with whoever started the host (a shell's
  // terminal, say): leave them blocking, as they were.
  if (input_flags_ >= 0) ::fcntl(input_fd_, F_SETFL, input_flags_);
  if (output_flags_ >= 0) ::fcntl(output_fd_, F_SETFL, output_flags_);
}

void StdioTransport::Run(StdioConnection& connection) {
  connection_ = &connection;
  if (input_) {
    asio::post(strand_, [this] { ReadMore(); });
  } else {
    blocking_reader_ = std::thread([this] { ReadBlocking(); });
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return input_ended_; });
  lock.unlock();
  // Nobody is left to answer the host's requests, or to hear changes; the
  // requests in flight may still finish and be answered.
  connection.Close();
  lock.lock();
  changed_.wait(lock, [this] { return in_flight_ == 0; });
  changed_.wait(lock, [this] { return broken_ || (pending_.empty() && !write_busy_); });
}

void StdioTransport::Stop() {
  // Ending the input first means a read that completed meanwhile does not
  // start another.
  asio::post(strand_, [this] {
    EndInput();
    if (input_) {
      boost::system::error_code ignored;
      input_->cancel(ignored);
    }
  });
}

void StdioTransport::ReadMore() {
  input_->async_read_some(
      asio::buffer(buffer_),
      asio::bind_executor(strand_, [this](boost::system::error_code ec, size_t bytes) {
        if (ec) return EndInput();
        Consume(std::string_view(buffer_, bytes));
        std::lock_guard lock(mutex_);
        if (input_ended_) return;
        if (pending_.size() + writing_.size() > kPauseInputAbove) {
          input_paused_ = true;
          return;
        }
        ReadMore();
      }));
}

void StdioTransport::ReadBlocking() {
  char chunk[64 * 1024];
  for (;;) {
    ssize_t n = ::read(input_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    asio::post(strand_, [this, bytes = std::string(chunk, static_cast<size_t>(n))] {
      Consume(bytes);
    });
    std::lock_guard lock(mutex_);
    if (input_ended_) return;
  }
  asio::post(strand_, [this] { EndInput(); });
}

void StdioTransport::Consume(std::string_view bytes) {
  {
    std::lock_guard lock(mutex_);
    if (input_ended_) return;
  }
  while (!bytes.empty()) {
    const size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (!oversized_) {
      line_.append(piece);
      if (static_cast<int64_t>(line_.size()) > max_message_bytes_) {
        oversized_ = true;
        line_.clear();
        line_.shrink_to_fit();
      }
    }
    if (newline == std::string_view::npos) return;
    bytes.remove_prefix(newline + 1);
    if (oversized_) {
      connection_->OnOversizedLine(max_message_bytes_);
      oversized_ = false;
      continue;
    }
    std::function<void()> work = connection_->OnLine(line_);
    line_.clear();
    if (!work) continue;
    {
      std::lock_guard lock(mutex_);
      ++in_flight_;
    }
    pool_.Run([this, work = std::move(work)] {
      work();
      std::lock_guard lock(mutex_);
      if (--in_flight_ == 0) changed_.notify_all();
    });
  }
}

void StdioTransport::EndInput() {
  {
    std::lock_guard lock(mutex_);
    if (input_ended_) return;
  }
  // A last message without its newline still counts.
  if (!line_.empty() && !oversized_) Consume("\n");
  std::lock_guard lock(mutex_);
  input_ended_ = true;
  changed_.notify_all();
}

void StdioTransport::WriteLine(std::string_view message) {
  std::unique_lock lock(mutex_);
  if (broken_) return;
  pending_.append(message);
  pending_.push_back('\n');
  if (!output_) return WriteBlocking(lock);
  if (!write_busy_) WriteMore();
}

void StdioTransport::WriteMore() {
  writing_.swap(pending_);
  pending_.clear();
  write_busy_ = true;
  asio::async_write(*output_, asio::buffer(writing_),
                    [this](boost::system::error_code ec, size_t) {
                      std::lock_guard lock(mutex_);
                      write_busy_ = false;
                      writing_.clear();
                      if (ec) {
                        // The reader went away: what it would have read is dropped.
                        broken_ = true;
                        pending_.clear();
                      } else if (!pending_.empty()) {
                        WriteMore();
                      }
                      if (input_paused_ && !input_ended_ &&
                          pending_.size() + writing_.size() < kPauseInputAbove / 2) {
                        input_paused_ = false;
                        asio::post(strand_, [this] { ReadMore(); });
                      }
                      changed_.notify_all();
                    });
}

void StdioTransport::WriteBlocking(std::unique_lock<std::mutex>& lock) {
  if (write_busy_) return;  // the writer ahead takes this line too
  write_busy_ = true;
  while (!pending_.empty() && !broken_) {
    writing_.swap(pending_);
    pending_.clear();
    lock.unlock();
    size_t done = 0;
    bool failed = false;
    while (done < writing_.size()) {
      ssize_t n = ::write(output_fd_, writing_.data() + done, writing_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed = true;
        break;
      }
      done += static_cast<size_t>(n);
    }
    lock.lock();
    writing_.clear();
    if (failed) {
      broken_ = true;
      pending_.clear();
    }
  }
  write_busy_ = false;
  changed_.notify_all();
}

}  // namespace odmcp
