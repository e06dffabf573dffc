// Legacy-era HTTP sessions (Mcp-Session-Id): the table that owns them, idle
// expiry, a cap per tenant beyond which the least recently used session of
// that tenant is ended, and each session's GET stream.
//
// A session's server-to-client messages (list changes, updates of the
// resources it subscribed to) are numbered: they go out as SSE events with
// an `id`, and the session keeps the last `replay_events` of them. A client
// whose stream broke reconnects with Last-Event-ID and is sent what came
// after that event, including what was written to the broken stream but
// never reached it; a client that reconnects without the header is sent
// what arrived while no stream was open.
//
// Thread safety: every method of both classes may be called from any thread.
#ifndef ODMCP_HOST_PROTOCOL_SESSION_TABLE_H_
#define ODMCP_HOST_PROTOCOL_SESSION_TABLE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "host/common/clock.h"
#include "host/common/mutex.h"
#include "host/protocol/client_requests.h"
#include "host/protocol/http_exchange.h"
#include "host/services/notification_hub.h"
#include "host/protocol/request_context.h"

namespace odmcp {

class HttpSession {
 public:
  // clock (not owned) must outlive the session.
  HttpSession(std::string id, std::string tenant, std::shared_ptr<ClientSession> client,
              size_t replay_events, const Clock* clock);

  const std::string& id() const { return id_; }
  const std::string& tenant() const { return tenant_; }
  const std::shared_ptr<ClientSession>& client() const { return client_; }

  void Touch();
  int64_t last_used_ms() const { return last_used_ms_.load(std::memory_order_relaxed); }

  enum class Attach {
    kAttached,
    kBusy,          // another stream is open and the request is not a resumption
    kUnknownEvent,  // Last-Event-ID names an event this session never sent
    kEnded,         // the session or its streams have ended
  };
  // What AttachStream would answer now, without attaching anything.
  Attach CheckAttach(std::optional<uint64_t> last_event_id) const;
  // Makes `stream` the session's GET stream and sends it what it missed:
  // the events after `last_event_id` (from the replay window), or without
  // it, those kept since the last stream's last event. A resumption replaces
  // a stream that is still open (its client has evidently lost it).
  Attach AttachStream(std::shared_ptr<ResponseStream> stream,
                      std::optional<uint64_t> last_event_id);
  // Forgets `stream` if it is still the session's (its client left).
  void DetachStream(const ResponseStream* stream);
  bool has_stream() const;
  // Sends a server-to-client message on the GET stream as the next event,
  // or keeps it in the replay window until a stream attaches.
  void Push(std::string message);

  // Requests in flight, so notifications/cancelled can reach them.
  void Track(const std::string& request_id, std::shared_ptr<Cancellation> cancellation);
  void Untrack(const std::string& request_id);
  void Cancel(const std::string& request_id);

  // Where the client's answers to the host's requests arrive.
  ClientRequests& client_requests() { return client_requests_; }
  // From now on, pushes the changes of `hub` the client wants (every list
  // change; updates of resources it subscribed to) to the GET stream.
  void ListenForChanges(NotificationHub* hub);

  // Ends the session: ends its stream, cancels its requests and ends their
  // waits for the client's answers.
  void Close();
  // Ends the GET stream only (at shutdown, when requests may still finish).
  void EndStream();

 private:
  struct Event {
    uint64_t id;
    std::string message;
  };
  Attach CheckAttachLocked(std::optional<uint64_t> last_event_id) const REQUIRES(mutex_);
  // Writes events after `after` to the stream.
  void SendFromLocked(uint64_t after) REQUIRES(mutex_);

  const std::string id_;
  const std::string tenant_;
  const std::shared_ptr<ClientSession> client_;
  const size_t replay_events_;
  const Clock* const clock_;
  std::atomic<int64_t> last_used_ms_;

  mutable Mutex mutex_;
  std::deque<Event> events_ GUARDED_BY(mutex_);  // the replay window, oldest first
  uint64_t next_event_id_ GUARDED_BY(mutex_) = 1;
  uint64_t delivered_ GUARDED_BY(mutex_) = 0;  // the last event written to a stream
  std::shared_ptr<ResponseStream> stream_ GUARDED_BY(mutex_);
  bool closed_ GUARDED_BY(mutex_) = false;
  bool streams_ended_ GUARDED_BY(mutex_) = false;
  std::map<std::string, std::shared_ptr<Cancellation>> in_flight_ GUARDED_BY(mutex_);
  ClientRequests client_requests_;
  // Declared last so that it goes first: its calls use the members above.
  std::unique_ptr<HubListener> listener_;
};

// One SSE event carrying `message`, with `id` when it is not 0.
std::string SseEvent(std::string_view message, uint64_t id = 0);

class SessionTable {
 public:
  // clock (not owned) times idleness and must outlive the table.
  SessionTable(std::chrono::seconds idle_timeout, size_t max_per_tenant, size_t replay_events,
               const Clock* clock = SystemClock());

  // Creates a session with a fresh unguessable id.
  std::shared_ptr<HttpSession> Create(const std::string& tenant,
                                      std::shared_ptr<ClientSession> client);
  // The live session `id`, touched; nullptr if unknown, expired or ended.
  std::shared_ptr<HttpSession> Find(std::string_view id);
  // Ends session `id`; false if there was none.
  bool Remove(std::string_view id);
  // Ends sessions idle for longer than the timeout (a session with an open
  // GET stream is not idle); returns how many.
  size_t ExpireIdle();
  // Ends every session's GET stream (at shutdown).
  void EndStreams();
  size_t size() const;
  // Sessions ended so far, by any means (expiry, the cap, DELETE): the
  // server returns freed memory to the system after many have ended.
  uint64_t ended() const { return ended_.load(std::memory_order_relaxed); }

 private:
  void EraseLocked(const std::string& id) REQUIRES(mutex_);

  const std::chrono::seconds idle_timeout_;
  const size_t max_per_tenant_;
  const size_t replay_events_;
  const Clock* const clock_;
  mutable Mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<HttpSession>> by_id_ GUARDED_BY(mutex_);
  std::map<std::string, std::set<std::string>> ids_by_tenant_ GUARDED_BY(mutex_);
  std::atomic<uint64_t> ended_{0};
};

}  // namespace odmcp

#endif  // ODMCP_HOST_PROTOCOL_SESSION_TABLE_H_
