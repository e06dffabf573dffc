// Copyright 2026 The orderdesk-mcp Authors.
//
// Everything that configures one sandbox instance; filled from the
// command line (command_line.h) or directly by tests. Value type.

#ifndef ODMCP_SANDBOX_SANDBOX_OPTIONS_H_
#define ODMCP_SANDBOX_SANDBOX_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/fault_config.h"
#include "sandbox/model.h"

namespace odmcp::sandbox {

// The store served when no --store is given. Fixed so that the demo, the
// tests and the documentation can rely on them; README.md lists them.
inline constexpr char kDemoStoreId[] = "1001";
inline constexpr char kDemoStoreApiKey[] = "SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz";
inline constexpr char kDemoStoreName[] = "Sandbox Demo Store";

struct SandboxOptions {
  std::string listen_host = "127.0.0.1";
  int listen_port = 0;  // 0: the kernel picks a free port
  uint64_t seed = 1;
  int64_t orders_per_store = 1000;
  int64_t products_per_store = 50;
  std::vector<StoreConfig> stores;  // empty: the demo store alone
  bool rate_limit = true;
  FaultConfig faults;
  // Answer 400/401/404/405 errors with HTTP 200 and "status":"error", to
  // test that a client reads the status field (reference section 8.2).
  bool legacy_errors = false;
  // Worker threads. A keep-alive connection holds a thread while it is
  // open, so this bounds the connections served at once.
  int threads = 64;
  // The stores' time zone (store.settings.timezone and *_date_local).
  std::string time_zone = "America/Los_Angeles";
  // A file to append one line per API request to: method, path, status,
  // and the traceparent and X-Request-ID it carried ("-" if none), so that
  // a test can follow a trace from a client through the host. Empty: none.
  std::string request_log;
};

// `options.stores`, or the demo store when that is empty.
std::vector<StoreConfig> EffectiveStores(const SandboxOptions& options);

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_SANDBOX_OPTIONS_H_
