// Copyright 2026 The orderdesk-mcp Authors.

#include "sandbox/envelope.h"

#include <cstdio>

#include "sandbox/text_util.h"

namespace odmcp::sandbox {

std::string ExecutionTime(RequestClock::time_point started) {
  const double seconds = std::chrono::duration<double>(RequestClock::now() - started).count();
  char text[32];
  std::snprintf(text, sizeof(text), "%.4f seconds", seconds);
  return text;
}

EnvelopeBuilder::EnvelopeBuilder(RequestClock::time_point started)
    : started_(started), writer_(buffer_) {}

JsonWriter& EnvelopeBuilder::Begin(std::string_view message) {
  writer_.StartObject();
  WriteKey(&writer_, "status");
  WriteString(&writer_, "success");
  if (!message.empty()) {
    WriteKey(&writer_, "message");
    WriteString(&writer_, message);
  }
  WriteKey(&writer_, "execution_time");
  WriteString(&writer_, ExecutionTime(started_));
  return writer_;
}

JsonWriter& EnvelopeBuilder::BeginWithTimingMessage() {
  writer_.StartObject();
  WriteKey(&writer_, "status");
  WriteString(&writer_, "success");
  WriteKey(&writer_, "message");
  WriteString(&writer_, "Execution took " + ExecutionTime(started_));
  return writer_;
}

ApiReply EnvelopeBuilder::Finish() {
  writer_.EndObject();
  return {200, std::string(buffer_.GetString(), buffer_.GetSize())};
}

ApiReply MessageReply(std::string_view message, RequestClock::time_point started) {
  EnvelopeBuilder builder(started);
  builder.Begin(message);
  return builder.Finish();
}

ApiReply ErrorReply(const ApiStatus& status, RequestClock::time_point started) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteKey(&writer, "status");
  WriteString(&writer, "error");
  WriteKey(&writer, "message");
  // Messages may quote client input; keep the reply valid UTF-8.
  WriteString(&writer, SanitizeUtf8(status.message()));
  WriteKey(&writer, "execution_time");
  WriteString(&writer, ExecutionTime(started));
  writer.EndObject();
  return {status.http_status(), std::string(buffer.GetString(), buffer.GetSize())};
}

}  // namespace odmcp::sandbox
