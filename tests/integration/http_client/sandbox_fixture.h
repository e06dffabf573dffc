// A test fixture with the OrderDesk sandbox running in-process on a
// loopback port: fault injection and request counters through its control
// routes, and requests carrying the demo store's credentials.
#ifndef ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_SANDBOX_FIXTURE_H_
#define ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_SANDBOX_FIXTURE_H_

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"
#include "tests/sandbox/sandbox_test_support.h"

namespace odmcp::testing {

class SandboxFixture : public ::testing::Test {
 protected:
  explicit SandboxFixture(sandbox::SandboxOptions options = sandbox::testing::TestOptions());

  // Replaces the fault configuration (POST /_sandbox/faults).
  void SetFaults(const std::string& json);
  // Requests the sandbox counted for the demo store on `route` (a label
  // such as "GET /orders/{order_id}"), 0 if none.
  int64_t RouteCount(const std::string& route);
  // Faults injected of one kind ("failures", "drops_after", ...).
  int64_t FaultCount(const std::string& kind);
  // Responses the sandbox sent with `status`.
  int64_t ResponseCount(int status);
  // The id of the demo store's newest order.
  std::string FirstOrderId();

  // A request for `path` (under the sandbox's base URL) with the demo
  // store's ORDERDESK-STORE-ID and ORDERDESK-API-KEY headers.
  HttpRequest DemoRequest(const std::string& method, const std::string& path, const std::string& body = "");
  // A valid new-order body whose source id is `source_id`.
  static std::string NewOrderBody(const std::string& source_id);

  sandbox::testing::TestSandbox sandbox_;
  sandbox::testing::ApiClient control_;  // no credentials: control routes
  sandbox::testing::ApiClient demo_;     // the demo store, for checking data

 private:
  rapidjson::Document Stats();
};

}  // namespace odmcp::testing

#endif  // ODMCP_TESTS_INTEGRATION_HTTP_CLIENT_SANDBOX_FIXTURE_H_
