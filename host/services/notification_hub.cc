#include "host/services/notification_hub.h"

#include <vector>

#include "host/common/json.h"

namespace odmcp {

std::string_view ChangeMethod(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kToolsList:
      return "notifications/tools/list_changed";
    case ChangeKind::kPromptsList:
      return "notifications/prompts/list_changed";
    case ChangeKind::kResourcesList:
      return "notifications/resources/list_changed";
    case ChangeKind::kResourceUpdated:
      return "notifications/resources/updated";
  }
  return {};
}

std::string ChangeNotification(const Change& change, std::string_view subscription_id_json) {
  std::string out = R"({"jsonrpc":"2.0","method":)" + QuoteJson(ChangeMethod(change.kind));
  const bool updated = change.kind == ChangeKind::kResourceUpdated;
  if (!updated && subscription_id_json.empty()) return out + "}";
  out += R"(,"params":{)";
  if (updated) out += R"("uri":)" + QuoteJson(change.uri);
  if (!subscription_id_json.empty()) {
    if (updated) out += ',';
    out += R"("_meta":{"io.modelcontextprotocol/subscriptionId":)";
    out.append(subscription_id_json);
    out += '}';
  }
  return out + "}}";
}

uint64_t NotificationHub::Add(Listener listener) {
  MutexLock lock(&mutex_);
  const uint64_t id = next_id_++;
  listeners_.emplace(id, std::make_shared<Listener>(std::move(listener)));
  return id;
}

void NotificationHub::Remove(uint64_t id) {
  MutexLock lock(&mutex_);
  listeners_.erase(id);
  // A Publish() that copied the listener may still be calling it.
  while (publishing_ != 0) idle_.Wait(&mutex_);
}

void NotificationHub::Publish(const Change& change) {
  std::vector<std::shared_ptr<Listener>> listeners;
  {
    MutexLock lock(&mutex_);
    listeners.reserve(listeners_.size());
    for (const auto& [id, listener] : listeners_) listeners.push_back(listener);
    ++publishing_;
  }
  for (const auto& listener : listeners) (*listener)(change);
  MutexLock lock(&mutex_);
  if (--publishing_ == 0) idle_.SignalAll();
}

size_t NotificationHub::listeners() const {
  MutexLock lock(&mutex_);
  return listeners_.size();
}

}  // namespace odmcp
