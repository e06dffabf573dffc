// FUZZ_CHECK: an invariant a fuzz target asserts beyond "does not crash".
// A broken one aborts with the condition and where it is, so libFuzzer
// keeps the input as a crash, as it would for a sanitizer report.
#ifndef ODMCP_FUZZ_CHECK_H_
#define ODMCP_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                          \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

#endif  // ODMCP_FUZZ_CHECK_H_
