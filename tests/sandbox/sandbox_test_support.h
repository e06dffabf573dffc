// Copyright 2026 The orderdesk-mcp Authors.
//
// Helpers for the sandbox contract tests: a sandbox started in-process on
// an ephemeral loopback port, and a small HTTP client that speaks to it
// over real TCP with a store's credentials and parses the JSON replies.

#ifndef ODMCP_TESTS_SANDBOX_SANDBOX_TEST_SUPPORT_H_
#define ODMCP_TESTS_SANDBOX_SANDBOX_TEST_SUPPORT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "httplib.h"
#include "rapidjson/document.h"
#include "sandbox/sandbox.h"

namespace odmcp::sandbox::testing {

// Small data, rate limit off: most tests want many quick requests.
SandboxOptions TestOptions();

StoreConfig DemoStore();

// A running sandbox on 127.0.0.1:<ephemeral>; stops when destroyed.
class TestSandbox {
 public:
  explicit TestSandbox(SandboxOptions options = TestOptions());
  ~TestSandbox();

  const std::string& base_url() const { return base_url_; }
  int port() const { return sandbox_->port(); }
  Sandbox& sandbox() { return *sandbox_; }

 private:
  std::unique_ptr<Sandbox> sandbox_;
  std::string base_url_;
};

// One reply: status (-1 when no response arrived, with `error` saying why),
// headers, the raw body and its parse (a null document when not JSON).
struct Reply {
  int status = -1;
  httplib::Error error = httplib::Error::Success;
  httplib::Headers headers;
  std::string body;
  rapidjson::Document json;

  bool has_header(const std::string& name) const { return headers.find(name) != headers.end(); }
  std::string header(const std::string& name) const;
  // Shorthands for the envelope.
  std::string json_status() const;
  std::string message() const;
};

// A keep-alive HTTP client sending a store's credentials with every request.
class ApiClient {
 public:
  ApiClient(const std::string& base_url, const StoreConfig& store);
  // No credentials at all.
  explicit ApiClient(const std::string& base_url);

  Reply Get(const std::string& path);
  Reply Post(const std::string& path, const std::string& body);
  Reply Put(const std::string& path, const std::string& body);
  Reply Delete(const std::string& path);
  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const httplib::Headers& extra_headers = {});

 private:
  httplib::Client client_;
  httplib::Headers credentials_;
};

// Compact JSON text of a value (for request bodies and comparisons).
std::string ToJson(const rapidjson::Value& value);

// Parses JSON text; fails the current test when it does not parse.
rapidjson::Document ParseJson(std::string_view text);

// Reads a file from tests/sandbox/fixtures.
std::string ReadFixture(const std::string& name);

// Every order of the store, fetched page by page (limit 500), in the
// default order (newest first).
std::vector<rapidjson::Document> FetchAllOrders(ApiClient& client);

// The string value of a member, or "" when absent or not a string.
std::string StringField(const rapidjson::Value& object, const char* key);

// The body of the reference example order (section 4), ready to POST.
std::string ReferenceOrderBody();

}  // namespace odmcp::sandbox::testing

#endif  // ODMCP_TESTS_SANDBOX_SANDBOX_TEST_SUPPORT_H_
