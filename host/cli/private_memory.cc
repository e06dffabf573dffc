#include "host/cli/private_memory.h"

#include <sys/prctl.h>

namespace odmcp {

bool KeepMemoryPrivate(bool allow_core_dumps) {
  if (allow_core_dumps) return true;
  return ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
}

}  // namespace odmcp
