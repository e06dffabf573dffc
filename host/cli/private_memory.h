// Keeping the host's memory to itself. It holds the KMS key, tenants' vault
// keys and master keys in flight; a core file, or another process of the
// same user reading /proc/<pid>/mem or attaching a debugger, would expose
// them. Unless [server] allow_core_dumps is set (for debugging), the
// process is made not dumpable: no core file is written, and /proc/<pid>/
// mem, environ and ptrace become root's only.
#ifndef ODMCP_HOST_CLI_PRIVATE_MEMORY_H_
#define ODMCP_HOST_CLI_PRIVATE_MEMORY_H_

namespace odmcp {

// Call before any secret is read. False if the kernel refused (the host
// then runs on, as it did before).
bool KeepMemoryPrivate(bool allow_core_dumps);

}  // namespace odmcp

#endif  // ODMCP_HOST_CLI_PRIVATE_MEMORY_H_
