// KeepMemoryPrivate: the process is not dumpable unless core dumps are
// allowed. Each case runs in a child process, as the flag cannot be set
// back for an ordinary user.
#include "host/cli/private_memory.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace odmcp {
namespace {

// PR_GET_DUMPABLE in a child after KeepMemoryPrivate(allow_core_dumps).
int DumpableAfter(bool allow_core_dumps) {
  const pid_t child = fork();
  if (child == 0) {
    const bool kept = KeepMemoryPrivate(allow_core_dumps);
    _exit(kept ? ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) : 100);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(PrivateMemoryTest, TheProcessIsNotDumpableByDefault) {
  ASSERT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1) << "the test runner itself is dumpable";
  EXPECT_EQ(DumpableAfter(false), 0);
}

TEST(PrivateMemoryTest, AllowingCoreDumpsLeavesItAsItWas) { EXPECT_EQ(DumpableAfter(true), 1); }

}  // namespace
}  // namespace odmcp
