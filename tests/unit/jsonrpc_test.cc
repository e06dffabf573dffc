// ClassifyMessage and the response writers.
#include "host/protocol/jsonrpc.h"

#include <gtest/gtest.h>

namespace odmcp {
namespace {

IncomingMessage Classify(const char* json, rapidjson::Document& doc) {
  doc.Parse(json);
  EXPECT_FALSE(doc.HasParseError()) << json;
  return ClassifyMessage(doc);
}

TEST(JsonRpcTest, RequestKeepsItsIdVerbatim) {
  rapidjson::Document doc;
  IncomingMessage m = Classify(R"({"jsonrpc":"2.0","id":"a-1","method":"ping"})", doc);
  EXPECT_EQ(m.kind, MessageKind::kRequest);
  EXPECT_EQ(m.id_json, R"("a-1")");
  EXPECT_EQ(m.method, "ping");
  EXPECT_EQ(m.params, nullptr);
  IncomingMessage n = Classify(R"({"jsonrpc":"2.0","id":7,"method":"x","params":{}})", doc);
  EXPECT_EQ(n.id_json, "7");
  EXPECT_NE(n.params, nullptr);
}

TEST(JsonRpcTest, NotificationAndResponse) {
  rapidjson::Document doc;
  EXPECT_EQ(Classify(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", doc).kind,
            MessageKind::kNotification);
  EXPECT_EQ(Classify(R"({"jsonrpc":"2.0","id":1,"result":{}})", doc).kind, MessageKind::kResponse);
  EXPECT_EQ(Classify(R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}})", doc).kind,
            MessageKind::kResponse);
}

TEST(JsonRpcTest, BrokenEnvelopesAreInvalidRequests) {
  rapidjson::Document doc;
  for (const char* json : {R"([1])", R"({"id":1,"method":"ping"})",
                           R"({"jsonrpc":"1.0","id":1,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":null,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":1,"method":7})",
                           R"({"jsonrpc":"2.0","id":1})"}) {
    IncomingMessage m = Classify(json, doc);
    EXPECT_EQ(m.kind, MessageKind::kInvalid) << json;
    EXPECT_EQ(m.error.code, rpc::kInvalidRequest) << json;
  }
}

TEST(JsonRpcTest, ParamsThatAreNotAnObjectAreInvalidParams) {
  rapidjson::Document doc;
  IncomingMessage m = Classify(R"({"jsonrpc":"2.0","id":3,"method":"ping","params":[1]})", doc);
  EXPECT_EQ(m.kind, MessageKind::kInvalid);
  EXPECT_EQ(m.error.code, rpc::kInvalidParams);
  EXPECT_EQ(m.id_json, "3");
}

TEST(JsonRpcTest, ErrorResponseOmitsAnUnknownId) {
  EXPECT_EQ(ErrorResponse("", RpcError{-32700, "Parse error", {}}),
            R"({"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}})");
  EXPECT_EQ(ErrorResponse("4", RpcError{-32022, "v", R"({"supported":[]})"}),
            R"({"jsonrpc":"2.0","id":4,"error":{"code":-32022,"message":"v","data":{"supported":[]}}})");
}

TEST(JsonRpcTest, NotificationIsWellFormed) {
  EXPECT_EQ(Notification("notifications/progress", R"({"progress":1})"),
            R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}})");
}

}  // namespace
}  // namespace odmcp
