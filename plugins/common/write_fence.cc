#include "plugins/common/write_fence.h"

namespace odmcp::orderdesk {

uint64_t WriteFence::Epoch(std::string_view store_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = epochs_.find(std::string(store_id));
  return it == epochs_.end() ? 0 : it->second;
}

uint64_t WriteFence::Advance(std::string_view store_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return ++epochs_[std::string(store_id)];
}

}  // namespace odmcp::orderdesk
