#include "host/transport/session_table.h"

#include "host/common/clock.h"
#include "host/common/random.h"

namespace odmcp {
namespace {

// Messages a session keeps for a GET stream nobody is reading.
constexpr size_t kMaxQueuedMessages = 1024;

}  // namespace

HttpSession::HttpSession(std::string id, std::string tenant, std::shared_ptr<ClientSession> client)
    : id_(std::move(id)),
      tenant_(std::move(tenant)),
      client_(std::move(client)),
      last_used_ms_(UnixMillis()) {}

void HttpSession::Touch() { last_used_ms_.store(UnixMillis(), std::memory_order_relaxed); }

bool HttpSession::AttachStream() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stream_attached_ || closed_ || stream_ended_) return false;
  stream_attached_ = true;
  return true;
}

void HttpSession::DetachStream() {
  std::lock_guard<std::mutex> lock(mutex_);
  stream_attached_ = false;
}

void HttpSession::Push(std::string message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    if (queue_.size() >= kMaxQueuedMessages) queue_.pop_front();
    queue_.push_back(std::move(message));
  }
  ready_.notify_all();
}

std::optional<std::vector<std::string>> HttpSession::Wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait_for(lock, timeout,
                  [this] { return closed_ || stream_ended_ || !queue_.empty(); });
  if (closed_ || stream_ended_) return std::nullopt;
  std::vector<std::string> messages(std::make_move_iterator(queue_.begin()),
                                    std::make_move_iterator(queue_.end()));
  queue_.clear();
  return messages;
}

void HttpSession::Track(const std::string& request_id, std::shared_ptr<Cancellation> cancellation) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_flight_[request_id] = std::move(cancellation);
}

void HttpSession::Untrack(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_flight_.erase(request_id);
}

void HttpSession::Cancel(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(mutex_);
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
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    queue_.clear();
    for (auto& [id, cancellation] : in_flight_) cancellation->Cancel();
  }
  ready_.notify_all();
}

void HttpSession::EndStream() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stream_ended_ = true;
  }
  ready_.notify_all();
}

SessionTable::SessionTable(std::chrono::seconds idle_timeout, size_t max_per_tenant)
    : idle_timeout_(idle_timeout), max_per_tenant_(max_per_tenant) {}

std::shared_ptr<HttpSession> SessionTable::Create(const std::string& tenant,
                                                  std::shared_ptr<ClientSession> client) {
  auto session = std::make_shared<HttpSession>(RandomHex(16), tenant, std::move(client));
  std::lock_guard<std::mutex> lock(mutex_);
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
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return nullptr;
  it->second->Touch();
  return it->second;
}

bool SessionTable::Remove(std::string_view id) {
  std::lock_guard<std::mutex> lock(mutex_);
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
      UnixMillis() - std::chrono::duration_cast<std::chrono::milliseconds>(idle_timeout_).count();
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> expired;
  for (const auto& [id, session] : by_id_) {
    if (session->last_used_ms() < cutoff) expired.push_back(id);
  }
  for (const std::string& id : expired) EraseLocked(id);
  return expired.size();
}

void SessionTable::EndStreams() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, session] : by_id_) session->EndStream();
}

size_t SessionTable::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return by_id_.size();
}

}  // namespace odmcp
