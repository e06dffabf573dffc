#include "host/services/http_client/request_coalescer.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "host/services/http_client/deadline.h"

namespace odmcp {
namespace {

// How often a waiting follower looks at its cancelled() and deadline.
constexpr std::chrono::milliseconds kPollInterval(50);

// Whether a leader's outcome is the request's (and so every follower's)
// rather than its caller's own.
bool Shareable(odmcp_status status) {
  return status != ODMCP_CANCELLED && status != ODMCP_DEADLINE_EXCEEDED && status != ODMCP_INTERNAL;
}

}  // namespace

HttpOutcome RequestCoalescer::Run(const std::string& key, const Waiter& waiter,
                                  const std::function<HttpOutcome()>& fetch,
                                  const std::function<HttpOutcome(odmcp_status)>& abandon) {
  const bool may_cancel = waiter.cancelled != nullptr && *waiter.cancelled;
  while (true) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
      MutexLock lock(&mutex_);
      std::shared_ptr<Flight>& slot = flights_[key];
      if (slot == nullptr) {
        slot = std::make_shared<Flight>();
        leader = true;
      }
      flight = slot;
    }
    if (leader) return Lead(key, flight, fetch);

    while (true) {
      // Outside the flight's lock: cancelled() is the caller's code.
      if (may_cancel && (*waiter.cancelled)()) return abandon(ODMCP_CANCELLED);
      const int64_t left = MsUntil(waiter.deadline_unix_ms);
      if (left <= 0) return abandon(ODMCP_DEADLINE_EXCEEDED);
      const auto slice = std::chrono::milliseconds(std::min<int64_t>(left, kPollInterval.count()));
      MutexLock lock(&flight->mutex);
      if (!flight->done) flight->finished.WaitFor(&flight->mutex, slice);
      if (flight->done) break;
    }
    MutexLock lock(&flight->mutex);
    if (Shareable(flight->outcome.status)) {
      HttpOutcome outcome = flight->outcome;
      outcome.coalesced = true;
      return outcome;
    }
  }
}

HttpOutcome RequestCoalescer::Lead(const std::string& key, const std::shared_ptr<Flight>& flight,
                                   const std::function<HttpOutcome()>& fetch) {
  // Followers must be released even if fetch throws; they then see an
  // outcome they do not share, and run the request themselves.
  struct Publisher {
    RequestCoalescer* self;
    const std::string& key;
    const std::shared_ptr<Flight>& flight;
    HttpOutcome outcome{ODMCP_INTERNAL, "the request ended without an outcome", nullptr, false};
    ~Publisher() { self->Publish(key, flight, std::move(outcome)); }
  } publisher{this, key, flight};
  publisher.outcome = fetch();
  return publisher.outcome;
}

void RequestCoalescer::Publish(const std::string& key, const std::shared_ptr<Flight>& flight, HttpOutcome outcome) {
  {
    // Forget the flight first, so that a request arriving from now on
    // runs anew rather than reading a finished outcome.
    MutexLock lock(&mutex_);
    const auto it = flights_.find(key);
    if (it != flights_.end() && it->second == flight) flights_.erase(it);
  }
  MutexLock lock(&flight->mutex);
  flight->outcome = std::move(outcome);
  flight->done = true;
  flight->finished.SignalAll();
}

}  // namespace odmcp
