// A host Logger whose lines go to a temporary file, for tests that check
// what the host logged.
#ifndef ODMCP_TESTS_SUPPORT_CAPTURED_LOG_H_
#define ODMCP_TESTS_SUPPORT_CAPTURED_LOG_H_

#include <cstdio>
#include <string>

#include "host/services/log.h"

namespace odmcp::testing {

class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()), logger_(file_, ODMCP_LOG_DEBUG) {}
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  ~CapturedLog() { std::fclose(file_); }

  Logger& logger() { return logger_; }

  // Everything logged so far.
  std::string Text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) out.append(buf, n);
    return out;
  }

 private:
  FILE* file_;
  Logger logger_;
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_SUPPORT_CAPTURED_LOG_H_
