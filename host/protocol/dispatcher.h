// Dispatcher: the one owner of every incoming MCP message, whichever
// transport carried it.
//
// A transport binding (streamable_http.h for HTTP, stdio_connection.h for
// stdio) hands each JSON-RPC payload to Admit(), which decides what it is
// and whether it may go on, running each check once, in this order (the
// order of the specification's reference SDK):
//
//   1. parse: one JSON value, at most kMaxJsonDepth deep            -32700
//   2. a batch (answered by AnswerBatch), or one message with a valid
//      JSON-RPC envelope                                             -32600
//   3. the era: a request whose params._meta names a protocol version is a
//      2026-07-28 request; over HTTP, an MCP-Protocol-Version header of a
//      2026 version also claims that era; anything else is legacy.
//   4. 2026-07-28:
//        params._meta (version, client capabilities, info, log level)  -32602
//        HTTP: MCP-Protocol-Version and Mcp-Method agree with the body -32020
//        the version is one this host speaks                         -32022
//        HTTP: Mcp-Name agrees with params.name or params.uri          -32020
//        the method exists in the era                                -32601
//        tools/call: the tool is looked up, once; HTTP: its
//          Mcp-Param-* headers agree with its arguments              -32020
//        subscriptions/listen: its filter                            -32602
//   5. legacy: initialize, or a request, notification or response of a
//      session; tools/call's tool is looked up, once.
//
// The binding then does what only it can (find the legacy session the
// message belongs to, open a stream, track cancellation) and calls
// Answer() to run the method.
//
// Thread safety: every method may run concurrently with any other.
#ifndef ODMCP_HOST_PROTOCOL_DISPATCHER_H_
#define ODMCP_HOST_PROTOCOL_DISPATCHER_H_

#include <rapidjson/document.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "host/protocol/engine.h"
#include "host/protocol/http_exchange.h"
#include "host/protocol/listen.h"
#include "host/protocol/request_context.h"
#include "host/protocol/versions.h"

namespace odmcp {

// One incoming payload, as Admit() found it.
struct Admitted {
  enum class Kind {
    kRefused,       // `refusal` is the whole answer
    kBatch,         // `doc` is a JSON-RPC batch
    kResponse,      // a client's answer to a request of the host (legacy era)
    kNotification,  // `cancels`: the request id it cancels, if it is notifications/cancelled
    kInitialize,    // legacy initialize
    kRequest,       // a request for Answer()
    kListen,        // 2026-era subscriptions/listen, with `filter`
  };
  Kind kind = Kind::kRefused;
  Era era = Era::kLegacy;
  Reply refusal;
  // Owns what `request` points into; shared so the request can outlive the
  // binding's frame (a stream, a worker).
  std::shared_ptr<rapidjson::Document> doc;
  Request request;
  // 2026 era: what _meta said, read once; a batch: its correlation id and
  // trace, from the HTTP headers. The binding adds the rest
  // (tenant, channel, cancellation; a legacy session via BindLegacySession).
  RequestContext context;
  ListenFilter filter;
  std::string cancels;
};

class Dispatcher {
 public:
  explicit Dispatcher(Engine& engine) : engine_(engine) {}

  // `headers`: the HTTP request's, or null (stdio), where no header rule
  // applies.
  Admitted Admit(std::string_view payload, const HttpHeaders* headers) const;

  // Whether answering `message` may send messages before the reply
  // (progress, client logs, requests for input): a binding that can stream
  // should.
  bool MayNotify(const Admitted& message) const;

  // Runs an admitted request (kRequest). Its context must be complete: a
  // legacy request bound to its session, a channel and a cancellation set.
  Reply Answer(Admitted& message) const;

  // Answers a batch (kBatch), which only sessions of protocol 2025-03-26 may
  // send: each request in turn with a copy of `base` (the session's context)
  // and the batch's correlation id and trace unless it names its own
  // (ContinueBatchTrace), each notifications/cancelled through `cancel`. Returns the JSON array of
  // replies (an empty body if nothing needs one); a batch of another session
  // is refused whole (HTTP 400).
  Reply AnswerBatch(const Admitted& batch, const RequestContext& base,
                          const std::function<void(const std::string& id_json)>& cancel) const;

  Engine& engine() const { return engine_; }

 private:
  void AdmitStateless(Admitted& message, const HttpHeaders* headers) const;
  // The tool a tools/call names, in the current catalog.
  void ResolveTool(Admitted& message) const;

  Engine& engine_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_DISPATCHER_H_
