#include "host/protocol/stream_limits.h"

namespace odmcp {

StreamLimits::Verdict StreamLimits::Acquire(const std::string& tenant, Slot* slot) {
  {
    MutexLock lock(&mutex_);
    size_t& mine = by_tenant_[tenant];
    if (mine >= max_per_tenant_ || open_ >= max_total_) {
      const Verdict verdict = mine >= max_per_tenant_ ? Verdict::kTenantFull : Verdict::kServerFull;
      if (mine == 0) by_tenant_.erase(tenant);
      return verdict;
    }
    ++mine;
    ++open_;
  }
  *slot = std::shared_ptr<void>(nullptr, [self = shared_from_this(), tenant](void*) {
    self->Release(tenant);
  });
  return Verdict::kOpen;
}

void StreamLimits::Release(const std::string& tenant) {
  MutexLock lock(&mutex_);
  --open_;
  auto it = by_tenant_.find(tenant);
  if (it != by_tenant_.end() && --it->second == 0) by_tenant_.erase(it);
}

size_t StreamLimits::open() const {
  MutexLock lock(&mutex_);
  return open_;
}

}  // namespace odmcp
