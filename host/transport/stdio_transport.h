// StdioTransport: MCP's stdio transport on Boost.Asio. It reads
// newline-delimited messages from an input descriptor and hands each line
// to a StdioConnection (the protocol side), runs the work of each request
// on the IoPool, and writes lines to an output descriptor, coalescing what
// accumulated since the last write into one write.
//
// Bounds: a line longer than max_message_bytes is dropped (the connection
// answers it with an error); while more than kPauseInputAbove bytes of
// output wait for a client that does not read them, input is not read, so
// a client cannot make the host buffer replies without end.
//
// Pipes, terminals and sockets are served through the io_context; a regular
// file or /dev/null (which epoll cannot watch) is read on a thread of its
// own and written with blocking writes.
//
// Thread safety: Run() on the control thread; Stop() and WriteLine() from
// any thread.
#ifndef ODMCP_HOST_TRANSPORT_STDIO_TRANSPORT_H_
#define ODMCP_HOST_TRANSPORT_STDIO_TRANSPORT_H_

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/strand.hpp>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "host/protocol/stdio_connection.h"

namespace odmcp {

class IoPool;

class StdioTransport final : public LineOutput {
 public:
  static constexpr size_t kPauseInputAbove = 4 * 1024 * 1024;

  StdioTransport(IoPool& pool, int input_fd, int output_fd, int64_t max_message_bytes);
  StdioTransport(const StdioTransport&) = delete;
  StdioTransport& operator=(const StdioTransport&) = delete;
  ~StdioTransport() override;

  // Serves `connection` until the input ends or Stop(); then waits for
  // every request's work, closes the connection and writes what is queued.
  void Run(StdioConnection& connection);
  void Stop();
  void WriteLine(std::string_view message) override;

 private:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  void ReadMore();
  void ReadBlocking();
  // Splits `bytes` into lines for the connection; on the strand.
  void Consume(std::string_view bytes);
  void EndInput();
  void WriteMore();  // mutex_ held
  void WriteBlocking(std::unique_lock<std::mutex>& lock);

  IoPool& pool_;
  const int64_t max_message_bytes_;
  const int input_fd_;
  const int output_fd_;
  Strand strand_;
  const int input_flags_;   // the descriptors' flags before the transport
  const int output_flags_;  // made them non-blocking
  std::optional<boost::asio::posix::stream_descriptor> input_;
  std::optional<boost::asio::posix::stream_descriptor> output_;
  std::thread blocking_reader_;
  StdioConnection* connection_ = nullptr;

  // Input, on the strand.
  std::string line_;
  bool oversized_ = false;
  char buffer_[64 * 1024];

  std::mutex mutex_;
  std::condition_variable changed_;
  bool input_ended_ = false;
  bool input_paused_ = false;
  size_t in_flight_ = 0;
  std::string pending_;  // output not yet handed to a write
  std::string writing_;  // output being written
  bool write_busy_ = false;
  bool broken_ = false;  // the output failed: its reader is gone
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_STDIO_TRANSPORT_H_
