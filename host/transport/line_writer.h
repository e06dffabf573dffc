// LineWriter: writes newline-terminated messages to a file descriptor from a
// thread of its own, coalescing whatever accumulated since the last write
// into one write() call, so pipelined replies cost few system calls.
//
// Thread safety: Write() may be called from any thread; messages keep the
// order of their Write() calls.
#ifndef ODMCP_HOST_TRANSPORT_LINE_WRITER_H_
#define ODMCP_HOST_TRANSPORT_LINE_WRITER_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace odmcp {

class LineWriter {
 public:
  explicit LineWriter(int fd);
  LineWriter(const LineWriter&) = delete;
  LineWriter& operator=(const LineWriter&) = delete;
  ~LineWriter();  // Close()

  // Queues `message` followed by a newline. Dropped if the output is broken
  // (the reader went away).
  void Write(std::string_view message);

  // Writes what is queued and stops the writer thread.
  void Close();

 private:
  void Loop();

  const int fd_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::string pending_;
  bool closing_ = false;
  bool broken_ = false;
  std::thread thread_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_LINE_WRITER_H_
