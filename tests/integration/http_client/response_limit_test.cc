// The response size limit: a body over it is refused with
// ODMCP_RESOURCE_EXHAUSTED without being read to the end, whether its
// length is declared or it arrives in chunks; a body at the limit passes.

#include <chrono>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/services/http_client/http_client.h"
#include "tests/integration/http_client/loopback_server.h"

namespace odmcp::testing {
namespace {

using ::testing::HasSubstr;

class ResponseLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Get("/sized/(\\d+)", [](const httplib::Request& request, httplib::Response& response) {
      response.set_content(std::string(std::stoul(request.matches[1]), 'a'), "text/plain");
    });
    // 64 MiB in 64 KiB chunks, without a Content-Length.
    server_.server().Get("/endless", [](const httplib::Request&, httplib::Response& response) {
      response.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= (64u << 20)) {
          sink.done();
          return true;
        }
        const std::string chunk(64 * 1024, 'b');
        return sink.write(chunk.data(), chunk.size());
      });
    });
    server_.Start();
  }

  LoopbackServer server_;
};

TEST_F(ResponseLimitTest, ADeclaredLengthOverTheLimitIsRefused) {
  HttpClient client;
  HttpRequest request = Get(server_.Url("/sized/5000"));
  request.max_response_bytes = 4096;
  const HttpOutcome outcome = client.Fetch(request);
  EXPECT_EQ(outcome.status, ODMCP_RESOURCE_EXHAUSTED);
  EXPECT_EQ(outcome.response, nullptr);
  EXPECT_THAT(outcome.error, HasSubstr("response from " + server_.Url("") + " exceeds the limit of 4096 bytes"));
  EXPECT_EQ(client.stats().upstream_attempts, 1u) << "not retried: it would be as large again";
}

TEST_F(ResponseLimitTest, AChunkedBodyIsCutOffAtTheLimit) {
  HttpClientOptions options;
  options.max_response_bytes = 1 << 20;  // the default when the request names none
  HttpClient client(options);
  const auto start = std::chrono::steady_clock::now();
  const HttpOutcome outcome = client.Fetch(Get(server_.Url("/endless")));
  EXPECT_EQ(outcome.status, ODMCP_RESOURCE_EXHAUSTED);
  EXPECT_THAT(outcome.error, HasSubstr("exceeds the limit of 1048576 bytes"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(ResponseLimitTest, ABodyExactlyAtTheLimitPasses) {
  HttpClient client;
  HttpRequest request = Get(server_.Url("/sized/4096"));
  request.max_response_bytes = 4096;
  const HttpOutcome outcome = client.Fetch(request);
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->body.size(), 4096u);
}

TEST_F(ResponseLimitTest, AHeadResponseHasNoBodyToLimit) {
  HttpClient client;
  HttpRequest request = Get(server_.Url("/sized/5000"));
  request.method = "HEAD";
  request.max_response_bytes = 4096;
  const HttpOutcome outcome = client.Fetch(request);
  ASSERT_EQ(outcome.status, ODMCP_OK) << outcome.error;
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_TRUE(outcome.response->body.empty());
}

TEST_F(ResponseLimitTest, TheConnectionOfARefusedBodyIsNotReused) {
  // The rest of the refused body is still in flight on that connection;
  // the next request must not read it as its own response.
  HttpClient client;
  HttpRequest big = Get(server_.Url("/sized/100000"));
  big.max_response_bytes = 1000;
  EXPECT_EQ(client.Fetch(big).status, ODMCP_RESOURCE_EXHAUSTED);
  const HttpOutcome next = client.Fetch(Get(server_.Url("/sized/10")));
  ASSERT_EQ(next.status, ODMCP_OK) << next.error;
  EXPECT_EQ(next.response->body, "aaaaaaaaaa");
  EXPECT_EQ(client.stats().connections_opened, 2u);
}

}  // namespace
}  // namespace odmcp::testing
