#include "host/protocol/request_trace.h"

#include <optional>
#include <string_view>

#include "host/common/json.h"
#include "host/common/random.h"

namespace odmcp {
namespace {

// The string member `key` of params._meta, or nullopt.
std::optional<std::string_view> MetaString(const rapidjson::Value* params, std::string_view key) {
  if (params == nullptr || !params->IsObject()) return std::nullopt;
  const rapidjson::Value* meta = FindMember(*params, "_meta");
  if (meta == nullptr || !meta->IsObject()) return std::nullopt;
  const rapidjson::Value* value = FindMember(*meta, key);
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return AsView(*value);
}

std::optional<std::string_view> Header(const HttpHeaders* headers, std::string_view name) {
  return headers == nullptr ? std::nullopt : headers->Find(name);
}

// The request id of params._meta, if it is one a log line can carry.
std::optional<std::string> MetaRequestId(const rapidjson::Value* params) {
  std::optional<std::string_view> meta = MetaString(params, "x-request-id");
  return meta ? AcceptRequestId(*meta) : std::nullopt;
}

std::optional<Traceparent> MetaTrace(const rapidjson::Value* params) {
  std::optional<std::string_view> meta = MetaString(params, "traceparent");
  return meta ? ParseTraceparent(*meta) : std::nullopt;
}

}  // namespace

void StartRequestTrace(const HttpHeaders* headers, const rapidjson::Value* params,
                       CallContext* context) {
  std::optional<std::string> request_id;
  if (std::optional<std::string_view> header = Header(headers, "X-Request-ID")) {
    request_id = AcceptRequestId(*header);
  }
  if (!request_id) request_id = MetaRequestId(params);
  context->correlation_id = request_id ? std::move(*request_id) : NextCorrelationId();

  std::optional<Traceparent> trace;
  if (std::optional<std::string_view> header = Header(headers, "traceparent")) {
    trace = ParseTraceparent(*header);
  }
  if (!trace) trace = MetaTrace(params);
  context->trace = trace ? std::move(*trace) : NewTrace();
}

void ContinueBatchTrace(const CallContext& batch, const rapidjson::Value* params,
                        CallContext* context) {
  std::optional<std::string> request_id = MetaRequestId(params);
  context->correlation_id = request_id ? std::move(*request_id) : batch.correlation_id;
  std::optional<Traceparent> trace = MetaTrace(params);
  context->trace = trace ? std::move(*trace) : batch.trace;
}

}  // namespace odmcp
