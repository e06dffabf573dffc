// odmcp-stdio-bench: the host over stdio, the transport of a desktop client
// that starts the host as its child.
//
//   calls    throughput and per-call latency of 2026-era tools/call requests
//            with W of them in flight: what a client that pipelines gets,
//            and what the host costs per call with no network in the way.
//   startup  time from spawning the host to its first answer (initialize,
//            and separately server/discover): the host loads every plugin
//            before it answers, so this is what a user waits for when the
//            client starts the host.
//
//   odmcp-stdio-bench calls --host BIN --config CFG --calls N --window W
//                           [--tool NAME] [--args JSON] [--env K=V ...]
//   odmcp-stdio-bench startup --host BIN --config CFG --runs R [--env K=V ...]
//
// Each run spawns `BIN serve --config CFG --stdio` with this environment
// plus the --env settings, prints one JSON object on stdout, and exits
// non-zero (with the reason on stderr) if anything went wrong.
#include <fcntl.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

// The host is expected to answer well within this; a silent host fails the run.
constexpr std::chrono::milliseconds kSilenceLimit{60000};

constexpr const char* kStatelessMeta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
    R"("io.modelcontextprotocol/clientCapabilities":{}})";

// The running host, for Fail() to stop it.
pid_t g_host_pid = -1;

// Reports the failure, stops the host, and exits at once: threads may still
// be blocked on the host's pipes.
[[noreturn]] void Fail(const std::string& why) {
  std::fprintf(stderr, "odmcp-stdio-bench: %s\n", why.c_str());
  if (g_host_pid > 0) kill(g_host_pid, SIGKILL);
  std::_Exit(1);
}

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "odmcp-stdio-bench: %s\n"
               "usage: odmcp-stdio-bench calls --host BIN --config CFG --calls N --window W\n"
               "                               [--tool NAME] [--args JSON] [--env K=V ...]\n"
               "       odmcp-stdio-bench startup --host BIN --config CFG --runs R [--env K=V ...]\n",
               problem.c_str());
  std::exit(2);
}

struct Options {
  std::string mode;
  std::string host;
  std::string config;
  std::string tool = "system_echo";
  std::string args = R"({"text":"hello"})";
  std::vector<std::string> env;  // K=V, added to (or replacing in) ours
  int calls = 0;
  int window = 0;
  int runs = 0;
};

int PositiveInt(const char* flag, const char* text) {
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value <= 0 || value > 1000000000) {
    Usage(std::string(flag) + " needs a positive integer, not " + text);
  }
  return static_cast<int>(value);
}

Options ParseOptions(int argc, char** argv) {
  if (argc < 2) Usage("no mode given");
  Options o;
  o.mode = argv[1];
  if (o.mode != "calls" && o.mode != "startup") Usage("unknown mode " + o.mode);
  for (int i = 2; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) Usage("missing value after " + std::string(flag));
    const char* value = argv[++i];
    if (flag == "--host") {
      o.host = value;
    } else if (flag == "--config") {
      o.config = value;
    } else if (flag == "--tool") {
      o.tool = value;
    } else if (flag == "--args") {
      o.args = value;
    } else if (flag == "--env") {
      if (std::strchr(value, '=') == nullptr) Usage("--env needs K=V, not " + std::string(value));
      o.env.emplace_back(value);
    } else if (flag == "--calls" && o.mode == "calls") {
      o.calls = PositiveInt(argv[i - 1], value);
    } else if (flag == "--window" && o.mode == "calls") {
      o.window = PositiveInt(argv[i - 1], value);
    } else if (flag == "--runs" && o.mode == "startup") {
      o.runs = PositiveInt(argv[i - 1], value);
    } else {
      Usage("unknown argument " + std::string(flag) + " for " + o.mode);
    }
  }
  if (o.host.empty() || o.config.empty()) Usage("--host and --config are required");
  if (o.mode == "calls" && (o.calls == 0 || o.window == 0)) Usage("--calls and --window are required");
  if (o.mode == "startup" && o.runs == 0) Usage("--runs is required");
  rapidjson::Document args;
  args.Parse(o.args.data(), o.args.size());
  if (args.HasParseError() || !args.IsObject()) Usage("--args must be a JSON object");
  return o;
}

// `BIN serve --config CFG --stdio` with pipes for its stdin and stdout; its
// stderr (the host's log) is ours.
class HostProcess {
 public:
  explicit HostProcess(const Options& o) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) Fail("pipe: " + Errno());
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    std::vector<std::string> arg_strings = {o.host, "serve", "--config", o.config, "--stdio"};
    std::vector<std::string> env_strings = Environment(o.env);
    std::vector<char*> argv = Pointers(arg_strings), envp = Pointers(env_strings);
    int error = posix_spawn(&pid_, o.host.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) Fail("cannot start " + o.host + ": " + std::strerror(error));
    g_host_pid = pid_;
    close(in[0]);
    close(out[1]);
    input_ = in[1];
    output_ = out[0];
  }
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;
  ~HostProcess() {
    if (input_ >= 0) close(input_);
    close(output_);
  }

  int input() const { return input_; }
  int output() const { return output_; }

  // Closes the host's stdin, which ends it, and waits for it to exit.
  void Finish() {
    close(input_);
    input_ = -1;
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    g_host_pid = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      Fail("the host did not exit cleanly at the end of its input (wait status " +
           std::to_string(status) + ")");
    }
  }

 private:
  static std::string Errno() { return std::strerror(errno); }

  static std::vector<std::string> Environment(const std::vector<std::string>& additions) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string_view entry = *e;
      std::string_view key = entry.substr(0, entry.find('='));
      bool replaced = std::any_of(additions.begin(), additions.end(), [key](const std::string& a) {
        return a.compare(0, a.find('='), key) == 0;
      });
      if (!replaced) env.emplace_back(entry);
    }
    env.insert(env.end(), additions.begin(), additions.end());
    return env;
  }

  static std::vector<char*> Pointers(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (std::string& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
  }

  pid_t pid_ = -1;
  int input_ = -1;
  int output_ = -1;
};

void WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(std::string("writing to the host: ") + std::strerror(errno));
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// The host's output, line by line.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}

  std::string Next() {
    for (;;) {
      size_t newline = buffer_.find('\n', start_);
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(start_, newline - start_);
        start_ = newline + 1;
        return line;
      }
      buffer_.erase(0, start_);
      start_ = 0;
      pollfd p{fd_, POLLIN, 0};
      int ready = poll(&p, 1, static_cast<int>(kSilenceLimit.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) Fail("the host sent nothing for " + std::to_string(kSilenceLimit.count() / 1000) + " s");
      char chunk[64 * 1024];
      ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) Fail("the host closed its stdout (did it exit? its log is above)");
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // The next JSON-RPC response, skipping notifications the host may send.
  rapidjson::Document NextResponse(std::string* line) {
    for (;;) {
      *line = Next();
      rapidjson::Document doc;
      doc.Parse(line->data(), line->size());
      if (doc.HasParseError() || !doc.IsObject()) Fail("the host wrote a line that is not a JSON object: " + *line);
      if (!doc.HasMember("method")) return doc;
    }
  }

 private:
  int fd_;
  std::string buffer_;
  size_t start_ = 0;
};

// A result, and for tools/call not one with isError.
bool IsSuccess(const rapidjson::Document& reply) {
  auto result = reply.FindMember("result");
  if (result == reply.MemberEnd() || !result->value.IsObject()) return false;
  auto is_error = result->value.FindMember("isError");
  return is_error == result->value.MemberEnd() || !is_error->value.IsTrue();
}

// The nearest-rank percentile of sorted values.
int64_t Percentile(const std::vector<int64_t>& sorted, double q) {
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

int RunCalls(const Options& o) {
  // The first calls warm the host (thread pool, allocator, caches) and are
  // not counted.
  const int warmup = std::min(o.calls / 10, 1000);
  const int total = warmup + o.calls;
  const std::string request_tail = R"(,"method":"tools/call","params":{"name":")" + o.tool +
                                   R"(","arguments":)" + o.args + "," + kStatelessMeta + "}}\n";
  HostProcess host(o);

  // Shared by the writer and the reader: the send time of each call and how
  // many are in flight.
  std::mutex mutex;
  std::condition_variable slot_free;
  int in_flight = 0;
  std::vector<Clock::time_point> sent(static_cast<size_t>(total));

  std::thread writer([&] {
    for (int id = 0; id < total; ++id) {
      const std::string line = R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + request_tail;
      {
        std::unique_lock lock(mutex);
        slot_free.wait(lock, [&] { return in_flight < o.window; });
        ++in_flight;
        sent[static_cast<size_t>(id)] = Clock::now();
      }
      WriteAll(host.input(), line);
    }
  });

  LineReader reader(host.output());
  std::vector<bool> answered(static_cast<size_t>(total));
  std::vector<int64_t> latency_ns;
  latency_ns.reserve(static_cast<size_t>(o.calls));
  Clock::time_point start, end;
  int errors = 0;  // warm-up calls included: any failure fails the run
  for (int replies = 0; replies < total; ++replies) {
    std::string line;
    rapidjson::Document reply = reader.NextResponse(&line);
    const Clock::time_point now = Clock::now();
    auto id_member = reply.FindMember("id");
    if (id_member == reply.MemberEnd() || !id_member->value.IsInt() || id_member->value.GetInt() < 0 ||
        id_member->value.GetInt() >= total || answered[static_cast<size_t>(id_member->value.GetInt())]) {
      Fail("a reply that answers no call in flight: " + line);
    }
    const int id = id_member->value.GetInt();
    answered[static_cast<size_t>(id)] = true;
    if (!IsSuccess(reply) && errors++ == 0) {
      std::fprintf(stderr, "odmcp-stdio-bench: first failed call: %s\n", line.c_str());
    }
    Clock::time_point sent_at;
    {
      std::lock_guard lock(mutex);
      sent_at = sent[static_cast<size_t>(id)];
      --in_flight;
    }
    slot_free.notify_one();
    if (id < warmup) continue;
    // Calls are sent in id order, so the first counted call starts the clock.
    if (id == warmup) start = sent_at;
    end = now;
    latency_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(now - sent_at).count());
  }
  writer.join();
  host.Finish();

  std::sort(latency_ns.begin(), latency_ns.end());
  const double seconds = std::chrono::duration<double>(end - start).count();
  std::printf(
      R"({"calls":%d,"window":%d,"seconds":%.3f,"calls_per_s":%.1f,"p50_us":%.1f,"p99_us":%.1f,)"
      R"("p999_us":%.1f,"errors":%d})" "\n",
      o.calls, o.window, seconds, o.calls / seconds, Percentile(latency_ns, 0.5) / 1e3,
      Percentile(latency_ns, 0.99) / 1e3, Percentile(latency_ns, 0.999) / 1e3, errors);
  std::fflush(stdout);  // Fail() exits without flushing
  if (errors > 0) {
    Fail(std::to_string(errors) + " of the " + std::to_string(total) + " calls sent (" +
         std::to_string(warmup) + " of them warm-up) failed");
  }
  return 0;
}

// Milliseconds from just before spawning the host to the end of the reply
// line to `request`, written as soon as the host is spawned (the pipe holds
// it until the host reads).
double TimeToFirstReply(const Options& o, const std::string& request) {
  const Clock::time_point start = Clock::now();
  HostProcess host(o);
  WriteAll(host.input(), request);
  LineReader reader(host.output());
  std::string line;
  rapidjson::Document reply = reader.NextResponse(&line);
  const Clock::time_point end = Clock::now();
  if (!IsSuccess(reply)) Fail("the host's first answer is not a result: " + line);
  host.Finish();
  return std::chrono::duration<double, std::milli>(end - start).count();
}

std::string Summary(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const size_t n = ms.size();
  const double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  char out[128];
  std::snprintf(out, sizeof out, R"({"median":%.2f,"min":%.2f,"max":%.2f})", median, ms.front(),
                ms.back());
  return out;
}

int RunStartup(const Options& o) {
  const std::string initialize =
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
      R"("capabilities":{},"clientInfo":{"name":"odmcp-stdio-bench","version":"1"}}})" "\n";
  const std::string discover =
      std::string(R"({"jsonrpc":"2.0","id":1,"method":"server/discover","params":{)") +
      kStatelessMeta + "}}\n";
  std::vector<double> initialize_ms, discover_ms;
  // Alternating the two spreads any drift of the machine over both.
  for (int run = 0; run < o.runs; ++run) {
    initialize_ms.push_back(TimeToFirstReply(o, initialize));
    discover_ms.push_back(TimeToFirstReply(o, discover));
  }
  std::printf(R"({"runs":%d,"initialize_ms":%s,"discover_ms":%s})" "\n", o.runs,
              Summary(initialize_ms).c_str(), Summary(discover_ms).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = ParseOptions(argc, argv);
  signal(SIGPIPE, SIG_IGN);  // a host that exits shows as a write error
  return o.mode == "calls" ? RunCalls(o) : RunStartup(o);
}
