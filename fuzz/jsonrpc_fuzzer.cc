// Fuzzes the JSON-RPC 2.0 envelope (host/protocol/jsonrpc.h). The input is
// one payload as a client sends it: a message or a batch.
//
// Covers ParseJson (the host's depth-limited parser of client JSON),
// ClassifyMessage on the value or on each element of a batch, ErrorResponse
// and Notification.
//
// Asserts, beyond no crash and no sanitizer report:
//   - each classification is consistent: a request has a method and an id,
//     a notification a method and no id, a response an id and no method, an
//     invalid message the error -32600 or -32602; params, if set, is an
//     object;
//   - the error response to an invalid message is one JSON object on one
//     line, which classifies as a response with the same id (or, without an
//     id, as invalid);
//   - a notification written with a method read from the input classifies
//     as a notification of that same method.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/check.h"
#include "host/common/json.h"
#include "host/protocol/jsonrpc.h"

namespace odmcp {
namespace {

IncomingMessage ClassifyText(std::string_view json, JsonDocument& doc) {
  FUZZ_CHECK(!ParseJson(json, doc).has_value());
  return ClassifyMessage(doc);
}

void CheckConsistent(const IncomingMessage& m) {
  switch (m.kind) {
    case MessageKind::kRequest:
      FUZZ_CHECK(!m.method.empty() && !m.id_json.empty());
      break;
    case MessageKind::kNotification:
      FUZZ_CHECK(!m.method.empty() && m.id_json.empty());
      break;
    case MessageKind::kResponse:
      FUZZ_CHECK(m.method.empty() && !m.id_json.empty());
      break;
    case MessageKind::kInvalid:
      FUZZ_CHECK(m.error.code == rpc::kInvalidRequest || m.error.code == rpc::kInvalidParams);
      break;
  }
  FUZZ_CHECK(m.params == nullptr || m.params->IsObject());
}

void CheckAnswers(const IncomingMessage& m) {
  if (m.kind == MessageKind::kInvalid) {
    const std::string reply = ErrorResponse(m.id_json, m.error);
    FUZZ_CHECK(reply.find('\n') == std::string::npos);
    JsonDocument doc;
    const IncomingMessage answer = ClassifyText(reply, doc);
    if (m.id_json.empty()) {
      FUZZ_CHECK(answer.kind == MessageKind::kInvalid);
    } else {
      FUZZ_CHECK(answer.kind == MessageKind::kResponse && answer.id_json == m.id_json);
    }
  }
  if (!m.method.empty()) {
    JsonDocument doc;
    const IncomingMessage notification = ClassifyText(Notification(m.method, "{}"), doc);
    FUZZ_CHECK(notification.kind == MessageKind::kNotification);
    FUZZ_CHECK(notification.method == m.method);
  }
}

void Check(const rapidjson::Value& value) {
  const IncomingMessage m = ClassifyMessage(value);
  CheckConsistent(m);
  CheckAnswers(m);
}

}  // namespace
}  // namespace odmcp

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace odmcp;
  JsonDocument doc;
  if (ParseJson(std::string_view(reinterpret_cast<const char*>(data), size), doc)) return 0;
  if (doc.IsArray()) {
    for (const rapidjson::Value& element : doc.GetArray()) Check(element);
  } else {
    Check(doc);
  }
  return 0;
}
