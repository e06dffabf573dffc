// The host log: one JSON object per line on stderr (stdout belongs to the
// stdio transport). Levels are the ABI's ODMCP_LOG_* severities.
//
//   {"ts":"2026-11-21T19:52:00.123Z","level":"info","msg":"listening","url":"http://..."}
//
// Thread safety: Write() may be called from any thread; each line is written
// with one call to fwrite under a mutex, so lines never interleave.
#ifndef ODMCP_HOST_SERVICES_LOG_H_
#define ODMCP_HOST_SERVICES_LOG_H_

#include <odmcp/plugin.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

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

  explicit Logger(FILE* out = stderr, int32_t min_level = ODMCP_LOG_INFO);

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

 private:
  FILE* const out_;
  std::atomic<int32_t> min_level_;
  std::mutex mutex_;
};

// The process-wide host log.
Logger& HostLog();

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_LOG_H_
