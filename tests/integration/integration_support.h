// Helpers for integration tests: configurations that load the build's
// plugins, and JSON-RPC over the real transports.
#ifndef ODMCP_TESTS_INTEGRATION_INTEGRATION_SUPPORT_H_
#define ODMCP_TESTS_INTEGRATION_INTEGRATION_SUPPORT_H_

#include <httplib.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "tests/support/host_process.h"

namespace odmcp::testing {

// A configuration serving the diagnostics and conformance plugins, with
// `extra` appended (more tables or keys).
std::string WriteConfig(const std::string& extra = "");

rapidjson::Document ParseJson(const std::string& text);

// An HTTP client of the host under test, with the headers every MCP POST
// carries.
class McpHttp {
 public:
  explicit McpHttp(const std::string& url);

  // POSTs `body`; `headers` are added to the defaults (or replace them).
  httplib::Result Post(const std::string& body, httplib::Headers headers = {});
  // initialize; returns the Mcp-Session-Id.
  std::string Initialize(const std::string& version = "2025-11-25");
  // POSTs a legacy request on `session`, returns the parsed body.
  rapidjson::Document Legacy(const std::string& session, const std::string& body,
                             int* status = nullptr);
  // True if a ping on `session` still works (the host keeps serving).
  bool Alive(const std::string& session);

  httplib::Client& client() { return client_; }
  const std::string& path() const { return path_; }

 private:
  httplib::Client client_;
  std::string path_;
};

// The value of a metric without labels on the host's /metrics, or -1.
int64_t Metric(httplib::Client& client, const std::string& name);

// The params of a 2026-07-28 request, around `params` (an object's members).
std::string StatelessRequest(const std::string& id, const std::string& method,
                             const std::string& params = "");
httplib::Headers StatelessHeaders(const std::string& method, const std::string& name = "");

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_INTEGRATION_SUPPORT_H_
