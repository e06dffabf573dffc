#include "tests/edge/support/process_sample.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

namespace odmcp::testing::edge {
namespace {

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream file(path);
  if (!file) return false;
  std::ostringstream text;
  text << file.rdbuf();
  *contents = text.str();
  return true;
}

// The unsigned decimal number at the start of `text`, after any blanks.
bool ParseCount(std::string_view text, unsigned long long* value) {
  const size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return false;
  const char* end = text.data() + text.size();
  return std::from_chars(text.data() + start, end, *value).ec == std::errc();
}

// /proc/<pid>/stat is "pid (comm) state ppid ...". comm may hold spaces and
// parentheses, so the fields start after the last ')'; the first of them is
// field 3 (state) in proc(5)'s numbering.
bool ParseStat(const std::string& stat, ProcessSample* sample) {
  const size_t comm_end = stat.rfind(')');
  if (comm_end == std::string::npos) return false;
  std::istringstream fields(stat.substr(comm_end + 1));
  std::vector<std::string> tokens;
  for (std::string token; fields >> token;) tokens.push_back(token);
  constexpr size_t kFirstField = 3;
  constexpr size_t kUtime = 14, kStime = 15, kNumThreads = 20;
  if (tokens.size() <= kNumThreads - kFirstField) return false;
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  if (ticks_per_second <= 0) return false;
  unsigned long long utime = 0, stime = 0, threads = 0;
  if (!ParseCount(tokens[kUtime - kFirstField], &utime) ||
      !ParseCount(tokens[kStime - kFirstField], &stime) ||
      !ParseCount(tokens[kNumThreads - kFirstField], &threads)) {
    return false;
  }
  sample->cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(ticks_per_second);
  sample->threads = threads;
  return true;
}

// The "VmRSS:   1234 kB" line; absent for kernel threads, which have no memory.
size_t ParseRssKib(const std::string& status) {
  std::istringstream lines(status);
  for (std::string line; std::getline(lines, line);) {
    constexpr std::string_view kKey = "VmRSS:";
    unsigned long long kib = 0;
    if (line.starts_with(kKey) && ParseCount(std::string_view(line).substr(kKey.size()), &kib)) {
      return kib;
    }
  }
  return 0;
}

}  // namespace

ProcessSample SampleProcess(pid_t pid) {
  ProcessSample sample;
  const std::string dir = "/proc/" + std::to_string(pid);
  std::string stat;
  std::string status;
  if (!ReadFile(dir + "/stat", &stat) || !ReadFile(dir + "/status", &status)) {
    sample.error = "cannot read " + dir + "/stat or /status (has the process exited?)";
    return sample;
  }
  if (!ParseStat(stat, &sample)) {
    sample.error = "unexpected format of " + dir + "/stat: " + stat;
    return sample;
  }
  sample.rss_kib = ParseRssKib(status);
  sample.ok = true;
  return sample;
}

double CpuCoresUsed(pid_t pid, std::chrono::milliseconds interval) {
  const ProcessSample before = SampleProcess(pid);
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(interval);
  const ProcessSample after = SampleProcess(pid);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  if (!before.ok || !after.ok || wall.count() <= 0) return -1;
  return (after.cpu_seconds - before.cpu_seconds) / wall.count();
}

}  // namespace odmcp::testing::edge
