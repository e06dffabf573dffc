// The host log: one JSON object per line on stderr (stdout belongs to the
// stdio transport). Levels are the ABI's ODMCP_LOG_* severities.
//
//   {"ts":"2026-11-21T19:52:00.123Z","level":"info","msg":"listening","url":"http://..."}
//
// Lines are written at once, each with one fwrite, unless a
// BackgroundLogWriter is running: then info and debug lines (the access log
// among them) are queued and written together at most kFlushInterval later,
// so that busy request threads do not each make a system call and wait on
// one lock; warnings and errors are still written at once, after every line
// queued before them. Lines never interleave or change order.
//
// Thread safety: Write() may be called from any thread.
#ifndef ODMCP_HOST_SERVICES_LOG_H_
#define ODMCP_HOST_SERVICES_LOG_H_

#include <odmcp/plugin.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "host/common/mutex.h"

namespace odmcp {

// A field of a log line: a string, or an integer or a boolean written as
// JSON's own (so that log processors can compare and sum them).
struct LogField {
  enum class Kind { kString, kNumber, kBool };

  LogField(std::string_view key, std::string_view value) : key(key), value(value) {}
  LogField(std::string_view key, const std::string& value) : key(key), value(value) {}
  LogField(std::string_view key, const char* value) : key(key), value(value) {}
  LogField(std::string_view key, int64_t number) : key(key), number(number), kind(Kind::kNumber) {}
  LogField(std::string_view key, bool flag) : key(key), number(flag), kind(Kind::kBool) {}

  std::string_view key;
  std::string_view value;
  int64_t number = 0;
  Kind kind = Kind::kString;
};

class Logger {
 public:
  // Longer messages and field values are cut (saying by how much), so no
  // caller can write lines without bound.
  static constexpr size_t kMaxValueBytes = 1024;
  // With a BackgroundLogWriter: how long a queued line may wait, and how
  // much may be queued before the thread that passes it writes it all.
  static constexpr std::chrono::milliseconds kFlushInterval{10};
  static constexpr size_t kMaxQueuedBytes = 256 * 1024;

  explicit Logger(FILE* out = stderr, int32_t min_level = ODMCP_LOG_INFO);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void set_min_level(int32_t level) { min_level_.store(level, std::memory_order_relaxed); }
  bool Enabled(int32_t level) const {
    return level >= min_level_.load(std::memory_order_relaxed);
  }

  void Write(int32_t level, std::string_view message,
             std::initializer_list<LogField> fields = {});

  void Debug(std::string_view m, std::initializer_list<LogField> f = {}) {
    Write(ODMCP_LOG_DEBUG, m, f);
  }
  void Info(std::string_view m, std::initializer_list<LogField> f = {}) {
    Write(ODMCP_LOG_INFO, m, f);
  }
  void Warning(std::string_view m, std::initializer_list<LogField> f = {}) {
    Write(ODMCP_LOG_WARNING, m, f);
  }
  void Error(std::string_view m, std::initializer_list<LogField> f = {}) {
    Write(ODMCP_LOG_ERROR, m, f);
  }

  // Writes every queued line now.
  void Flush();

 private:
  friend class BackgroundLogWriter;

  // Queues `line` or writes it (with everything queued) now.
  void Emit(int32_t level, std::string_view line);
  // Writes what is queued, then `line`, in one fwrite.
  void WriteQueuedThen(std::string_view line);
  void StartBackground();
  void StopBackground();
  void RunBackground();

  FILE* const out_;
  std::atomic<int32_t> min_level_;
  // Held while writing to out_, so lines keep their order; taken before
  // queue_mutex_ when both are.
  Mutex write_mutex_;
  Mutex queue_mutex_;
  CondVar queue_changed_;
  std::string queue_ GUARDED_BY(queue_mutex_);
  bool background_ GUARDED_BY(queue_mutex_) = false;
  bool stopping_ GUARDED_BY(queue_mutex_) = false;
  std::thread writer_;
};

// While it lives, `logger` queues info and debug lines and this writes them
// from its own thread (see above); it writes what is left when destroyed.
// One at a time per logger.
class BackgroundLogWriter {
 public:
  explicit BackgroundLogWriter(Logger& logger) : logger_(logger) { logger_.StartBackground(); }
  ~BackgroundLogWriter() { logger_.StopBackground(); }
  BackgroundLogWriter(const BackgroundLogWriter&) = delete;
  BackgroundLogWriter& operator=(const BackgroundLogWriter&) = delete;

 private:
  Logger& logger_;
};

// The process-wide host log.
Logger& HostLog();

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_LOG_H_
