#include "tests/edge/support/fd_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace odmcp::testing::edge {
namespace {

void Explain(std::string* why, std::string reason) {
  if (why != nullptr) *why = std::move(reason);
}

}  // namespace

bool RaiseFdLimit(size_t wanted, std::string* why) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    Explain(why, std::string("getrlimit(RLIMIT_NOFILE) failed: ") + std::strerror(errno));
    return false;
  }
  const rlim_t target = static_cast<rlim_t>(wanted);
  // RLIM_INFINITY is the largest rlim_t, so it passes these comparisons.
  if (limit.rlim_cur >= target) return true;
  if (limit.rlim_max < target) {
    Explain(why, "RLIMIT_NOFILE hard limit is " + std::to_string(limit.rlim_max) + ", below the " +
                     std::to_string(wanted) +
                     " open files wanted; raise it as root (ulimit -Hn, LimitNOFILE=, "
                     "/etc/security/limits.conf)");
    return false;
  }
  limit.rlim_cur = target;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    Explain(why, "setrlimit(RLIMIT_NOFILE, soft " + std::to_string(wanted) +
                     ") failed: " + std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace odmcp::testing::edge
