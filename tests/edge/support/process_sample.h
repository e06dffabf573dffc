// What a process costs right now, read from /proc: the edge tests bound the
// host's memory, threads and CPU while it holds many connections.
#ifndef ODMCP_TESTS_EDGE_SUPPORT_PROCESS_SAMPLE_H_
#define ODMCP_TESTS_EDGE_SUPPORT_PROCESS_SAMPLE_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace odmcp::testing::edge {

struct ProcessSample {
  bool ok = false;     // false: /proc/<pid> could not be read or parsed
  std::string error;   // why, when !ok
  size_t rss_kib = 0;  // VmRSS from /proc/<pid>/status (0 for kernel threads)
  // utime + stime from /proc/<pid>/stat, in seconds (sysconf(_SC_CLK_TCK)
  // ticks, so a resolution of 10 ms on usual kernels); all threads included.
  double cpu_seconds = 0;
  size_t threads = 0;  // num_threads from /proc/<pid>/stat
};

// One reading of `pid`'s resident memory, CPU time used so far and threads.
ProcessSample SampleProcess(pid_t pid);

// CPU seconds `pid` used during the next `interval` divided by the wall time
// that actually passed (measured with steady_clock): 1.0 is one core fully
// busy, 2.0 two cores. Blocks for `interval`; choose >= 100 ms, since CPU time
// comes in clock ticks. Returns a negative value if either reading fails (e.g.
// the process exited).
double CpuCoresUsed(pid_t pid, std::chrono::milliseconds interval);

}  // namespace odmcp::testing::edge

#endif  // ODMCP_TESTS_EDGE_SUPPORT_PROCESS_SAMPLE_H_
