#include "host/protocol/session_table.h"

#include "host/common/clock.h"
#include "host/common/random.h"

namespace odmcp {

std::string SseEvent(std::string_view message, uint64_t id) {
  std::string event;
  event.reserve(message.size() + 40);
  if (id != 0) {
    event += "id: ";
    event += std::to_string(id);
    event += '\n';
  }
  event += "event: message\ndata: ";
  event.append(message);
  event += "\n\n";
  return event;
}

HttpSession::HttpSession(std::string id, std::string tenant, std::shared_ptr<ClientSession> client,
                         size_t replay_events, const Clock* clock)
    : id_(std::move(id)),
      tenant_(std::move(tenant)),
      client_(std::move(client)),
      replay_events_(std::max<size_t>(1, replay_events)),
      clock_(clock),
      last_used_ms_(clock->UnixMillis()) {}

void HttpSession::Touch() { last_used_ms_.store(clock_->UnixMillis(), std::memory_order_relaxed); }

HttpSession::Attach HttpSession::CheckAttachLocked(std::optional<uint64_t> last_event_id) const {
  if (closed_ || streams_ended_) return Attach::kEnded;
  if (stream_ != nullptr && !last_event_id) return Attach::kBusy;
  if (last_event_id && *last_event_id >= next_event_id_) return Attach::kUnknownEvent;
  return Attach::kAttached;
}

HttpSession::Attach HttpSession::CheckAttach(std::optional<uint64_t> last_event_id) const {
  MutexLock lock(&mutex_);
  return CheckAttachLocked(last_event_id);
}

HttpSession::Attach HttpSession::AttachStream(std::shared_ptr<ResponseStream> stream,
                                              std::optional<uint64_t> last_event_id) {
  std::shared_ptr<ResponseStream> replaced;
  {
    MutexLock lock(&mutex_);
    if (Attach verdict = CheckAttachLocked(last_event_id); verdict != Attach::kAttached) {
      return verdict;
    }
    replaced = std::move(stream_);
    stream_ = std::move(stream);
    SendFromLocked(last_event_id.value_or(delivered_));
  }
  if (replaced != nullptr) replaced->End();
  return Attach::kAttached;
}

void HttpSession::SendFromLocked(uint64_t after) {
  for (const Event& event : events_) {
    if (event.id <= after) continue;
    if (!stream_->Write(SseEvent(event.message, event.id))) {
      stream_.reset();
      return;
    }
    delivered_ = event.id;
  }
}

void HttpSession::DetachStream(const ResponseStream* stream) {
  MutexLock lock(&mutex_);
  if (stream_.get() == stream) stream_.reset();
}

bool HttpSession::has_stream() const {
  MutexLock lock(&mutex_);
  return stream_ != nullptr;
}

void HttpSession::Push(std::string message) {
  MutexLock lock(&mutex_);
  if (closed_) return;
  const uint64_t id = next_event_id_++;
  events_.push_back(Event{id, std::move(message)});
  if (events_.size() > replay_events_) events_.pop_front();
  if (stream_ == nullptr) return;
  if (stream_->Write(SseEvent(events_.back().message, id))) {
    delivered_ = id;
  } else {
    stream_.reset();
  }
}

void HttpSession::Track(const std::string& request_id, std::shared_ptr<Cancellation> cancellation) {
  MutexLock lock(&mutex_);
  in_flight_[request_id] = std::move(cancellation);
}

void HttpSession::Untrack(const std::string& request_id) {
  MutexLock lock(&mutex_);
  in_flight_.erase(request_id);
}

void HttpSession::Cancel(const std::string& request_id) {
  MutexLock lock(&mutex_);
  auto it = in_flight_.find(request_id);
  if (it != in_flight_.end()) it->second->Cancel();
}

void HttpSession::ListenForChanges(NotificationHub* hub) {
  listener_ = std::make_unique<HubListener>(hub, [this](const Change& change) {
    if (change.kind == ChangeKind::kResourceUpdated && !client_->subscriptions.Contains(change.uri)) {
      return;
    }
    Push(ChangeNotification(change));
  });
}

void HttpSession::Close() {
  client_requests_.Close();
  std::shared_ptr<ResponseStream> stream;
  {
    MutexLock lock(&mutex_);
    closed_ = true;
    events_.clear();
    stream = std::move(stream_);
    for (auto& [id, cancellation] : in_flight_) cancellation->Cancel();
  }
  if (stream != nullptr) stream->End();
}

void HttpSession::EndStream() {
  std::shared_ptr<ResponseStream> stream;
  {
    MutexLock lock(&mutex_);
    streams_ended_ = true;
    stream = std::move(stream_);
  }
  if (stream != nullptr) stream->End();
}

SessionTable::SessionTable(std::chrono::seconds idle_timeout, size_t max_per_tenant,
                           size_t replay_events, const Clock* clock)
    : idle_timeout_(idle_timeout),
      max_per_tenant_(max_per_tenant),
      replay_events_(replay_events),
      clock_(clock) {}

std::shared_ptr<HttpSession> SessionTable::Create(const std::string& tenant,
                                                  std::shared_ptr<ClientSession> client) {
  auto session = std::make_shared<HttpSession>(RandomHex(16), tenant, std::move(client),
                                               replay_events_, clock_);
  MutexLock lock(&mutex_);
  // At the cap the tenant's least recently used session ends; its client
  // gets 404 on its next request and may initialize again.
  for (auto ids = ids_by_tenant_.find(tenant);
       ids != ids_by_tenant_.end() && ids->second.size() >= max_per_tenant_;
       ids = ids_by_tenant_.find(tenant)) {
    std::string oldest;
    int64_t oldest_ms = 0;
    for (const std::string& id : ids->second) {
      int64_t used = by_id_.at(id)->last_used_ms();
      if (oldest.empty() || used < oldest_ms) {
        oldest = id;
        oldest_ms = used;
      }
    }
    EraseLocked(oldest);
  }
  ids_by_tenant_[tenant].insert(session->id());
  by_id_.emplace(session->id(), session);
  return session;
}

std::shared_ptr<HttpSession> SessionTable::Find(std::string_view id) {
  MutexLock lock(&mutex_);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return nullptr;
  it->second->Touch();
  return it->second;
}

bool SessionTable::Remove(std::string_view id) {
  MutexLock lock(&mutex_);
  if (by_id_.find(std::string(id)) == by_id_.end()) return false;
  EraseLocked(std::string(id));
  return true;
}

void SessionTable::EraseLocked(const std::string& id) {
  auto it = by_id_.find(id);
  std::shared_ptr<HttpSession> session = it->second;
  by_id_.erase(it);
  auto tenant = ids_by_tenant_.find(session->tenant());
  tenant->second.erase(id);
  if (tenant->second.empty()) ids_by_tenant_.erase(tenant);
  session->Close();
  ended_.fetch_add(1, std::memory_order_relaxed);
}

size_t SessionTable::ExpireIdle() {
  const int64_t cutoff =
      clock_->UnixMillis() -
      std::chrono::duration_cast<std::chrono::milliseconds>(idle_timeout_).count();
  MutexLock lock(&mutex_);
  std::vector<std::string> expired;
  for (const auto& [id, session] : by_id_) {
    if (session->last_used_ms() < cutoff && !session->has_stream()) expired.push_back(id);
  }
  for (const std::string& id : expired) EraseLocked(id);
  return expired.size();
}

void SessionTable::EndStreams() {
  std::vector<std::shared_ptr<HttpSession>> sessions;
  {
    MutexLock lock(&mutex_);
    for (auto& [id, session] : by_id_) sessions.push_back(session);
  }
  for (const auto& session : sessions) session->EndStream();
}

size_t SessionTable::size() const {
  MutexLock lock(&mutex_);
  return by_id_.size();
}

}  // namespace odmcp
