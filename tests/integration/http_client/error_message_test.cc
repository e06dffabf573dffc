// Error messages: they name the origin, what failed and how many attempts
// were made, and never carry a header value, the body, or the URL's path
// and query (any of which may hold a credential). Malformed requests are
// refused before anything is sent.

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/services/http_client/deadline.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"
#include "tests/integration/http_client/test_certificates.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "SECRET";

// A request whose every caller-supplied part holds a secret.
HttpRequest SecretRequest(const std::string& base_url, const std::string& method = "POST") {
  HttpRequest request;
  request.method = method;
  request.url = base_url + "/orders/SECRET-PATH?token=SECRET-QUERY";
  request.headers = {{"ORDERDESK-API-KEY", "SECRET-API-KEY"}, {"Authorization", "Bearer SECRET-TOKEN"}};
  request.body = R"({"card": "SECRET-BODY"})";
  return request;
}

TEST(ErrorMessageTest, ConnectionRefusedNamesTheOriginAndTheAttempts) {
  const int port = UnusedPort();
  HttpClient client(FastRetries());
  const HttpOutcome outcome = client.Fetch(Get("http://127.0.0.1:" + std::to_string(port) + "/api/v2/test"));
  EXPECT_EQ(outcome.status, ODMCP_UNAVAILABLE);
  EXPECT_EQ(outcome.error,
            "connection to http://127.0.0.1:" + std::to_string(port) + " failed: connection refused (after 4 attempts)");
}

TEST(ErrorMessageTest, NoErrorCarriesHeaderValuesBodyPathOrQuery) {
  std::vector<std::string> errors;
  HttpClientOptions options = FastRetries();
  options.max_attempts = 2;
  HttpClient client(options);

  // Connection refused.
  errors.push_back(client.Fetch(SecretRequest("http://127.0.0.1:" + std::to_string(UnusedPort()))).error);

  {
    LoopbackServer server;
    server.server().Post("/orders/.*", [](const httplib::Request&, httplib::Response& response) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      response.set_content(std::string(10000, 'x'), "text/plain");
    });
    server.Start();
    HttpClient local(options);
    // Read timeout on a write (not retried).
    HttpRequest timed_out = SecretRequest(server.Url(""));
    timed_out.timeout_ms = 100;
    errors.push_back(local.Fetch(timed_out).error);
    // Deadline.
    HttpRequest late = SecretRequest(server.Url(""));
    late.deadline_unix_ms = NowUnixMs() + 100;
    errors.push_back(local.Fetch(late).error);
    // Too large.
    HttpRequest large = SecretRequest(server.Url(""));
    large.max_response_bytes = 10;
    errors.push_back(local.Fetch(large).error);
  }
  {
    // TLS verification.
    TestCertificates certificates;
    LoopbackServer server(certificates.cert_file(), certificates.key_file());
    server.Start();
    HttpClient local(options);
    errors.push_back(local.Fetch(SecretRequest(server.Url(""))).error);
  }
  // Malformed: a header value with a line break, and a reserved header.
  HttpRequest bad_value = SecretRequest("http://127.0.0.1:1");
  bad_value.headers.push_back({"X-Note", "SECRET-VALUE\r\nX-Injected: 1"});
  errors.push_back(client.Fetch(bad_value).error);
  HttpRequest reserved = SecretRequest("http://127.0.0.1:1");
  reserved.headers.push_back({"Content-Length", "SECRET-LENGTH"});
  errors.push_back(client.Fetch(reserved).error);
  HttpRequest bad_url = SecretRequest("http://user:SECRET-PASSWORD@127.0.0.1:1");
  errors.push_back(client.Fetch(bad_url).error);

  ASSERT_EQ(errors.size(), 8u);
  for (const std::string& error : errors) {
    EXPECT_FALSE(error.empty());
    EXPECT_THAT(error, Not(HasSubstr(kSecret)));
  }
}

TEST(ErrorMessageTest, MalformedRequestsAreRefusedBeforeSending) {
  LoopbackServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& response) { response.status = 200; });
  server.Start();
  HttpClient client;
  const auto refuse = [&](HttpRequest request) {
    const HttpOutcome outcome = client.Fetch(request);
    EXPECT_EQ(outcome.status, ODMCP_INVALID_ARGUMENT) << request.method << " " << request.url;
    return outcome.error;
  };
  HttpRequest request = Get(server.Url("/"));
  request.method = "get";
  EXPECT_THAT(refuse(request), HasSubstr("unsupported HTTP method"));
  request.method = "TRACE";
  EXPECT_THAT(refuse(request), HasSubstr("unsupported HTTP method"));

  request = Get("ftp://127.0.0.1/");
  EXPECT_THAT(refuse(request), HasSubstr("http://"));

  request = Get(server.Url("/"));
  request.headers = {{"Bad Name", "x"}};
  EXPECT_THAT(refuse(request), HasSubstr("invalid HTTP header name"));
  request.headers = {{"host", "elsewhere"}};
  EXPECT_THAT(refuse(request), HasSubstr("header host is set by the HTTP client"));
  request.headers = {{"X-Note", std::string("a\0b", 3)}};
  EXPECT_THAT(refuse(request), HasSubstr("the value of header X-Note contains"));

  EXPECT_EQ(server.requests(), 0);
}

}  // namespace
}  // namespace odmcp::testing
