#include "plugins/common/reply.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/orderdesk_common/contains.h"

namespace odmcp::orderdesk {
namespace {

ReplyContext Store1001() {
  ReplyContext context;
  context.store = "Main Shop (1001)";
  context.subject = "order 200001";
  return context;
}

Status Parse(int32_t code, std::string body, const ReplyContext& context = Store1001(),
             std::string retry_after = "") {
  HttpReply reply;
  reply.status_code = code;
  reply.body = std::move(body);
  reply.retry_after = std::move(retry_after);
  rapidjson::Document envelope;
  Status status = ParseReply(reply, context, &envelope);
  EXPECT_EQ(status.ok(), envelope.IsObject());
  return status;
}

TEST(OrderDeskReply, SuccessYieldsTheEnvelope) {
  HttpReply reply{200, R"({"status":"success","order":{"id":"200001"}})", ""};
  rapidjson::Document envelope;
  ASSERT_TRUE(ParseReply(reply, Store1001(), &envelope).ok());
  EXPECT_EQ(GetString(*Member(envelope, "order"), "id"), std::string_view("200001"));
  // /store has no "status" key in some examples; absence is not an error.
  EXPECT_TRUE(Parse(200, R"({"store":{}})").ok());
  EXPECT_TRUE(Parse(201, R"({"status":"success"})").ok());
}

TEST(OrderDeskReply, ErrorStatusWithHttp200IsAFailure) {
  Status status = Parse(200, R"({"status":"error","message":"Shipment Not Added"})");
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(status.message(), "Shipment Not Added"));
  EXPECT_TRUE(Contains(status.message(), "Main Shop (1001)"));

  // The legacy variants: what the message says decides the kind.
  EXPECT_EQ(Parse(200, R"({"status":"error","message":"Invalid Store ID or API Key"})").code(),
            ODMCP_FAILED_PRECONDITION);
  EXPECT_EQ(Parse(200, R"({"status":"error","message":"Order 5 Not Found"})").code(),
            ODMCP_NOT_FOUND);
  EXPECT_EQ(Parse(200, R"({"status":"error","message":"Rate limit exceeded"})").code(),
            ODMCP_RESOURCE_EXHAUSTED);
}

TEST(OrderDeskReply, RejectedStoredCredentialsAskForReRegistration) {
  Status status = Parse(401, R"({"status":"error","message":"Invalid Store ID or API Key"})");
  EXPECT_EQ(status.code(), ODMCP_FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(status.message(), "stores_register"));
  EXPECT_TRUE(Contains(status.message(), "Invalid Store ID or API Key"));
  EXPECT_EQ(Parse(403, R"({"status":"error","message":"Forbidden"})").code(),
            ODMCP_FAILED_PRECONDITION);
}

TEST(OrderDeskReply, RejectedGivenCredentialsNeverEchoTheKey) {
  ReplyContext context = Store1001();
  context.credentials_given = true;
  const std::string key = "SecretKey0123456789";
  context.secret = key;
  Status status =
      Parse(401, R"({"status":"error","message":"Invalid API Key SecretKey0123456789"})", context);
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_FALSE(Contains(status.message(), key));
  EXPECT_TRUE(Contains(status.message(), "[redacted]"));
  EXPECT_TRUE(Contains(status.message(), "check both"));
}

TEST(OrderDeskReply, NotFoundNamesTheThing) {
  Status status = Parse(404, R"({"status":"error","message":"Order 200001 Not Found"})");
  EXPECT_EQ(status.code(), ODMCP_NOT_FOUND);
  EXPECT_TRUE(Contains(status.message(), "order 200001"));
  EXPECT_TRUE(Contains(status.message(), "Main Shop (1001)"));
}

TEST(OrderDeskReply, RateLimitGivesTheWait) {
  Status status = Parse(429, R"({"status":"error","message":"Rate limit exceeded"})", Store1001(), "4");
  EXPECT_EQ(status.code(), ODMCP_RESOURCE_EXHAUSTED);
  EXPECT_TRUE(Contains(status.message(), "rate limiting store Main Shop (1001)"));
  EXPECT_TRUE(Contains(status.message(), "in 4 s"));
  EXPECT_TRUE(Contains(Parse(429, "", Store1001(), "1.2").message(), "in 2 s"));
  EXPECT_TRUE(Contains(Parse(429, "", Store1001(), "0").message(), "in 1 s"));
  EXPECT_TRUE(Contains(Parse(429, "", Store1001(), "").message(), "in a few seconds"));
  EXPECT_TRUE(Contains(Parse(429, "", Store1001(), "Wed, 21 Oct 2015 07:28:00 GMT").message(), "in a few seconds"));
}

TEST(OrderDeskReply, ServerErrorsSayTryAgain) {
  Status status = Parse(500, R"({"status":"error","message":"Internal Server Error"})");
  EXPECT_EQ(status.code(), ODMCP_UNAVAILABLE);
  EXPECT_TRUE(Contains(status.message(), "did not answer"));
  EXPECT_TRUE(Contains(status.message(), "HTTP 500"));
  EXPECT_TRUE(Contains(status.message(), "try again"));
  EXPECT_EQ(Parse(503, "<html>busy</html>").code(), ODMCP_UNAVAILABLE);
}

TEST(OrderDeskReply, ValidationKeepsOrderDeskMessage) {
  Status status = Parse(400, R"({"status":"error","message":"order_items[2].price must be a number"})");
  EXPECT_EQ(status.code(), ODMCP_INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(status.message(), "order_items[2].price must be a number"));
  EXPECT_TRUE(Contains(status.message(), "HTTP 400"));
}

TEST(OrderDeskReply, NonJsonBodiesAreFailures) {
  EXPECT_EQ(Parse(200, "<html>maintenance</html>").code(), ODMCP_UNAVAILABLE);
  EXPECT_EQ(Parse(200, "").code(), ODMCP_UNAVAILABLE);
  EXPECT_EQ(Parse(200, "[1,2]").code(), ODMCP_UNAVAILABLE);
  Status status = Parse(502, "Bad Gateway");
  EXPECT_EQ(status.code(), ODMCP_UNAVAILABLE);
  EXPECT_TRUE(Contains(status.message(), "HTTP 502"));
  EXPECT_EQ(Parse(401, "denied").code(), ODMCP_FAILED_PRECONDITION);
}

TEST(OrderDeskReply, TransportFailuresKeepTheirCodes) {
  EXPECT_EQ(TransportFailure(ODMCP_UNAVAILABLE, Store1001()).code(), ODMCP_UNAVAILABLE);
  EXPECT_TRUE(Contains(TransportFailure(ODMCP_UNAVAILABLE, Store1001()).message(), "did not answer"));
  EXPECT_EQ(TransportFailure(ODMCP_DEADLINE_EXCEEDED, Store1001()).code(),
            ODMCP_DEADLINE_EXCEEDED);
  EXPECT_EQ(TransportFailure(ODMCP_CANCELLED, Store1001()).code(), ODMCP_CANCELLED);
  EXPECT_EQ(TransportFailure(ODMCP_RESOURCE_EXHAUSTED, Store1001()).code(),
            ODMCP_RESOURCE_EXHAUSTED);
  EXPECT_EQ(TransportFailure(ODMCP_UNIMPLEMENTED, Store1001()).code(), ODMCP_UNIMPLEMENTED);
  EXPECT_EQ(TransportFailure(ODMCP_INVALID_ARGUMENT, Store1001()).code(), ODMCP_INTERNAL);
}

TEST(OrderDeskReply, SanitizesQuotedText) {
  EXPECT_EQ(SanitizeUpstreamText("a\nb\tc", ""), "a b c");
  EXPECT_EQ(SanitizeUpstreamText("key=K1 again K1", "K1"), "key=[redacted] again [redacted]");
  std::string long_text(290, 'x');
  long_text += "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";  // é x6 across byte 300
  std::string cut = SanitizeUpstreamText(long_text, "");
  EXPECT_EQ(cut, std::string(290, 'x') + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9...");
}

}  // namespace
}  // namespace odmcp::orderdesk
