// StdioServer: MCP over newline-delimited JSON on a pair of file
// descriptors (stdin/stdout), both protocol eras.
//
// One message per line. Requests run concurrently on a worker pool, so a
// slow tool call does not hold up a ping; replies may leave in any order.
// Only protocol messages are written to the output; logs go to stderr.
// Era: stateless-era requests (with a _meta protocol version) are served at
// any time until an initialize arrives; initialize pins the connection to
// the legacy era for the rest of its life (a client may probe with
// server/discover first and still initialize).
//
// Server-to-client: requests for input of a legacy-era call go out on stdout
// and the client's responses on stdin are routed back to that call; change
// notifications reach a legacy client that initialized, and 2026-era
// subscriptions/listen streams (ended by notifications/cancelled).
//
// Run() returns after the input ends (or Stop()) and every request in flight
// finished. Stop() may be called from any thread.
#ifndef ODMCP_HOST_TRANSPORT_STDIO_SERVER_H_
#define ODMCP_HOST_TRANSPORT_STDIO_SERVER_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "host/common/worker_pool.h"
#include "host/protocol/client_requests.h"
#include "host/protocol/engine.h"
#include "host/protocol/notification_hub.h"
#include "host/transport/line_writer.h"

namespace odmcp {

struct StdioOptions {
  int workers = 16;
  int64_t max_message_bytes = 4 * 1024 * 1024;
  // Who the connection is: its tenant from ODMCP_MASTER_KEY (or none yet),
  // changed by tools through use_master_key. Null when the host runs
  // without tenants.
  std::shared_ptr<ConnectionIdentity> identity;
};

class StdioServer {
 public:
  StdioServer(Engine& engine, int input_fd, int output_fd, StdioOptions options);
  StdioServer(const StdioServer&) = delete;
  StdioServer& operator=(const StdioServer&) = delete;
  ~StdioServer();

  void Run();
  void Stop();

 private:
  void HandleLine(std::string line);
  void AnswerBatch(const rapidjson::Value& batch);
  // The reply to one request (other than initialize).
  std::string AnswerRequest(const Request& request, std::shared_ptr<Cancellation> cancellation);
  void Notify(std::string_view method, const rapidjson::Value* params);
  // Starts a subscriptions/listen stream on stdout (2026 era).
  void Listen(const Request& request);
  // Sends `change` to a legacy-era client, if it wants it.
  void DeliverToSession(const Change& change);
  std::shared_ptr<ClientSession> session();

  Engine& engine_;
  const int input_fd_;
  int wake_pipe_[2] = {-1, -1};  // Stop() writes to [1] to end Run()
  const StdioOptions options_;
  LineWriter writer_;
  WorkerPool pool_;

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

#endif  // ODMCP_HOST_TRANSPORT_STDIO_SERVER_H_
