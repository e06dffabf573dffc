// Legacy-era HTTP sessions (Mcp-Session-Id): the table that owns them, idle
// expiry, and a cap per tenant beyond which the least recently used session
// of that tenant is ended.
//
// Thread safety: every method of both classes may be called from any thread.
#ifndef ODMCP_HOST_TRANSPORT_SESSION_TABLE_H_
#define ODMCP_HOST_TRANSPORT_SESSION_TABLE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/protocol/client_requests.h"
#include "host/protocol/notification_hub.h"
#include "host/protocol/request_context.h"

namespace odmcp {

class HttpSession {
 public:
  HttpSession(std::string id, std::string tenant, std::shared_ptr<ClientSession> client);

  const std::string& id() const { return id_; }
  const std::string& tenant() const { return tenant_; }
  const std::shared_ptr<ClientSession>& client() const { return client_; }

  void Touch();
  int64_t last_used_ms() const { return last_used_ms_.load(std::memory_order_relaxed); }

  // The standalone GET stream: at most one listener at a time.
  bool AttachStream();
  void DetachStream();
  // Queues a server-to-client message for the GET stream (kept until a
  // listener takes it, up to a bound; the oldest are dropped beyond it).
  void Push(std::string message);
  // Waits up to `timeout` for queued messages. Empty on timeout; nullopt
  // once the session has ended.
  std::optional<std::vector<std::string>> Wait(std::chrono::milliseconds timeout);

  // Requests in flight, so notifications/cancelled can reach them.
  void Track(const std::string& request_id, std::shared_ptr<Cancellation> cancellation);
  void Untrack(const std::string& request_id);
  void Cancel(const std::string& request_id);

  // Where the client's answers to the host's requests arrive.
  ClientRequests& client_requests() { return client_requests_; }
  // From now on, queues the changes of `hub` the client wants (every list
  // change; updates of resources it subscribed to) for the GET stream.
  void ListenForChanges(NotificationHub* hub);

  // Ends the session: wakes its stream, cancels its requests and ends
  // their waits for the client's answers.
  void Close();
  // Ends the GET stream only (at shutdown, when requests may still finish).
  void EndStream();

 private:
  const std::string id_;
  const std::string tenant_;
  const std::shared_ptr<ClientSession> client_;
  std::atomic<int64_t> last_used_ms_;

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  bool closed_ = false;
  bool stream_ended_ = false;
  bool stream_attached_ = false;
  std::map<std::string, std::shared_ptr<Cancellation>> in_flight_;
  ClientRequests client_requests_;
  // Declared last so that it goes first: its calls use the members above.
  std::unique_ptr<HubListener> listener_;
};

class SessionTable {
 public:
  SessionTable(std::chrono::seconds idle_timeout, size_t max_per_tenant);

  // Creates a session with a fresh unguessable id.
  std::shared_ptr<HttpSession> Create(const std::string& tenant,
                                      std::shared_ptr<ClientSession> client);
  // The live session `id`, touched; nullptr if unknown, expired or ended.
  std::shared_ptr<HttpSession> Find(std::string_view id);
  // Ends session `id`; false if there was none.
  bool Remove(std::string_view id);
  // Ends sessions idle for longer than the timeout; returns how many.
  size_t ExpireIdle();
  // Ends every session's GET stream (at shutdown).
  void EndStreams();
  size_t size() const;
  // Sessions ended so far, by any means (expiry, the cap, DELETE): the
  // server returns freed memory to the system after many have ended.
  uint64_t ended() const { return ended_.load(std::memory_order_relaxed); }

 private:
  void EraseLocked(const std::string& id);

  const std::chrono::seconds idle_timeout_;
  const size_t max_per_tenant_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<HttpSession>> by_id_;
  std::map<std::string, std::set<std::string>> ids_by_tenant_;
  std::atomic<uint64_t> ended_{0};
};

}  // namespace odmcp

#endif  // ODMCP_HOST_TRANSPORT_SESSION_TABLE_H_
