// NotificationHub: changes that connected clients may want to hear about
// (a list of tools, prompts or resources changed; a resource changed), and
// the listeners that turn them into notifications for one client each: a
// legacy session's GET stream or stdout, or a 2026 subscriptions/listen
// stream.
//
// Publish() calls every listener on the publishing thread; a listener
// decides whether its client wants the change and queues (or writes) the
// notification without waiting for the client.
//
// Thread safety: every method may be called from any thread. A listener may
// be removed while a change is being published; Remove() returns only once
// no call of that listener is running, so whatever it captured may go.
#ifndef ODMCP_HOST_SERVICES_NOTIFICATION_HUB_H_
#define ODMCP_HOST_SERVICES_NOTIFICATION_HUB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "host/common/mutex.h"

namespace odmcp {

enum class ChangeKind { kToolsList, kPromptsList, kResourcesList, kResourceUpdated };

struct Change {
  ChangeKind kind;
  std::string uri;  // kResourceUpdated only
};

// The notification method that reports `kind`, e.g.
// "notifications/tools/list_changed".
std::string_view ChangeMethod(ChangeKind kind);

// The JSON-RPC notification for `change`. `subscription_id_json`, when not
// empty, is the listen request's id, added as
// _meta["io.modelcontextprotocol/subscriptionId"] (2026 era).
std::string ChangeNotification(const Change& change, std::string_view subscription_id_json = {});

class NotificationHub {
 public:
  using Listener = std::function<void(const Change&)>;

  // Adds a listener; returns its id for Remove().
  uint64_t Add(Listener listener);
  void Remove(uint64_t id);
  void Publish(const Change& change);
  size_t listeners() const;

 private:
  mutable Mutex mutex_;
  CondVar idle_;  // publishing_ fell to 0
  std::map<uint64_t, std::shared_ptr<Listener>> listeners_ GUARDED_BY(mutex_);
  uint64_t next_id_ GUARDED_BY(mutex_) = 1;
  int publishing_ GUARDED_BY(mutex_) = 0;  // Publish() calls iterating outside the lock
};

// Removes its listener when destroyed.
class HubListener {
 public:
  HubListener() = default;
  HubListener(NotificationHub* hub, NotificationHub::Listener listener)
      : hub_(hub), id_(hub == nullptr ? 0 : hub->Add(std::move(listener))) {}
  HubListener(const HubListener&) = delete;
  HubListener& operator=(const HubListener&) = delete;
  ~HubListener() {
    if (hub_ != nullptr) hub_->Remove(id_);
  }

 private:
  NotificationHub* hub_ = nullptr;
  uint64_t id_ = 0;
};

}  // namespace odmcp

#endif  // ODMCP_HOST_SERVICES_NOTIFICATION_HUB_H_
