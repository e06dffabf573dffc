// A blocking TCP connection to the host for tests that must control every
// byte: when it is sent, from which address, and how fast it is read.
#ifndef ODMCP_TESTS_EDGE_RAW_CONNECTION_H_
#define ODMCP_TESTS_EDGE_RAW_CONNECTION_H_

#include <chrono>
#include <string>

#include "tests/edge/edge_support.h"

namespace odmcp::testing {

struct RawConnectionOptions {
  // The local address to connect from ("" lets the kernel choose).
  std::string source;
  // SO_RCVBUF set before connecting (0 keeps the default): a small one
  // makes a client that stops reading stall the host's writes soon.
  int receive_buffer = 0;
};

// Closed when it goes. Sends time out after 5 s.
class RawConnection {
 public:
  explicit RawConnection(const UrlParts& url, const RawConnectionOptions& options = {});
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }

  // Sends all of `bytes`; false once the host has closed or stopped reading.
  bool Send(const std::string& bytes);

  // What arrives until the host closes the connection (or `timeout`
  // passes); `*closed` says which.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout, bool* closed);

  // What arrives within `timeout`, stopping early once `marker` is there.
  std::string ReadUntil(const std::string& marker, std::chrono::milliseconds timeout);

  void Close();

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_EDGE_RAW_CONNECTION_H_
