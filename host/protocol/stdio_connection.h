// StdioConnection: MCP over one stdio connection (newline-delimited JSON),
// both protocol eras; the protocol side of the stdio transport
// (host/transport/stdio_transport.h), which reads the lines and writes
// what this answers.
//
// Each line goes to OnLine() in input order. Everything but the work of a
// request happens there, before the next line is read: initialize pins the
// era, a request is in flight before a cancellation that follows it is
// seen. A request's work comes back to the transport to run concurrently,
// so a slow tool call does not hold up a ping; replies may leave in any
// order.
//
// Era: 2026-era requests (with a _meta protocol version) are served at any
// time until an initialize arrives; initialize pins the connection to the
// legacy era for the rest of its life (a client may probe with
// server/discover first and still initialize).
//
// Server-to-client: requests for input of a legacy-era call go out on the
// output, and the client's responses are routed back to that call; change
// notifications reach a legacy client that initialized, and 2026-era
// subscriptions/listen streams (ended by notifications/cancelled).
//
// Thread safety: OnLine() from one thread at a time; the work it returns,
// and Close(), from any thread.
#ifndef ODMCP_HOST_PROTOCOL_STDIO_CONNECTION_H_
#define ODMCP_HOST_PROTOCOL_STDIO_CONNECTION_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "host/protocol/client_requests.h"
#include "host/protocol/dispatcher.h"
#include "host/services/notification_hub.h"

namespace odmcp {

// Where a stdio connection's messages go: one line each.
class LineOutput {
 public:
  virtual ~LineOutput() = default;
  // Queues `message` as one line. Thread-safe; lines keep the order of the
  // calls.
  virtual void WriteLine(std::string_view message) = 0;
};

class StdioConnection {
 public:
  // `identity`: who the connection is (its tenant from ODMCP_MASTER_KEY, or
  // none yet), changed by tools through use_master_key; null when the host
  // runs without tenants.
  StdioConnection(Dispatcher& dispatcher, LineOutput& output,
                  std::shared_ptr<ConnectionIdentity> identity);
  StdioConnection(const StdioConnection&) = delete;
  StdioConnection& operator=(const StdioConnection&) = delete;
  ~StdioConnection();

  // Takes one line of input. Returns the work of a request, to be run
  // concurrently, or an empty function.
  std::function<void()> OnLine(std::string_view line);
  // Answers a line longer than `limit` bytes, which the transport dropped.
  void OnOversizedLine(int64_t limit);
  // The input ended and every request's work has finished: nobody is left
  // to answer the host's requests or to hear changes.
  void Close();

 private:
  void Initialize(Admitted& message);
  void Listen(Admitted& message);
  void Cancel(const std::string& id_json);
  // Runs one request (on a worker) and writes its reply, unless it was
  // cancelled.
  void Run(Admitted& message, const std::shared_ptr<Cancellation>& cancellation);
  // Sends `change` to a legacy-era client, if it wants it.
  void DeliverToSession(const Change& change);
  std::shared_ptr<ClientSession> session();

  Dispatcher& dispatcher_;
  LineOutput& output_;
  const std::shared_ptr<ConnectionIdentity> identity_;
  ClientRequests client_requests_;  // the host's requests to a legacy client

  std::mutex mutex_;
  std::shared_ptr<ClientSession> session_;  // set once initialize arrives
  std::map<std::string, std::shared_ptr<Cancellation>> in_flight_;  // by id
  // Listeners to the hub: the legacy session's, and one per open listen
  // stream by its request id. Declared last: removed first, while what
  // they use still exists.
  std::unique_ptr<HubListener> session_listener_;
  std::map<std::string, std::unique_ptr<HubListener>> listens_;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_STDIO_CONNECTION_H_
