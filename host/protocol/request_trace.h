// Where a request's correlation id and trace come from: the HTTP headers
// X-Request-ID and traceparent, else params._meta's "x-request-id" and
// "traceparent" (how a stdio client, or one that cannot set headers, sends
// them), else the host makes a correlation id and begins a trace.
#ifndef ODMCP_HOST_PROTOCOL_REQUEST_TRACE_H_
#define ODMCP_HOST_PROTOCOL_REQUEST_TRACE_H_

#include <rapidjson/document.h>

#include "host/plugins/call_context.h"
#include "host/protocol/http_exchange.h"

namespace odmcp {

// Sets context->correlation_id and context->trace. `headers` and `params`
// may be null. Values that do not parse are ignored, never refused.
void StartRequestTrace(const HttpHeaders* headers, const rapidjson::Value* params,
                       CallContext* context);

// Sets context->correlation_id and context->trace for one request of a
// batch: its own params._meta values, else the batch's (`batch`, which
// StartRequestTrace set from the HTTP headers alone), so that the batch's
// access-log line and its calls' lines share an id unless a request names
// its own. `params` may be null.
void ContinueBatchTrace(const CallContext& batch, const rapidjson::Value* params,
                        CallContext* context);

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_REQUEST_TRACE_H_
