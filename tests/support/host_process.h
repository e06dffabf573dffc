// Test support: runs the real orderdesk-mcp binary as a child process and
// talks to it over stdio (newline-delimited JSON) or HTTP.
#ifndef ODMCP_TESTS_SUPPORT_HOST_PROCESS_H_
#define ODMCP_TESTS_SUPPORT_HOST_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace odmcp::testing {

// Paths the build passes in.
std::string HostBinary();
std::string PluginDir();      // build/plugins
std::string TestPluginDir();  // build/test-plugins
std::string SourceDir();

// Writes `content` to a fresh file in a per-test temporary directory and
// returns its path.
std::string WriteTempFile(const std::string& name, const std::string& content);

class HostProcess {
 public:
  // Starts `orderdesk-mcp <args...>` with `env` added to the environment.
  HostProcess(std::vector<std::string> args, std::map<std::string, std::string> env = {});
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;
  ~HostProcess();  // kills the process if it still runs

  // Starts `serve --config <config> --http 127.0.0.1:0` and waits for the
  // URL line; an empty url() means it did not start.
  static std::unique_ptr<HostProcess> Http(const std::string& config,
                                           std::map<std::string, std::string> env = {});

  // The first line the process printed on stdout (the HTTP URL), waiting up
  // to `timeout`.
  std::string WaitForFirstLine(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  const std::string& url() const { return url_; }
  // The child's process id (for reading /proc/<pid>).
  pid_t pid() const { return pid_; }
  // A memory figure of /proc/<pid>/status in KiB ("VmRSS", "VmHWM" for the
  // peak), or -1.
  int64_t StatusKib(const std::string& field) const;

  // stdio: writes one line to the child's stdin.
  void WriteLine(const std::string& line);
  // stdio: the next stdout line, or nullopt after `timeout`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Closes the child's stdin (end of input).
  void CloseInput();

  // Waits for exit; returns the exit status, or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // SIGTERM, then wait.
  std::optional<int> Stop();
  // SIGKILL, then wait: the process gets no chance to clean up.
  std::optional<int> Kill();
  // Everything written to stderr so far.
  std::string Stderr();
  // Everything written to stderr, once it contains `text` or `timeout`
  // passed: a running host's lines reach the test a moment after the event
  // they report.
  std::string StderrWith(const std::string& text,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  void ReadStdout();
  void ReadStderr();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string url_;
  std::mutex mutex_;
  std::condition_variable output_;
  std::string stdout_buffer_;
  std::string stderr_buffer_;
  std::condition_variable stderr_grew_;
  bool stdout_closed_ = false;
  std::thread stdout_reader_;
  std::thread stderr_reader_;
  std::optional<int> exit_status_;
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_SUPPORT_HOST_PROCESS_H_
