// Helpers for the edge tests: a host configured for them, raw HTTP/1.1
// requests for the load clients, and fresh calls timed one by one.
#ifndef ODMCP_TESTS_EDGE_EDGE_SUPPORT_H_
#define ODMCP_TESTS_EDGE_EDGE_SUPPORT_H_

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/edge/support/load_client.h"
#include "tests/integration/integration_support.h"

namespace odmcp::testing {

// A configuration without tenants serving the diagnostics, conformance and
// edge fixture plugins, with `extra` appended.
std::string EdgeConfig(const std::string& extra = "");

// A configuration with tenants: a database in the test's temporary
// directory, the diagnostics and edge fixture plugins, `extra` appended.
// The host needs `TenantEnv()` in its environment (the KMS key).
std::string TenantConfig(const std::string& extra = "");
std::map<std::string, std::string> TenantEnv();
// `orderdesk-mcp tenant create NAME` for `config`: the master key it prints.
std::string CreateTenant(const std::string& config, const std::string& name);

// Where an http://HOST:PORT/path URL points.
struct UrlParts {
  std::string host;
  int port = 0;
  std::string path;
};
UrlParts SplitUrl(const std::string& url);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One HTTP/1.1 request as the bytes a client writes (Host and, with a body,
// Content-Length are added).
std::string RawRequest(const std::string& method, const UrlParts& url, const HeaderList& headers,
                       const std::string& body = "");

// A 2026-era POST of `method` (StatelessRequest) with the headers that
// mirror it, as bytes.
std::string RawStatelessPost(const UrlParts& url, const std::string& id, const std::string& method,
                             const std::string& params, const std::string& name = "",
                             const HeaderList& extra = {});

// A 2025-era tools/call of `tool` (no arguments) on `session` with a
// progress token, which makes its reply an event stream, as bytes.
std::string RawLegacyCallWithProgress(const UrlParts& url, const std::string& session,
                                      const std::string& tool);

// `n` 2026-era system_ping calls, each on a connection of its own: how long
// each took, from connect to reply.
edge::LatencySummary TimeFreshPings(const std::string& url, size_t n,
                                    const httplib::Headers& extra = {});

// Waits up to `timeout` for `text` to appear in the host's log; true if it did.
bool WaitForLog(HostProcess& host, const std::string& text, std::chrono::milliseconds timeout);

// True if the host at `url` answers /health/live with 200.
bool Live(const std::string& url);

// Loopback source addresses 127.0.0.<first>..127.0.0.<first + count - 1>,
// so that load from one test process looks like many clients.
std::vector<std::string> LoopbackAddresses(int first, int count);

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_EDGE_EDGE_SUPPORT_H_
