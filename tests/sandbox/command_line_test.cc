// Copyright 2026 The orderdesk-mcp Authors.
//
// The built orderdesk-sandbox binary: the address on the first stdout
// line, the demo store, every flag, specific errors for bad flags, and a
// clean exit on SIGINT and SIGTERM.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sandbox/sandbox_test_support.h"

extern char** environ;

namespace odmcp::sandbox::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// The sandbox binary run as a child process, stdout on a pipe and stderr in
// a temporary file.
class ChildSandbox {
 public:
  explicit ChildSandbox(std::vector<std::string> args) {
    char stderr_template[] = "/tmp/sandbox-stderr-XXXXXX";
    stderr_fd_ = mkstemp(stderr_template);
    stderr_path_ = stderr_template;
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stderr_fd_, STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    args.insert(args.begin(), ODMCP_SANDBOX_BINARY);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, ODMCP_SANDBOX_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_fd_ = out[0];
  }

  ~ChildSandbox() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(stdout_fd_);
    close(stderr_fd_);
    unlink(stderr_path_.c_str());
  }

  // The first line on stdout, waiting up to `timeout`; "" if none came.
  std::string FirstLine(std::chrono::seconds timeout = std::chrono::seconds(30)) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd ready{stdout_fd_, POLLIN, 0};
      if (poll(&ready, 1, 100) <= 0) continue;
      char c = 0;
      if (read(stdout_fd_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  // Waits for the process to end; returns its exit code, or -signal.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

  int Signal(int signal_number) {
    kill(pid_, signal_number);
    return Wait();
  }

  std::string Stdout() {
    std::string text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(stdout_fd_, buffer, sizeof(buffer))) > 0) text.append(buffer, static_cast<size_t>(n));
    return text;
  }

  std::string Stderr() const {
    std::string text;
    FILE* file = std::fopen(stderr_path_.c_str(), "r");
    char buffer[4096];
    size_t n = 0;
    while (file != nullptr && (n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) text.append(buffer, n);
    if (file != nullptr) std::fclose(file);
    return text;
  }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stderr_path_;
  bool exited_ = false;
};

TEST(CommandLineTest, PrintsTheAddressFirstAndServesTheDemoStore) {
  ChildSandbox child({"--listen", "127.0.0.1:0", "--orders", "25", "--products", "5"});
  const std::string url = child.FirstLine();
  ASSERT_THAT(url, MatchesRegex("http://127\\.0\\.0\\.1:[0-9]+"));
  ApiClient client(url, DemoStore());
  Reply reply = client.Get("/api/v2/orders");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["total_records"].GetInt(), 25);
  EXPECT_EQ(StringField(client.Get("/api/v2/inventory-items").json, "total_records"), "5");
  EXPECT_EQ(child.Signal(SIGTERM), 0);
  EXPECT_THAT(child.Stderr(), HasSubstr("stopping"));
  EXPECT_EQ(child.Stdout(), "") << "stdout holds the address line only";
}

TEST(CommandLineTest, SigintStopsCleanlyWhileAClientIsConnected) {
  ChildSandbox child({"--listen=127.0.0.1:0"});
  const std::string url = child.FirstLine();
  ApiClient client(url, DemoStore());
  ASSERT_EQ(client.Get("/api/v2/test").status, 200);  // leaves a keep-alive connection open
  EXPECT_EQ(child.Signal(SIGINT), 0);
}

TEST(CommandLineTest, StoresRateLimitAndFaultFlagsTakeEffect) {
  ChildSandbox child({"--store", "501:key-five:Five Store", "--store", "502:key-six", "--rate-limit", "off",
                      "--fail-rate", "1:504", "--latency-ms", "120:20", "--orders", "10", "--seed", "9"});
  const std::string url = child.FirstLine();
  ASSERT_FALSE(url.empty()) << child.Stderr();
  const auto start = std::chrono::steady_clock::now();
  Reply failed = ApiClient(url, {"501", "key-five", ""}).Get("/api/v2/store");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_EQ(failed.status, 504);
  EXPECT_EQ(failed.header("X-Tokens-Remaining"), "20");
  // The fail rate is a fault like any other: clearing it shows both stores.
  ApiClient control(url);
  ASSERT_EQ(control.Post("/_sandbox/faults", "{}").status, 200);
  EXPECT_EQ(StringField(ApiClient(url, {"501", "key-five", ""}).Get("/api/v2/store").json["store"], "name"),
            "Five Store");
  EXPECT_EQ(StringField(ApiClient(url, {"502", "key-six", ""}).Get("/api/v2/store").json["store"], "name"),
            "Store 502");
  EXPECT_EQ(ApiClient(url, DemoStore()).Get("/api/v2/test").status, 401) << "no demo store when --store is given";
  EXPECT_EQ(child.Signal(SIGTERM), 0);
}

TEST(CommandLineTest, HelpDocumentsEveryFlag) {
  ChildSandbox child({"--help"});
  EXPECT_EQ(child.Wait(), 0);
  const std::string help = child.Stdout();
  for (const char* flag : {"--listen", "--seed", "--orders", "--products", "--store", "--rate-limit", "--latency-ms",
                           "--fail-rate", "--legacy-errors", "--threads", "--timezone", "--help", kDemoStoreId,
                           kDemoStoreApiKey}) {
    EXPECT_THAT(help, HasSubstr(flag));
  }
}

TEST(CommandLineTest, BadFlagsFailWithSpecificMessages) {
  const struct {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  } cases[] = {
      {{"--frobnicate"}, 2, "unknown option '--frobnicate'"},
      {{"--orders"}, 2, "needs a value"},
      {{"--orders", "many"}, 2, "--orders expects an integer"},
      {{"--orders", "5", "--products", "0"}, 2, "--products 1 or more"},
      {{"--listen", "127.0.0.1"}, 2, "--listen expects HOST:PORT"},
      {{"--listen", "127.0.0.1:70000"}, 2, "--listen expects HOST:PORT"},
      {{"--store", "abc:key"}, 2, "numeric ID"},
      {{"--store", "5"}, 2, "--store expects ID:API_KEY"},
      {{"--store", "5:a", "--store", "5:b"}, 2, "given twice"},
      {{"--rate-limit", "maybe"}, 2, "--rate-limit expects on or off"},
      {{"--latency-ms", "fast"}, 2, "--latency-ms expects"},
      {{"--fail-rate", "1.5"}, 2, "--fail-rate expects"},
      {{"--fail-rate", "0.5:418"}, 2, "500, 502, 503 or 504"},
      {{"--threads", "0"}, 2, "--threads expects"},
      {{"--timezone", "Mars/Olympus_Mons"}, 1, "Mars/Olympus_Mons"},
      {{"--listen", "192.0.2.1:0"}, 1, "cannot listen on 192.0.2.1:0"},
  };
  for (const auto& c : cases) {
    ChildSandbox child(c.args);
    EXPECT_EQ(child.Wait(), c.exit_code) << c.args[0];
    EXPECT_THAT(child.Stderr(), HasSubstr(c.message)) << c.args[0];
    EXPECT_EQ(child.Stdout(), "") << c.args[0];
  }
}

TEST(CommandLineTest, AFixedPortIsUsedAndABusyPortIsAnError) {
  ChildSandbox first({"--listen", "127.0.0.1:0"});
  const std::string url = first.FirstLine();
  const std::string port = url.substr(url.rfind(':') + 1);
  ChildSandbox second({"--listen", "127.0.0.1:" + port});
  EXPECT_EQ(second.Wait(), 1);
  EXPECT_THAT(second.Stderr(), HasSubstr("cannot listen on 127.0.0.1:" + port));
  EXPECT_EQ(first.Signal(SIGTERM), 0);
}

}  // namespace
}  // namespace odmcp::sandbox::testing
