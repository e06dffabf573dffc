#include "host/common/blocking_region.h"

namespace odmcp {
namespace {

thread_local BlockingObserver* observer_of_this_thread = nullptr;
thread_local bool inside_region = false;

// The observer to tell about a region starting now: none when a region is
// already open on this thread.
BlockingObserver* Enter() {
  if (inside_region || observer_of_this_thread == nullptr) return nullptr;
  inside_region = true;
  observer_of_this_thread->EnteredBlocking();
  return observer_of_this_thread;
}

}  // namespace

BlockingRegion::BlockingRegion() : observer_(Enter()) {}

BlockingRegion::~BlockingRegion() {
  if (observer_ == nullptr) return;
  inside_region = false;
  observer_->LeftBlocking();
}

void BlockingRegion::ObserveThisThread(BlockingObserver* observer) {
  observer_of_this_thread = observer;
}

}  // namespace odmcp
