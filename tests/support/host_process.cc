#include "tests/support/host_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace odmcp::testing {

std::string HostBinary() { return ODMCP_TEST_HOST_BINARY; }
std::string PluginDir() { return ODMCP_TEST_PRODUCT_PLUGIN_DIR; }
std::string TestPluginDir() { return ODMCP_TEST_FIXTURE_PLUGIN_DIR; }
std::string SourceDir() { return ODMCP_TEST_SOURCE_DIR; }

std::string WriteTempFile(const std::string& name, const std::string& content) {
  // Inside a test, a directory per test; in a suite's set-up, per suite.
  const ::testing::UnitTest* unit = ::testing::UnitTest::GetInstance();
  const ::testing::TestInfo* test = unit->current_test_info();
  const ::testing::TestSuite* suite = unit->current_test_suite();
  std::string owner = test != nullptr ? std::string(test->test_suite_name()) + "." + test->name()
                      : suite != nullptr ? std::string(suite->name())
                                         : std::string("global");
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "odmcp-tests" / owner;
  std::filesystem::create_directories(dir);
  std::filesystem::path file = dir / name;
  // Tests of one suite run as concurrent processes and may write the same
  // suite-level file: write aside and rename, so no reader sees half a file.
  std::filesystem::path partial = dir / (name + "." + std::to_string(getpid()) + ".partial");
  std::ofstream(partial) << content;
  std::filesystem::rename(partial, file);
  return file.string();
}

HostProcess::HostProcess(std::vector<std::string> args, std::map<std::string, std::string> env) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2 failed";
    return;
  }
  std::string binary = HostBinary();
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    argv.push_back(binary.data());
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
  stdout_reader_ = std::thread([this] { ReadStdout(); });
  stderr_reader_ = std::thread([this] { ReadStderr(); });
}

std::unique_ptr<HostProcess> HostProcess::Http(const std::string& config,
                                               std::map<std::string, std::string> env) {
  auto host = std::make_unique<HostProcess>(
      std::vector<std::string>{"serve", "--config", config, "--http", "127.0.0.1:0"},
      std::move(env));
  host->url_ = host->WaitForFirstLine();
  return host;
}

HostProcess::~HostProcess() {
  if (pid_ > 0 && !exit_status_) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (stdout_reader_.joinable()) stdout_reader_.join();
  if (stderr_reader_.joinable()) stderr_reader_.join();
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (stderr_fd_ >= 0) close(stderr_fd_);
  // With GCC, UBSan sharing a process with ASan writes its reports to stderr
  // whatever log_path says (scripts/sanitize.sh): catch them here.
  if (stderr_buffer_.find("runtime error:") != std::string::npos) {
    ADD_FAILURE() << "the host reported undefined behaviour:\n" << stderr_buffer_;
  }
}

void HostProcess::ReadStdout() {
  char buffer[65536];
  for (;;) {
    ssize_t n = read(stdout_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    if (n <= 0) {
      stdout_closed_ = true;
      output_.notify_all();
      return;
    }
    stdout_buffer_.append(buffer, static_cast<size_t>(n));
    output_.notify_all();
  }
}

void HostProcess::ReadStderr() {
  char buffer[65536];
  for (;;) {
    ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stderr_buffer_.append(buffer, static_cast<size_t>(n));
    }
    stderr_grew_.notify_all();
  }
}

std::string HostProcess::WaitForFirstLine(std::chrono::milliseconds timeout) {
  std::optional<std::string> line = ReadLine(timeout);
  return line.value_or("");
}

void HostProcess::WriteLine(const std::string& line) {
  std::string data = line + "\n";
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(stdin_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ADD_FAILURE() << "writing to the host's stdin failed";
      return;
    }
    done += static_cast<size_t>(n);
  }
}

std::optional<std::string> HostProcess::ReadLine(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool ready = output_.wait_for(lock, timeout, [this] {
    return stdout_buffer_.find('\n') != std::string::npos || stdout_closed_;
  });
  size_t newline = stdout_buffer_.find('\n');
  if (!ready || newline == std::string::npos) return std::nullopt;
  std::string line = stdout_buffer_.substr(0, newline);
  stdout_buffer_.erase(0, newline + 1);
  return line;
}

void HostProcess::CloseInput() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

int64_t HostProcess::StatusKib(const std::string& field) const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  const std::string prefix = field + ":";
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return -1;
}

std::optional<int> HostProcess::Wait(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      // Its output pipes close with it: collect everything it wrote.
      if (stdout_reader_.joinable()) stdout_reader_.join();
      if (stderr_reader_.joinable()) stderr_reader_.join();
      return exit_status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<int> HostProcess::Kill() {
  if (!exit_status_) kill(pid_, SIGKILL);
  return Wait();
}

std::optional<int> HostProcess::Stop() {
  if (!exit_status_) kill(pid_, SIGTERM);
  return Wait();
}

std::string HostProcess::Stderr() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stderr_buffer_;
}

std::string HostProcess::StderrWith(const std::string& text, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  stderr_grew_.wait_for(lock, timeout,
                        [&] { return stderr_buffer_.find(text) != std::string::npos; });
  return stderr_buffer_;
}

}  // namespace odmcp::testing
