// Logger with a BackgroundLogWriter: info lines are queued and written by
// the writer's thread, warnings at once after everything queued, order is
// kept, the queue stays within its bound, and nothing is lost on stop.
// (Formatting, cuts and scrubbing: redaction_test.cc.)
#include "host/services/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/eventually.h"

namespace odmcp {
namespace {

using ::testing::HasSubstr;

// A log file whose text the test reads through its descriptor, so reading
// never races the logger's writes (which stdio locks).
class LogFile {
 public:
  LogFile() : file_(tmpfile()) {}
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  ~LogFile() {
    if (file_ != nullptr) fclose(file_);
  }
  FILE* file() { return file_; }
  std::string Text() const {
    std::string text;
    char buffer[65536];
    for (off_t at = 0;;) {
      const ssize_t n = pread(fileno(file_), buffer, sizeof buffer, at);
      if (n <= 0) return text;
      text.append(buffer, static_cast<size_t>(n));
      at += n;
    }
  }
  // Waits (up to 5 s) until the text holds `part`.
  bool WaitFor(const std::string& part) const {
    return testing::Eventually([&] { return Text().find(part) != std::string::npos; },
                               std::chrono::seconds(5), std::chrono::milliseconds(2));
  }

 private:
  FILE* file_;
};

// Where each message first appears in `text`, in the order given.
std::vector<size_t> Positions(const std::string& text, const std::vector<std::string>& messages) {
  std::vector<size_t> at;
  for (const std::string& m : messages) at.push_back(text.find(R"("msg":")" + m + '"'));
  return at;
}

class BackgroundLogWriterTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(log_.file(), nullptr); }

  LogFile log_;
  Logger logger_{log_.file(), ODMCP_LOG_DEBUG};
};

TEST_F(BackgroundLogWriterTest, InfoLinesAreWrittenByTheWritersThread) {
  BackgroundLogWriter writer(logger_);
  logger_.Info("queued");
  EXPECT_TRUE(log_.WaitFor(R"("msg":"queued")")) << "the writer never wrote the line";
}

TEST_F(BackgroundLogWriterTest, AWarningIsWrittenAtOnceAfterEveryLineBeforeIt) {
  BackgroundLogWriter writer(logger_);
  logger_.Info("first");
  logger_.Debug("second");
  logger_.Warning("third");
  // No waiting: the warning's write took the queued lines with it.
  const std::vector<size_t> at = Positions(log_.Text(), {"first", "second", "third"});
  ASSERT_NE(at[2], std::string::npos) << log_.Text();
  EXPECT_LT(at[0], at[1]);
  EXPECT_LT(at[1], at[2]);
}

TEST_F(BackgroundLogWriterTest, StoppingWritesEverythingQueued) {
  {
    BackgroundLogWriter writer(logger_);
    for (int i = 0; i < 1000; ++i) logger_.Info("line", {{"i", int64_t{i}}});
  }
  const std::string text = log_.Text();
  EXPECT_THAT(text, HasSubstr(R"("i":0})"));
  EXPECT_THAT(text, HasSubstr(R"("i":999})"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1000);
  logger_.Info("after");  // written at once again
  EXPECT_THAT(log_.Text(), HasSubstr(R"("msg":"after")"));
}

TEST_F(BackgroundLogWriterTest, TheQueueNeverHoldsMoreThanItsBound) {
  BackgroundLogWriter writer(logger_);
  const std::string value(1000, 'v');
  size_t logged = 0;
  for (int i = 0; i < 1000; ++i) {
    logger_.Info("big", {{"value", value}});
    logged += 1000 + 40;  // at least the value and the fixed fields
  }
  // Whatever the writer's thread did meanwhile, the loggers themselves
  // wrote all but the last kMaxQueuedBytes.
  EXPECT_GE(log_.Text().size() + Logger::kMaxQueuedBytes, logged);
}

TEST_F(BackgroundLogWriterTest, LinesFromManyThreadsStayWholeAndInEachThreadsOrder) {
  {
    BackgroundLogWriter writer(logger_);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([this, t] {
        for (int i = 0; i < 500; ++i) {
          logger_.Info("t" + std::to_string(t), {{"i", int64_t{i}}});
          if (i % 100 == 0) logger_.Warning("w" + std::to_string(t));
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  const std::string text = log_.Text();
  std::vector<int> next(4, 0);
  size_t lines = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "a line was cut";
    const std::string line = text.substr(start, end - start);
    ASSERT_EQ(line.front(), '{');
    ASSERT_EQ(line.back(), '}');
    for (int t = 0; t < 4; ++t) {
      if (line.find(R"("msg":"t)" + std::to_string(t) + '"') == std::string::npos) continue;
      EXPECT_THAT(line, HasSubstr(R"("i":)" + std::to_string(next[t]++) + "}"));
    }
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, 4u * (500 + 5));
}

}  // namespace
}  // namespace odmcp
